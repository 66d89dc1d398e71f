import { expect } from 'chai';
import { Authorize, Public } from '@bulwark/core';
import { useBulwark } from '@bulwark/routing-controllers';
import { IsString, MaxLength } from 'class-validator';
import express from 'express';
import { Body, Get, JsonController, Post, useExpressServer } from 'routing-controllers';
import { headerAuthenticator, permissions, RecordingAudit, start } from './fixtures';

class ThingInput {
  @IsString()
  @MaxLength(10)
  name!: string;
}

@JsonController('/things')
class ThingsController {
  @Get('/')
  @Authorize('read', 'Thing', { list: true })
  list(): { items: string[] } {
    return { items: ['a'] };
  }

  @Post('/')
  @Authorize('create', 'Thing')
  create(@Body() input: ThingInput): { name: string } {
    return { name: input.name };
  }

  @Get('/scoped')
  @Authorize({ scopes: ['things:write'] })
  scoped(): { ok: true } {
    return { ok: true };
  }

  @Get('/boom')
  @Public()
  boom(): never {
    throw new Error('database password=hunter2 at /srv/db.ts');
  }
}

@JsonController('/open')
class UndeclaredController {
  @Get('/')
  open(): string {
    return 'open';
  }
}

const post = (url: string, body: unknown, user = 'u1:admin') =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-test-user': user },
    body: JSON.stringify(body),
  });

