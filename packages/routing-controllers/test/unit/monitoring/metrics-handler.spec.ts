import { expect } from 'chai';
import type { Authenticator } from '@bulwark/auth';
import { isBulwarkError } from '@bulwark/core';
import {
  BulwarkMetrics,
  createMetricsHandler,
  type MetricsHandlerOptions,
} from '@bulwark/routing-controllers';
import type { NextFunction, Request, Response } from 'express';

const TOKEN = 'a-metrics-token-long-enough-0123456789';

interface Served {
  readonly error: unknown;
  readonly status: number | null;
  readonly body: string | null;
  readonly headers: Record<string, string>;
}

/** Calls the handler with a fake exchange and resolves with what it did. */
function serve(options: MetricsHandlerOptions, headers: Record<string, string>): Promise<Served> {
  return new Promise((resolve) => {
    const sent: Record<string, string> = {};
    const response = {
      set: (name: string, value: string) => ((sent[name] = value), response),
      type: (value: string) => ((sent['content-type'] = value), response),
      send: (body: string) => resolve({ error: undefined, status: 200, body, headers: sent }),
    } as unknown as Response;
    const next = ((error: unknown) =>
      resolve({ error, status: null, body: null, headers: sent })) as NextFunction;
    createMetricsHandler(options)({ headers, query: {} } as Request, response, next);
  });
}

function configProblems(options: Partial<MetricsHandlerOptions>): string[] {
  try {
    createMetricsHandler({
      metrics: new BulwarkMetrics({ collectProcessMetrics: false }),
      ...options,
    });
    return [];
  } catch (error) {
    expect(isBulwarkError(error) && error.code).to.equal('ERR_CONFIG_INVALID');
    return (error as { details: { problems: string[] } }).details.problems;
  }
}

describe('createMetricsHandler', () => {
  const metrics = new BulwarkMetrics({ collectProcessMetrics: false });

  context('when protected by a bearer token', () => {
    it('serves the Prometheus text to the right token, uncached', async () => {
      const served = await serve(
        { metrics, bearerToken: TOKEN },
        { authorization: `Bearer ${TOKEN}` },
      );

      expect(served.body).to.include('bulwark_http_requests_total');
      expect(served.headers['content-type']).to.include('text/plain');
      expect(served.headers['Cache-Control']).to.equal('no-store');
    });

    it('refuses a request without a token with ERR_AUTHN_REQUIRED', async () => {
      const served = await serve({ metrics, bearerToken: TOKEN }, {});

      expect(isBulwarkError(served.error) && served.error.code).to.equal('ERR_AUTHN_REQUIRED');
      expect(served.body).to.equal(null);
    });

    it('refuses a wrong or truncated token with ERR_AUTHN_INVALID', async () => {
      for (const token of [`${TOKEN}x`, TOKEN.slice(0, -1), 'x']) {
        const served = await serve(
          { metrics, bearerToken: TOKEN },
          { authorization: `Bearer ${token}` },
        );
        expect(isBulwarkError(served.error) && served.error.code).to.equal('ERR_AUTHN_INVALID');
      }
    });

    it('accepts a prom-client registry directly', async () => {
      const served = await serve(
        { metrics: metrics.registry, bearerToken: TOKEN },
        { authorization: `Bearer ${TOKEN}` },
      );

      expect(served.status).to.equal(200);
    });
  });

  context('when protected by a role', () => {
    const authenticator: Authenticator = {
      scheme: 'test',
      challenge: 'Test realm="metrics"',
      authenticate: async ({ headers }) => {
        const role = headers['x-role'];
        if (typeof role !== 'string') return null;
        return { id: 'p', kind: 'user', roles: [role], scopes: [], attributes: {}, scheme: 'test' };
      },
    };
    const options = { metrics, authenticators: [authenticator], roles: ['ops'] };

    it('serves a principal holding the role', async () => {
      expect((await serve(options, { 'x-role': 'ops' })).status).to.equal(200);
    });

    it('denies a principal without the role with ERR_AUTHZ_DENIED', async () => {
      const served = await serve(options, { 'x-role': 'viewer' });

      expect(isBulwarkError(served.error) && served.error.code).to.equal('ERR_AUTHZ_DENIED');
    });

    it('asks for a credential with the authenticators challenge', async () => {
      const served = await serve(options, {});

      expect(isBulwarkError(served.error) && served.error.code).to.equal('ERR_AUTHN_REQUIRED');
      expect((served.error as { headers: Record<string, string> }).headers).to.deep.equal({
        'WWW-Authenticate': 'Test realm="metrics"',
      });
    });
  });

  context('when no protection is configured', () => {
    it('refuses to build a public metrics endpoint', () => {
      expect(configProblems({})).to.have.length(1);
    });

    it('refuses a short token, both protections at once, and empty roles', () => {
      expect(configProblems({ bearerToken: 'short' })).to.have.length(1);
      expect(configProblems({ bearerToken: TOKEN, authenticators: [], roles: [] })).to.have.length(
        2,
      );
    });
  });
});
