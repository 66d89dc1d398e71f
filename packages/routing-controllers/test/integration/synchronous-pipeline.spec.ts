import { expect } from 'chai';
import { get, type Server } from 'node:http';
import type { Authenticator, CredentialRequest } from '@bulwark/auth';
import {
  Authorize,
  BulwarkError,
  createPrincipal,
  definePermissions,
  Public,
  RateLimit,
  type Logger,
  type Principal,
} from '@bulwark/core';
import { CurrentPrincipal, DEFAULTS } from '@bulwark/routing-controllers';
import { IsString, MaxLength } from 'class-validator';
import express from 'express';
import helmet from 'helmet';
import {
  Body,
  Get,
  Header,
  HttpCode,
  JsonController,
  Param,
  Post,
  UseInterceptor,
} from 'routing-controllers';
import { helmetOptions } from '../../src/transport/harden';
import { RecordingAudit, start, type Started } from './fixtures';

const permissions = definePermissions({
  subjects: { Gadget: { fields: ['id', 'ownerId', 'name'] } },
  roles: {
    owner: ({ can }, me) => {
      can('read', 'Gadget', { ownerId: me.id });
      can('create', 'Gadget');
    },
  },
});

const gadgets = new Map([
  ['g1', { id: 'g1', ownerId: 'ann', name: 'first' }],
  ['g2', { id: 'g2', ownerId: 'bob', name: 'second' }],
]);

/** Principals by `X-Test-User` id; any other value is a credential that fails verification. */
const principals: Readonly<Record<string, Principal>> = {
  ann: createPrincipal({ id: 'ann', kind: 'user', scheme: 'memory', roles: ['owner'] }),
  bob: createPrincipal({ id: 'bob', kind: 'user', scheme: 'memory', roles: ['owner'] }),
};

/** How many requests had to wait for `authenticate` (Bulwark freezes the authenticator). */
const counted = { waits: 0 };

/** Answers known users from memory. */
const memoryAuthenticator: Authenticator = {
  scheme: 'memory',
  challenge: 'Memory realm="tests"',
  authenticate(request: CredentialRequest) {
    counted.waits += 1;
    const id = request.headers['x-test-user'];
    if (id === undefined) return Promise.resolve(null);
    const principal = typeof id === 'string' ? principals[id] : undefined;
    if (principal === undefined) {
      return Promise.reject(
        new BulwarkError('ERR_AUTHN_INVALID', 'Bad test credential.', { reason: 'unknown' }),
      );
    }
    return Promise.resolve(principal);
  },
  authenticateNow(request: CredentialRequest) {
    const id = request.headers['x-test-user'];
    if (id === undefined) return null;
    return typeof id === 'string' ? principals[id] : undefined;
  },
};

class GadgetInput {
  @IsString()
  @MaxLength(10)
  name!: string;
}

@JsonController('/direct')
class DirectController {
  @Get('/me')
  @Authorize('read', 'Gadget', { list: true })
  me(@CurrentPrincipal() principal: Principal): object {
    return { id: principal.id, greeting: 'Grüße ✓ 日本' };
  }

  @Post('/gadgets')
  @HttpCode(201)
  @Header('X-Gadget', 'made')
  @Authorize('create', 'Gadget')
  create(@Body() input: GadgetInput): object {
    return { name: input.name };
  }

  @Get('/gadgets/:id')
  @Authorize('read', 'Gadget', { load: ({ params }) => gadgets.get(String(params.id)) ?? null })
  gadget(@Param('id') id: string): object {
    return { ...gadgets.get(id) };
  }

  @Get('/later/:id')
  @Authorize('read', 'Gadget', {
    deniedStatus: 403,
    load: ({ params }) =>
      new Promise((resolve) => setImmediate(() => resolve(gadgets.get(String(params.id))))),
  })
  later(@Param('id') id: string): object {
    return { ...gadgets.get(id) };
  }

  @Get('/limited')
  @Authorize('read', 'Gadget', { list: true })
  @RateLimit({ limit: 2, window: '1m', name: 'tight' })
  limited(): object {
    return { ok: true };
  }

  @Post('/wrapped-gadgets')
  @HttpCode(201)
  @Authorize('create', 'Gadget')
  @UseInterceptor((_action: unknown, content: unknown) => ({ wrapped: content }))
  createWrapped(@Body() input: GadgetInput): object {
    return { name: input.name };
  }

