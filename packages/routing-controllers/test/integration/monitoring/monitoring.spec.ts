import { expect } from 'chai';
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import { Authorize, Public, RateLimit } from '@bulwark/core';
import {
  BulwarkMetrics,
  createMetricsHandler,
  createRequestLog,
  monitorRequests,
  SuspiciousActivityDetector,
  useBulwark,
  type RequestObserver,
} from '@bulwark/routing-controllers';
import { IsOptional, IsString } from 'class-validator';
import express from 'express';
import pino from 'pino';
import { Body, Get, JsonController, Post } from 'routing-controllers';
import { headerAuthenticator, permissions, RecordingAudit } from '../fixtures';

class WatchedInput {
  @IsOptional()
  @IsString()
  title?: string;
}

@JsonController('/watched')
class WatchedController {
  @Get('/')
  @Authorize('read', 'Thing', { list: true })
  list(): { items: string[] } {
    return { items: [] };
  }

  @Post('/')
  @Authorize('create', 'Thing')
  create(@Body() _input: WatchedInput): { ok: boolean } {
    return { ok: true };
  }

  @Get('/limited')
  @Public()
  @RateLimit({ limit: 1, window: '1m', key: 'ip' })
  limited(): { ok: boolean } {
    return { ok: true };
  }
}

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789abcdef';
const SECRET_TOKEN = 'Bearer super-secret-credential-9f8e7d';