describe('useBulwark', () => {
  context('when a route declares no policy', () => {
    it('refuses to start in strict mode, naming the route', () => {
      expect(() =>
        useBulwark(express(), {
          controllers: [UndeclaredController],
          permissions,
          authenticators: [headerAuthenticator],
          audit: false,
        }),
      )
        .to.throw()
        .that.satisfies(
          (error: { code: string; details: { routes: string[] } }) =>
            error.code === 'ERR_POLICY_MISSING' &&
            error.details.routes[0] === 'GET /open (UndeclaredController.open)',
        );
    });

    it('serves it as deny-all in non-strict mode', async () => {
      const started = await start({
        controllers: [UndeclaredController],
        strict: false,
        muteWarnings: ['W_POLICY_MISSING'],
      });
      try {
        const res = await fetch(`${started.url}/open`, { headers: { 'x-test-user': 'u1:admin' } });
        expect(res.status).to.equal(403);
      } finally {
        await started.close();
      }
    });
  });

  context('when the app is running', () => {
    const audit = new RecordingAudit();
    let started: Awaited<ReturnType<typeof start>>;

    before(async () => {
      started = await start({ controllers: [ThingsController], audit });
    });

    after(() => started.close());

    beforeEach(() => {
      audit.events.length = 0;
      audit.isFailing = false;
    });

    it('exposes the compiled policies', () => {
      expect(started.bulwark.policies.map((p) => `${p.method} ${p.path}`)).to.deep.equal([
        'GET /things',
        'POST /things',
        'GET /things/scoped',
        'GET /things/boom',
      ]);
      expect(started.bulwark.policy('ThingsController.create')?.validation.body).to.equal(
        ThingInput,
      );
    });

    it('validates with Bulwark and not with routing-controllers defaults', async () => {
      const res = await post(`${started.url}/things`, { name: 'x'.repeat(11) });
      const body = (await res.json()) as any;
      expect(res.status).to.equal(400);
      expect(body.code).to.equal('ERR_VALIDATION_FAILED');
      expect(body.details.errors[0]).to.include({ path: 'body.name', constraint: 'maxLength' });
    });

    it('refuses a role without the permission', async () => {
      const res = await post(`${started.url}/things`, { name: 'ok' }, 'u2:reader');
      expect(res.status).to.equal(403);
    });

    it('stops at an invalid credential instead of trying anonymous access', async () => {
      const res = await fetch(`${started.url}/things`, { headers: { 'x-test-user': 'bad' } });
      expect(res.status).to.equal(401);
      expect(((await res.json()) as any).code).to.equal('ERR_AUTHN_INVALID');
      expect(audit.events[0]?.event).to.include({
        action: 'authn.failure',
        outcome: 'denied',
        reason: 'ERR_AUTHN_INVALID: malformed',
      });
    });

    it('records a mutation durably before answering', async () => {
      const res = await post(`${started.url}/things`, { name: 'ok' });
      expect(res.status).to.equal(200);
      expect(audit.events).to.have.length(1);
      expect(audit.events[0]).to.deep.include({ durable: true });
      expect(audit.events[0]?.event).to.include({
        action: 'ThingsController.create',
        outcome: 'allowed',
        route: 'ThingsController.create',
      });
    });

    it('answers 503 instead of acting unaudited when the audit store fails', async () => {
      audit.isFailing = true;
      const res = await post(`${started.url}/things`, { name: 'ok' });
      expect(res.status).to.equal(503);
      expect(((await res.json()) as any).code).to.equal('ERR_AUDIT_UNAVAILABLE');
    });

    it('hides the detail of a failure and keeps the request id', async () => {
      const res = await fetch(`${started.url}/things/boom`);
      const text = await res.text();
      expect(res.status).to.equal(500);
      expect(text).to.not.include('hunter2').and.to.not.include('/srv/').and.to.not.include('at ');
      expect(JSON.parse(text).requestId).to.equal(res.headers.get('x-request-id'));
    });

    it('refuses a token without a required scope with an RFC 6750 challenge', async () => {
      const res = await fetch(`${started.url}/things/scoped`, {
        headers: { 'x-test-user': 'u1:admin' },
      });
      expect(res.status).to.equal(403);
      expect(((await res.json()) as any).code).to.equal('ERR_AUTHZ_SCOPE_INSUFFICIENT');
      expect(res.headers.get('www-authenticate')).to.match(/^Bearer .*error="insufficient_scope"/);
      expect(res.headers.get('www-authenticate')).to.include('scope="things:write"');
    });

    it('marks authenticated answers uncacheable', async () => {
      const res = await fetch(`${started.url}/things`, { headers: { 'x-test-user': 'u1:reader' } });
      expect(res.status).to.equal(200);
      expect(res.headers.get('cache-control')).to.equal('no-store');
    });
  });

  context('when the audit failure policy is continue', () => {
    it('answers the mutation and logs the failure', async () => {
      const audit = new RecordingAudit();
      audit.isFailing = true;
      const errors: unknown[] = [];
      const logger = {
        debug() {},
        info() {},
        warn() {},
        error: (_m: string, fields: unknown) => errors.push(fields),
      };
      const started = await start({
        controllers: [ThingsController],
        audit,
        onAuditFailure: 'continue',
        logger,
      });
      try {
        expect((await post(`${started.url}/things`, { name: 'ok' })).status).to.equal(200);
        expect(errors).to.have.length(1);
      } finally {
        await started.close();
      }
    });
  });

  context('when stack traces are exposed explicitly', () => {
    it('includes the stack of a server fault', async () => {
      const started = await start({ controllers: [ThingsController], exposeStackTraces: true });
      try {
        const body = (await (await fetch(`${started.url}/things/boom`)).json()) as any;
        expect(body.stack).to.include('Error: database password');
      } finally {
        await started.close();
      }
    });
  });

  context('when the same controllers serve several apps', () => {
    it('enforces each app with its own runtime', async () => {
      const strictAudit = new RecordingAudit();
      const first = await start({ controllers: [ThingsController], audit: strictAudit });
      const second = await start({
        controllers: [ThingsController],
        audit: false,
        muteWarnings: ['W_AUDIT_DISABLED'],
      });
      try {
        expect((await post(`${second.url}/things`, { name: 'ok' })).status).to.equal(200);
        expect(strictAudit.events).to.have.length(0);
        expect((await post(`${first.url}/things`, { name: 'ok' })).status).to.equal(200);
        expect(strictAudit.events).to.have.length(1);
      } finally {
        await first.close();
        await second.close();
      }
    });

    it('refuses requests on an app that registered them without Bulwark', async () => {
      await start({ controllers: [ThingsController] }).then((s) => s.close());
      const bare = express();
      useExpressServer(bare, { controllers: [ThingsController], defaultErrorHandler: false });
      bare.use(
        (_e: unknown, _q: unknown, res: express.Response, _n: unknown) =>
          void res.status(500).end(),
      );
      const server = bare.listen(0, '127.0.0.1');
      await new Promise((r) => server.once('listening', r));
      try {
        const { port } = server.address() as { port: number };
        const res = await fetch(`http://127.0.0.1:${port}/things`, {
          headers: { 'x-test-user': 'u1:admin' },
        });
        expect(res.status).to.equal(500);
      } finally {
        server.close();
      }
    });
  });
});