  @Get('/wrapped')
  @Authorize('read', 'Gadget', { list: true })
  @UseInterceptor((_action: unknown, content: unknown) => ({ wrapped: content }))
  wrapped(): object {
    return { inner: 1 };
  }

  @Get('/boom')
  @Authorize('read', 'Gadget', { list: true })
  boom(): object {
    throw new Error('handler failed after the pipeline');
  }

  @Get('/late-boom')
  @Authorize('read', 'Gadget', { list: true })
  async lateBoom(): Promise<object> {
    await new Promise((resolve) => setImmediate(resolve));
    throw new Error('handler failed later');
  }

  @Get('/open')
  @Public()
  open(): object {
    return { open: true };
  }

  @Get('/open-limited')
  @Public()
  @RateLimit({ limit: 1, window: '1m', key: 'ip', name: 'per-address' })
  openLimited(): object {
    return { open: true };
  }
}

/** A logger writing its error lines to `failures`, which stays outside the frozen options. */
function recordingLogger(failures: string[]): Logger {
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: (message, fields) => void failures.push(`${message} ${String(fields?.['requestId'])}`),
  };
}

const as = (user: string | null, headers: Record<string, string> = {}) =>
  user === null ? headers : { 'x-test-user': user, ...headers };

/** The headers helmet itself adds to an Express answer, with the options Bulwark uses. */
async function helmetHeaders(): Promise<Map<string, string>> {
  const answerOf = async (app: express.Application) => {
    app.get('/', (_request, response) => void response.json({}));
    const server: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const { port } = server.address() as { port: number };
      return (await fetch(`http://127.0.0.1:${port}/`)).headers;
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  };
  const withHelmet = express();
  withHelmet.use(
    helmet(
      helmetOptions({
        maxAge: DEFAULTS.hstsMaxAge,
        includeSubDomains: DEFAULTS.hstsIncludeSubDomains,
        preload: DEFAULTS.hstsPreload,
      }),
    ),
  );
  const helmeted = await answerOf(withHelmet);
  const bare = await answerOf(express());
  const added = new Map<string, string>();
  for (const [name, value] of helmeted) if (!bare.has(name)) added.set(name, value);
  return added;
}

