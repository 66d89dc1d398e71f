import { expect } from 'chai';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolveScope } from '../../../../src/probe/http/base-url';
import { ScopedClient } from '../../../../src/probe/http/scoped-client';
import { judge } from '../../../../src/probe/engine/judge';
import { ProbeSession } from '../../../../src/probe/engine/probe-session';
import { ResultBook } from '../../../../src/probe/engine/results';
import { actor, config, route, target } from './fixtures';

const SAFE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

describe('ProbeSession', () => {
  let server: Server;
  let port: number;
  const seen: IncomingMessage[] = [];
  const limited = route({
    rateLimits: [
      {
        name: 'per-user',
        limit: 2,
        windowSeconds: 60,
        algorithm: 'fixed-window',
        key: 'principal',
        cost: 1,
        scope: 'route',
      },
    ],
  });

  before(async () => {
    server = createServer((request, response) => {
      seen.push(request);
      const problem = (status: number, code: string) => {
        response.writeHead(status, { ...SAFE_HEADERS, 'content-type': 'application/problem+json' });
        response.end(JSON.stringify({ status, code }));
      };
      if (request.url === '/hang') return;
      if (request.url === '/limited') return problem(429, 'ERR_RATE_LIMITED');
      if (request.url === '/leaky') {
        response.writeHead(500, { 'content-type': 'text/html', 'x-powered-by': 'Express' });
        response.end('Error: boom\n    at handler (/srv/app/routes.js:12:5)');
        return;
      }
      problem(403, 'ERR_AUTHZ_DENIED');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  after(() => {
    server.closeAllConnections();
    server.close();
  });

  async function session(allowWrites: boolean): Promise<ProbeSession> {
    const client = new ScopedClient(await resolveScope(`http://127.0.0.1:${port}`, false), {
      maxRequests: 50,
      deadline: Date.now() + 30_000,
      requestTimeoutMs: 300,
    });
    const routes = [route(), limited];
    return new ProbeSession(
      client,
      target(routes),
      config(),
      [actor('erin', ['editor'])],
      new ResultBook(routes),
      allowWrites,
    );
  }

  describe('#send', () => {
    it('sends no write without --allow-writes', async () => {
      const before = seen.length;

      const outcome = await (await session(false)).send(route(), { path: '/notes/1' });

      expect(outcome).to.deep.include({ sent: false });
      expect(seen.length).to.equal(before);
    });

    it('sends nothing past a rate limit the policy declares', async () => {
      const probe = await session(true);
      const erin = probe.actors[0]!;
      await probe.send(limited, { path: '/x', actor: erin });
      await probe.send(limited, { path: '/x', actor: erin });

      const third = await probe.send(limited, { path: '/x', actor: erin });
      const deliberate = await probe.send(limited, { path: '/x', actor: erin, ignoreQuota: true });

      expect(third.sent).to.equal(false);
      expect(deliberate.sent).to.equal(true);
    });

    it('reports evidence without the credential and inspects every answer', async () => {
      const probe = await session(true);

      const outcome = await probe.send(route(), { path: '/leaky', actor: probe.actors[0]! });

      expect(outcome.sent && outcome.evidence).to.deep.equal({
        method: 'PUT',
        path: '/leaky',
        status: 500,
        principal: 'erin',
      });
      const checks = probe.book.results()[0]?.checks ?? [];
      expect(checks.map((c) => [c.check, c.status])).to.deep.equal([
        ['response.error-leaks', 'fail'],
        ['response.problem-format', 'fail'],
        ['response.security-headers', 'fail'],
      ]);
      expect(JSON.stringify(checks)).to.not.include('token-of-erin');
    });
  });

  describe('judge', () => {
    it('passes the expected refusal and fails another', async () => {
      const probe = await session(true);
      const outcome = await probe.send(route(), { path: '/notes/1' });

      expect(
        judge(probe, route(), 'authz.function-level', outcome, {
          statuses: [403],
          codes: ['ERR_AUTHZ_DENIED'],
          attack: 'a',
        }),
      ).to.equal(true);
      expect(
        judge(probe, route(), 'authz.object-level', outcome, {
          statuses: [404],
          attack: 'eve on a note',
        }),
      ).to.equal(false);
      expect(
        judge(probe, route(), 'authn.no-credentials', outcome, {
          statuses: [403],
          codes: ['ERR_AUTHN_REQUIRED'],
          attack: 'b',
        }),
      ).to.equal(false);

      const checks = probe.book.results()[0]?.checks ?? [];
      const object = checks.find((c) => c.check === 'authz.object-level');
      expect(object?.failures[0]?.message).to.equal(
        'eve on a note: expected 404, got 403 ERR_AUTHZ_DENIED',
      );
      expect(checks.find((c) => c.check === 'authn.no-credentials')?.status).to.equal('fail');
    });

    it('skips an attempt a rate limit answered and fails one the app never answered', async () => {
      const probe = await session(true);
      const limitedOutcome = await probe.send(route(), { path: '/limited' });
      const hung = await probe.send(route(), { path: '/hang' });

      judge(probe, route(), 'input.deep-nesting', limitedOutcome, {
        statuses: [400],
        attack: 'deep',
      });
      judge(probe, route(), 'input.oversized-body', hung, { statuses: [413], attack: 'big' });

      const checks = probe.book.results()[0]?.checks ?? [];
      expect(checks.find((c) => c.check === 'input.deep-nesting')?.status).to.equal('skip');
      const big = checks.find((c) => c.check === 'input.oversized-body');
      expect(big?.status).to.equal('fail');
      expect(big?.failures[0]?.message).to.match(/^big: no answer/);
    });
  });
});