describe('monitoring on a running app', () => {
  const lines: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  const audit = new RecordingAudit();
  const metrics = new BulwarkMetrics({ collectProcessMetrics: false });
  const detector = new SuspiciousActivityDetector({ threshold: 1000, audit });
  let running: { url: string; close(): Promise<void> };
  let url: string;

  /** Serves the watched controller with the detector and observers, on a free loopback port. */
  async function serve(
    watcher: SuspiciousActivityDetector,
    observers: RequestObserver[],
  ): Promise<{ url: string; close(): Promise<void> }> {
    const app = express();
    const secured = useBulwark(
      app,
      {
        controllers: [WatchedController],
        permissions,
        authenticators: watcher.guard([headerAuthenticator]),
        audit,
      },
      {
        mount: (mounted) => {
          mounted.use(watcher.middleware(), monitorRequests([...observers, watcher]));
          mounted.get('/metrics', createMetricsHandler({ metrics, bearerToken: METRICS_TOKEN }));
          mounted.get(
            '/metrics-by-role',
            createMetricsHandler({
              metrics,
              authenticators: [headerAuthenticator],
              roles: ['ops'],
            }),
          );
        },
      },
    );
    const server: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    return {
      url: `http://127.0.0.1:${port}`,
      close: async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await secured.close();
      },
    };
  }

  before(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        raw.push(chunk.toString());
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    running = await serve(detector, [createRequestLog(pino(destination)), metrics]);
    url = running.url;
  });

  after(async () => {
    await running.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${url}${path}`, { headers });

  /** Waits until the response's 'finish' listeners ran: they run before the next request is read. */
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  describe('request log', () => {
    it('writes route, status, principal id, duration and request id', async () => {
      const res = await get('/watched', { 'x-test-user': 'ann:reader' });
      await settle();

      const line = lines.find((l) => l.requestId === res.headers.get('x-request-id'));
      expect(line).to.include({
        route: 'WatchedController.list',
        method: 'GET',
        status: 200,
        principalId: 'ann',
        decision: 'allowed',
      });
      expect(line?.durationMs).to.be.a('number');
    });

    it('never writes credentials, bodies or query strings', async () => {
      const res = await fetch(`${url}/watched?token=query-secret-5566`, {
        method: 'POST',
        headers: {
          authorization: SECRET_TOKEN,
          cookie: 'sid=cookie-secret-7788',
          'content-type': 'application/json',
          'x-test-user': 'ann:reader',
        },
        body: JSON.stringify({ password: 'body-secret-1122' }),
      });
      await settle();

      expect(lines.some((l) => l.requestId === res.headers.get('x-request-id'))).to.equal(true);
      const text = raw.join('');
      for (const secret of [
        'super-secret-credential',
        'cookie-secret',
        'body-secret',
        'query-secret',
      ]) {
        expect(text).to.not.include(secret);
      }
    });
  });

  describe('metrics endpoint', () => {
    it('refuses a scrape without a token with a problem document', async () => {
      const res = await get('/metrics');

      expect(res.status).to.equal(401);
      expect(res.headers.get('content-type')).to.include('application/problem+json');
      expect(((await res.json()) as { code: string }).code).to.equal('ERR_AUTHN_REQUIRED');
    });

    it('refuses a wrong token', async () => {
      const res = await get('/metrics', { authorization: `Bearer ${METRICS_TOKEN}x` });

      expect(((await res.json()) as { code: string }).code).to.equal('ERR_AUTHN_INVALID');
    });

    it('serves requests, denials, authentication failures and refusals by route', async () => {
      await get('/watched', { 'x-test-user': 'bob:nobody' });
      await get('/watched', { 'x-test-user': 'bad' });
      await get('/watched/limited');
      await get('/watched/limited');
      await settle();

      const res = await get('/metrics', { authorization: `Bearer ${METRICS_TOKEN}` });
      const text = await res.text();

      expect(res.status).to.equal(200);
      expect(text).to.match(
        /bulwark_http_requests_total\{route="WatchedController.list",method="GET",status="200"\} \d+/,
      );
      expect(text).to.match(
        /bulwark_authorization_denials_total\{route="WatchedController.list"\} [1-9]/,
      );
      expect(text).to.match(
        /bulwark_authentication_failures_total\{route="WatchedController.list"\} [1-9]/,
      );
      expect(text).to.match(
        /bulwark_rate_limit_refusals_total\{route="WatchedController.limited"\} 1/,
      );
    });

    it('labels unknown paths as unmatched instead of echoing them', async () => {
      await get('/no-such-path-abc123');
      await settle();

      const text = await (
        await get('/metrics', { authorization: `Bearer ${METRICS_TOKEN}` })
      ).text();

      expect(text).to.include('route="unmatched"');
      expect(text).to.not.include('no-such-path-abc123');
    });

    context('when protected by a role', () => {
      it('serves a principal with the role and denies one without', async () => {
        const allowed = await get('/metrics-by-role', { 'x-test-user': 'ops1:ops' });
        const denied = await get('/metrics-by-role', { 'x-test-user': 'ann:reader' });

        expect(allowed.status).to.equal(200);
        expect(denied.status).to.equal(403);
        expect(((await denied.json()) as { code: string }).code).to.equal('ERR_AUTHZ_DENIED');
      });
    });
  });

  describe('suspicious activity', () => {
    it('records an event and blocks an actor after repeated denials', async () => {
      const blocking = new SuspiciousActivityDetector({ threshold: 3, blockMs: 60_000, audit });
      const other = await serve(blocking, []);
      try {
        for (let i = 0; i < 3; i += 1) {
          await fetch(`${other.url}/watched`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-test-user': 'eve:reader' },
            body: '{}',
          });
        }
        await settle();

        const blocked = await fetch(`${other.url}/watched`, {
          headers: { 'x-test-user': 'eve:reader' },
        });

        expect(blocked.status).to.equal(429);
        expect(blocked.headers.get('retry-after')).to.match(/^\d+$/);
        expect(((await blocked.json()) as { code: string }).code).to.equal('ERR_CLIENT_BLOCKED');
        const finding = audit.events.find((e) => e.event.action === 'security.suspicious');
        expect(finding?.event.actor).to.deep.equal({ id: 'eve', kind: 'user' });
      } finally {
        await other.close();
      }
    });
  });
});
