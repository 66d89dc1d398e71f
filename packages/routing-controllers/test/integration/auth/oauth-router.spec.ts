import { expect } from 'chai';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createJwtAuthenticator,
  createSigningKeyRing,
  createTokenEndpoint,
  MemoryOAuthClientStore,
  registerOAuthClient,
} from '@bulwark/auth';
import { Authorize } from '@bulwark/core';
import { createBruteForceGuard } from '@bulwark/rate-limit';
import {
  createOAuthRouter,
  metadataPath,
  useBulwark,
  type BulwarkApp,
} from '@bulwark/routing-controllers';
import express from 'express';
import { Get, JsonController } from 'routing-controllers';
import { permissions, RecordingAudit } from '../fixtures';

const FAST = { N: 1024, r: 8, p: 1 };

@JsonController('/reports')
class ReportsController {
  @Get('/')
  @Authorize({ scopes: ['reports:read'] })
  list(): { items: string[] } {
    return { items: ['q1'] };
  }
}

describe('createOAuthRouter', () => {
  let server: Server;
  let bulwark: BulwarkApp;
  let base: string;
  let secret: string;
  let clients: MemoryOAuthClientStore;
  let audit: RecordingAudit;
  let tokenAudit: RecordingAudit;
  const guard = createBruteForceGuard({ store: 'memory', pairLimit: 5 });

  before(async () => {
    clients = new MemoryOAuthClientStore();
    ({ clientSecret: secret } = await registerOAuthClient(clients, {
      id: 'reporting',
      name: 'Reporting job',
      allowedScopes: ['reports:read', 'reports:write'],
      hashParams: FAST,
    }));
    await registerOAuthClient(clients, {
      id: 'no-reports',
      name: 'Other',
      allowedScopes: ['other'],
      hashParams: FAST,
    });
    const keys = createSigningKeyRing();
    const app = express();
    server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const endpoint = createTokenEndpoint({
      issuer: base,
      audience: 'reports-api',
      clients,
      keys,
      hashParams: FAST,
      throttle: guard,
    });
    audit = new RecordingAudit();
    tokenAudit = new RecordingAudit();
    bulwark = useBulwark(
      app,
      {
        controllers: [ReportsController],
        permissions,
        authenticators: [
          createJwtAuthenticator({
            issuer: base,
            audience: 'reports-api',
            key: { jwks: () => keys.jwks() },
            requireType: 'at+jwt',
          }),
        ],
        audit,
      },
      { mount: (a) => a.use(createOAuthRouter({ endpoint, audit: tokenAudit })) },
    );
  });

  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await bulwark.close();
    await guard.close();
  });

  const tokenRequest = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body,
    });
  const basicAuth = (id: string, s: string) => ({
    authorization: `Basic ${Buffer.from(`${id}:${s}`).toString('base64')}`,
  });

  describe('POST /oauth/token', () => {
    it('issues a token that the API accepts', async () => {
      const response = await tokenRequest(
        'grant_type=client_credentials&scope=reports:read',
        basicAuth('reporting', secret),
      );
      expect(response.status).to.equal(200);
      expect(response.headers.get('cache-control')).to.equal('no-store');
      expect(response.headers.get('content-type')).to.match(/^application\/json/);
      const body = (await response.json()) as Record<string, unknown>;
      expect(body).to.include({ token_type: 'Bearer', expires_in: 3600, scope: 'reports:read' });
      const api = await fetch(`${base}/reports`, {
        headers: { authorization: `Bearer ${body['access_token'] as string}` },
      });
      expect(api.status).to.equal(200);
      expect(await api.json()).to.deep.equal({ items: ['q1'] });
    });

    it('records the issuance durably with the client as actor', async () => {
      await tokenRequest('grant_type=client_credentials', basicAuth('reporting', secret));
      const last = tokenAudit.events.at(-1);
      expect(last?.durable).to.equal(true);
      expect(last?.event).to.deep.include({
        action: 'oauth.token.issued',
        outcome: 'allowed',
        status: 200,
      });
      expect(last?.event.actor).to.deep.equal({ id: 'reporting', kind: 'client' });
      expect(JSON.stringify(last?.event)).to.not.include(secret);
    });

    it('answers a wrong secret with 401 invalid_client and records the reason, not the secret', async () => {
      const response = await tokenRequest(
        'grant_type=client_credentials',
        basicAuth('reporting', 'wrong-secret'),
      );
      expect(response.status).to.equal(401);
      expect(response.headers.get('www-authenticate')).to.equal(
        'Basic realm="oauth", charset="UTF-8"',
      );
      expect(await response.json()).to.deep.equal({
        error: 'invalid_client',
        error_description: 'Client authentication failed.',
        code: 'ERR_OAUTH_INVALID_CLIENT',
      });
      const last = tokenAudit.events.at(-1)?.event;
      expect(last?.reason).to.equal('ERR_OAUTH_INVALID_CLIENT: oauth.secret-wrong');
      expect(JSON.stringify(last)).to.not.include('wrong-secret');
    });

    it('locks out a client id guessed from one address with 429 and Retry-After', async () => {
      await registerOAuthClient(clients, {
        id: 'target',
        name: 'T',
        allowedScopes: [],
        hashParams: FAST,
      });
      for (let i = 0; i < 5; i += 1) {
        const guess = await tokenRequest(
          'grant_type=client_credentials',
          basicAuth('target', `guess-${i}`),
        );
        expect(guess.status).to.equal(401);
      }
      const locked = await tokenRequest(
        'grant_type=client_credentials',
        basicAuth('target', 'guess-5'),
      );
      expect(locked.status).to.equal(429);
      expect(Number(locked.headers.get('retry-after'))).to.be.greaterThan(0);
      expect(((await locked.json()) as { error: string }).error).to.equal('slow_down');
    });

    it('answers an oversized body in the OAuth format', async () => {
      const response = await tokenRequest(
        `grant_type=client_credentials&pad=${'x'.repeat(10_000)}`,
      );
      expect(response.status).to.equal(400);
      expect(((await response.json()) as { error: string }).error).to.equal('invalid_request');
    });

    it('does not hand out a token whose issuance cannot be recorded', async () => {
      tokenAudit.isFailing = true;
      try {
        const response = await tokenRequest(
          'grant_type=client_credentials',
          basicAuth('reporting', secret),
        );
        expect(response.status).to.equal(503);
        const text = await response.text();
        expect(text).to.include('ERR_AUDIT_UNAVAILABLE');
        expect(text).to.not.include('access_token');
      } finally {
        tokenAudit.isFailing = false;
      }
    });
  });

  describe('protected routes', () => {
    it('answer 403 insufficient_scope for a token without the scope', async () => {
      const issued = await tokenRequest(
        'grant_type=client_credentials&scope=reports:write',
        basicAuth('reporting', secret),
      );
      const token = ((await issued.json()) as { access_token: string }).access_token;
      const api = await fetch(`${base}/reports`, { headers: { authorization: `Bearer ${token}` } });
      expect(api.status).to.equal(403);
      expect(api.headers.get('www-authenticate')).to.include('error="insufficient_scope"');
    });

    it('answer 401 invalid_token for a forged token', async () => {
      const api = await fetch(`${base}/reports`, {
        headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.' },
      });
      expect(api.status).to.equal(401);
      expect(api.headers.get('www-authenticate')).to.equal('Bearer error="invalid_token"');
    });
  });

  describe('well-known routes', () => {
    it('publish the key set without private parts', async () => {
      const response = await fetch(`${base}/.well-known/jwks.json`);
      expect(response.status).to.equal(200);
      const jwks = (await response.json()) as { keys: Array<Record<string, unknown>> };
      expect(jwks.keys).to.have.length(1);
      expect(jwks.keys[0]).to.not.have.property('d');
      expect(jwks.keys[0]).to.include({ alg: 'ES256', use: 'sig' });
    });

    it('publish RFC 8414 metadata pointing at this server', async () => {
      const response = await fetch(`${base}/.well-known/oauth-authorization-server`);
      const metadata = (await response.json()) as Record<string, unknown>;
      expect(metadata).to.include({
        issuer: base,
        token_endpoint: `${base}/oauth/token`,
        jwks_uri: `${base}/.well-known/jwks.json`,
      });
    });
  });

  describe('metadataPath', () => {
    it('appends the issuer path after the well-known prefix (RFC 8414 §3)', () => {
      expect(metadataPath('https://as.test')).to.equal('/.well-known/oauth-authorization-server');
      expect(metadataPath('https://as.test/tenant/a/')).to.equal(
        '/.well-known/oauth-authorization-server/tenant/a',
      );
    });
  });
});