describe('useBulwark', () => {
  context('when credentials, abilities and counters are in memory', () => {
    const audit = new RecordingAudit();
    const failures: string[] = [];
    let started: Started;

    before(async () => {
      started = await start({
        controllers: [DirectController],
        permissions,
        authenticators: [memoryAuthenticator],
        defaultSchemes: ['memory'],
        audit,
        logger: recordingLogger(failures),
      });
    });

    after(() => started.close());

    beforeEach(() => {
      counted.waits = 0;
      audit.events.length = 0;
      failures.length = 0;
    });

    context('with an authenticated JSON answer', () => {
      it('writes it uncacheable, without an ETag, with the exact JSON body', async () => {
        const res = await fetch(`${started.url}/direct/me`, { headers: as('ann') });
        const body = await res.text();

        expect(res.status).to.equal(200);
        expect(res.headers.get('cache-control')).to.equal('no-store');
        expect(res.headers.get('content-type')).to.equal('application/json; charset=utf-8');
        expect(res.headers.get('etag')).to.equal(null);
        expect(body).to.equal(JSON.stringify({ id: 'ann', greeting: 'Grüße ✓ 日本' }));
        expect(res.headers.get('content-length')).to.equal(String(Buffer.byteLength(body)));
        expect(counted.waits).to.equal(0);
      });

      it('answers the @HttpCode status and @Header of an audited mutation', async () => {
        const res = await fetch(`${started.url}/direct/gadgets`, {
          method: 'POST',
          headers: as('ann', { 'content-type': 'application/json' }),
          body: JSON.stringify({ name: 'new' }),
        });

        expect(res.status).to.equal(201);
        expect(res.headers.get('x-gadget')).to.equal('made');
        expect(res.headers.get('etag')).to.equal(null);
        expect(await res.text()).to.equal('{"name":"new"}');
        expect(audit.events).to.have.length(1);
        expect(audit.events[0]?.event).to.include({ outcome: 'allowed', status: 201 });
      });

      it('records the @HttpCode status of a mutation routing-controllers answers itself', async () => {
        const res = await fetch(`${started.url}/direct/wrapped-gadgets`, {
          method: 'POST',
          headers: as('ann', { 'content-type': 'application/json' }),
          body: JSON.stringify({ name: 'other' }),
        });

        expect(res.status).to.equal(201);
        expect(await res.json()).to.deep.equal({ wrapped: { name: 'other' } });
        expect(audit.events).to.have.length(1);
        expect(audit.events[0]?.event).to.include({ outcome: 'allowed', status: 201 });
      });

      it('answers HEAD with the headers and no body', async () => {
        const res = await fetch(`${started.url}/direct/me`, { method: 'HEAD', headers: as('ann') });

        expect(res.status).to.equal(200);
        expect(res.headers.get('content-length')).to.equal(
          String(Buffer.byteLength(JSON.stringify({ id: 'ann', greeting: 'Grüße ✓ 日本' }))),
        );
        expect(await res.text()).to.equal('');
      });

      it('serves an owner’s object through a loader that answers at once', async () => {
        const res = await fetch(`${started.url}/direct/gadgets/g1`, { headers: as('ann') });

        expect(res.status).to.equal(200);
        expect(await res.json()).to.deep.equal({ id: 'g1', ownerId: 'ann', name: 'first' });
      });

      it('serves an owner’s object through a loader that answers later', async () => {
        const res = await fetch(`${started.url}/direct/later/g2`, { headers: as('bob') });

        expect(res.status).to.equal(200);
        expect(await res.json()).to.deep.include({ id: 'g2', name: 'second' });
      });
    });

    context('with a route whose answer another interceptor changes', () => {
      it('applies that interceptor to the result', async () => {
        const res = await fetch(`${started.url}/direct/wrapped`, { headers: as('ann') });

        expect(res.status).to.equal(200);
        expect(res.headers.get('cache-control')).to.equal('no-store');
        expect(await res.json()).to.deep.equal({ wrapped: { inner: 1 } });
      });
    });

    context('with a public route', () => {
      it('keeps Express’s ETag and its conditional answer', async () => {
        const res = await fetch(`${started.url}/direct/open`);
        const etag = res.headers.get('etag');

        expect(res.status).to.equal(200);
        expect(etag).to.be.a('string').and.not.equal('');
        expect(res.headers.get('cache-control')).to.equal(null);
        // fetch turns a conditional request into a no-cache one, so node:http asks this one.
        const again = await new Promise<number | undefined>((resolve, reject) => {
          get(
            `${started.url}/direct/open`,
            { headers: { 'if-none-match': etag as string } },
            (r) => {
              r.resume();
              resolve(r.statusCode);
            },
          ).on('error', reject);
        });
        expect(again).to.equal(304);
      });
    });

    context('when the pipeline refuses', () => {
      async function problemOf(path: string, init: RequestInit = {}) {
        const res = await fetch(`${started.url}${path}`, init);
        return { res, body: (await res.json()) as { code: string; requestId: string } };
      }

      it('answers a missing credential with 401 and every challenge', async () => {
        const { res, body } = await problemOf('/direct/me');

        expect(res.status).to.equal(401);
        expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
        expect(res.headers.get('www-authenticate')).to.equal('Memory realm="tests"');
        expect(body.code).to.equal('ERR_AUTHN_REQUIRED');
      });

      it('answers a credential memory cannot vouch for after asking authenticate', async () => {
        const { res, body } = await problemOf('/direct/me', { headers: as('mallory') });

        expect(res.status).to.equal(401);
        expect(body.code).to.equal('ERR_AUTHN_INVALID');
        expect(counted.waits).to.equal(1);
      });

      it('hides another user’s object behind 404 on a read route', async () => {
        const { res, body } = await problemOf('/direct/gadgets/g2', { headers: as('ann') });

        expect(res.status).to.equal(404);
        expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
        expect(body.code).to.equal('ERR_NOT_FOUND');
      });

      it('refuses another user’s object loaded later with 403', async () => {
        const { res, body } = await problemOf('/direct/later/g1', { headers: as('bob') });

        expect(res.status).to.equal(403);
        expect(body.code).to.equal('ERR_AUTHZ_DENIED');
      });

      it('answers 429 with the limit headers past the rate limit', async () => {
        const send = () => fetch(`${started.url}/direct/limited`, { headers: as('bob') });
        const statuses = [(await send()).status, (await send()).status];

        const { res, body } = await problemOf('/direct/limited', { headers: as('bob') });

        expect(statuses).to.deep.equal([200, 200]);
        expect(res.status).to.equal(429);
        expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
        expect(res.headers.get('ratelimit-policy')).to.equal('"tight";q=2;w=60');
        expect(res.headers.get('retry-after')).to.match(/^\d+$/);
        expect(body.code).to.equal('ERR_RATE_LIMITED');
      });

      it('answers an invalid body with 400', async () => {
        const { res, body } = await problemOf('/direct/gadgets', {
          method: 'POST',
          headers: as('ann', { 'content-type': 'application/json' }),
          body: JSON.stringify({ name: 'x'.repeat(11) }),
        });

        expect(res.status).to.equal(400);
        expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
        expect(body.code).to.equal('ERR_VALIDATION_FAILED');
        expect(audit.events.map((e) => e.event)).to.have.length(1);
        expect(audit.events[0]?.event).to.include({
          outcome: 'failed',
          status: 400,
          reason: 'ERR_VALIDATION_FAILED',
        });
      });
    });

    context('when the handler throws after the pipeline', () => {
      for (const path of ['/direct/boom', '/direct/late-boom']) {
        it(`answers ${path} once, with a 500 problem`, async () => {
          const res = await fetch(`${started.url}${path}`, { headers: as('ann') });
          const body = (await res.json()) as { code: string; requestId: string };

          expect(res.status).to.equal(500);
          expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
          expect(body.requestId).to.equal(res.headers.get('x-request-id'));
          expect(failures).to.deep.equal([`Request failed. ${body.requestId}`]);
          const next = await fetch(`${started.url}/direct/me`, { headers: as('ann') });
          expect(next.status).to.equal(200);
        });
      }
    });

    context('with the transport headers', () => {
      it('sends helmet’s headers on every answer as helmet does, HSTS aside', async () => {
        const expected = await helmetHeaders();
        // helmet sends HSTS on any answer; over plain HTTP, as here, Bulwark leaves it out.
        expect(expected.get('strict-transport-security')).to.be.a('string');
        expected.delete('strict-transport-security');
        const answers = await Promise.all([
          fetch(`${started.url}/direct/me`, { headers: as('ann') }),
          fetch(`${started.url}/direct/open`),
          fetch(`${started.url}/direct/me`),
          fetch(`${started.url}/no-such-route`),
        ]);

        expect(expected.size).to.be.greaterThan(5);
        for (const res of answers) {
          for (const [name, value] of expected) {
            expect(res.headers.get(name), `${res.url} ${name}`).to.equal(value);
          }
          expect(res.headers.get('x-powered-by'), res.url).to.equal(null);
          expect(res.headers.get('strict-transport-security'), res.url).to.equal(null);
        }
      });

      it('leaves out the headers that only steer how old browsers render HTML pages', async () => {
        const res = await fetch(`${started.url}/direct/me`, { headers: as('ann') });
        const htmlOnly = [
          'x-xss-protection',
          'x-download-options',
          'x-dns-prefetch-control',
          'x-permitted-cross-domain-policies',
          'origin-agent-cluster',
        ];

        expect(res.status).to.equal(200);
        for (const name of htmlOnly) expect(res.headers.get(name), name).to.equal(null);
        expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
        expect(res.headers.get('content-security-policy')).to.include("frame-ancestors 'none'");
      });

      it('echoes a plain request id and replaces one that could inject into logs', async () => {
        const kept = await fetch(`${started.url}/direct/me`, {
          headers: as('ann', { 'x-request-id': 'trace-0123456789' }),
        });
        const replaced = await fetch(`${started.url}/direct/me`, {
          headers: as('ann', { 'x-request-id': 'bad id; level=error' }),
        });

        expect(kept.headers.get('x-request-id')).to.equal('trace-0123456789');
        expect(replaced.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
      });
    });

    context('when no proxy is trusted', () => {
      it('counts a limit by address on the socket address, whatever X-Forwarded-For says', async () => {
        const first = await fetch(`${started.url}/direct/open-limited`, {
          headers: { 'x-forwarded-for': '198.51.100.1' },
        });
        const second = await fetch(`${started.url}/direct/open-limited`, {
          headers: { 'x-forwarded-for': '198.51.100.2' },
        });

        expect(first.status).to.equal(200);
        expect(second.status).to.equal(429);
      });

      it('records the socket address in the audit event', async () => {
        const res = await fetch(`${started.url}/direct/gadgets`, {
          method: 'POST',
          headers: as('ann', {
            'content-type': 'application/json',
            'x-forwarded-for': '198.51.100.7',
          }),
          body: JSON.stringify({ name: 'spoofed' }),
        });

        expect(res.status).to.equal(201);
        expect(audit.events[0]?.event.clientAddress).to.equal('127.0.0.1');
      });
    });
  });
});
