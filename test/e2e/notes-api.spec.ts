import { expect } from 'chai';
import { call, startNotesApp, type RunningNotesApp } from '../support/notes-app';

describe('notes-api (reference app)', () => {
  let app: RunningNotesApp;

  beforeEach(async () => {
    app = await startNotesApp();
  });

  afterEach(async () => {
    await app.close();
  });

  describe('@Public', () => {
    it('answers the health route without a credential', async () => {
      const res = await call(`${app.url}/health`);
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ status: 'ok' });
    });

    it('sends hardened headers and a request id and hides the framework', async () => {
      const res = await call(`${app.url}/health`);
      expect(res.headers.get('x-powered-by')).to.equal(null);
      expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
      expect(res.headers.get('content-security-policy')).to.include("default-src 'none'");
      expect(res.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
    });
  });

  describe('@Authorize', () => {
    it('refuses a request without a credential with 401 and a Bearer challenge', async () => {
      const res = await call(`${app.url}/notes`);
      expect(res.status).to.equal(401);
      expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(res.headers.get('www-authenticate')).to.match(/^Bearer/);
      expect(res.body.code).to.equal('ERR_AUTHN_REQUIRED');
    });

    it('refuses an unsigned alg:none token', async () => {
      const encode = (value: object): string =>
        Buffer.from(JSON.stringify(value)).toString('base64url');
      const erin = await app.userId('erin');
      const forged = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: erin, roles: ['admin'], iss: 'urn:bulwark:notes-api', aud: 'notes-api', exp: Math.floor(Date.now() / 1000) + 600 })}.`;
      const res = await call(`${app.url}/admin/users`, { token: forged });
      expect(res.status).to.equal(401);
      expect(res.body.code).to.equal('ERR_AUTHN_INVALID');
    });

    it('refuses a viewer on the admin route with 403', async () => {
      const res = await call(`${app.url}/admin/users`, { token: await app.tokenFor('victor') });
      expect(res.status).to.equal(403);
      expect(res.body.code).to.equal('ERR_AUTHZ_DENIED');
    });

    it('lets an admin list users without exposing password hashes', async () => {
      const res = await call(`${app.url}/admin/users`, { token: await app.tokenFor('alice') });
      expect(res.status).to.equal(200);
      expect(res.body.items.map((u: { username: string }) => u.username)).to.include('erin');
      expect(JSON.stringify(res.body)).to.not.include('passwordHash').and.to.not.include('scrypt$');
    });

    it('lets an editor update their own note and refuses another editor', async () => {
      const created = await call(`${app.url}/notes`, {
        method: 'POST',
        token: await app.tokenFor('erin'),
        body: { title: 'Mine', body: 'draft' },
      });
      expect(created.status).to.equal(201);
      const path = `${app.url}/notes/${created.body.id}`;

      const other = await call(path, {
        method: 'PUT',
        token: await app.tokenFor('eve'),
        body: { title: 'Stolen' },
      });
      expect(other.status).to.equal(403);
      expect(other.body.code).to.equal('ERR_AUTHZ_DENIED');

      const own = await call(path, {
        method: 'PUT',
        token: await app.tokenFor('erin'),
        body: { title: 'Renamed' },
      });
      expect(own.status).to.equal(200);
      expect(own.body.title).to.equal('Renamed');
    });

    it('hides an unpublished note from a viewer with 404', async () => {
      const created = await call(`${app.url}/notes`, {
        method: 'POST',
        token: await app.tokenFor('erin'),
        body: { title: 'Secret', body: 'x' },
      });
      const res = await call(`${app.url}/notes/${created.body.id}`, {
        token: await app.tokenFor('victor'),
      });
      expect(res.status).to.equal(404);
      expect(res.body.code).to.equal('ERR_NOT_FOUND');
    });
  });

  describe('@Validate', () => {
    it('refuses unknown properties with field errors', async () => {
      const res = await call(`${app.url}/notes`, {
        method: 'POST',
        token: await app.tokenFor('erin'),
        body: { title: 'T', body: 'b', colour: 'red' },
      });
      expect(res.status).to.equal(400);
      expect(res.body.code).to.equal('ERR_VALIDATION_FAILED');
      expect(res.body.details.errors).to.deep.include({
        path: 'body.colour',
        constraint: 'whitelistValidation',
        message: 'property colour should not exist',
      });
    });

    it('refuses a missing required field', async () => {
      const res = await call(`${app.url}/notes`, {
        method: 'POST',
        token: await app.tokenFor('erin'),
        body: { body: 'no title' },
      });
      expect(res.status).to.equal(400);
      expect(res.body.details.errors.map((e: { path: string }) => e.path)).to.include('body.title');
    });

    it('refuses a body that is not JSON with 415', async () => {
      const res = await call(`${app.url}/notes`, {
        method: 'POST',
        token: await app.tokenFor('erin'),
        rawBody: 'title=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(res.status).to.equal(415);
      expect(res.body.code).to.equal('ERR_UNSUPPORTED_MEDIA_TYPE');
    });

    it('refuses prototype keys and leaves Object.prototype untouched', async () => {
      const res = await call(`${app.url}/notes`, {
        method: 'POST',
        token: await app.tokenFor('erin'),
        rawBody: '{"title":"t","body":"b","__proto__":{"polluted":true}}',
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).to.equal(400);
      expect(res.body.code).to.equal('ERR_REQUEST_MALFORMED');
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    });

    it('refuses an oversized body with 413', async () => {
      const res = await call(`${app.url}/notes`, {
        method: 'POST',
        token: await app.tokenFor('erin'),
        body: { title: 't', body: 'x'.repeat(200_000) },
      });
      expect(res.status).to.equal(413);
      expect(res.body.code).to.equal('ERR_REQUEST_TOO_LARGE');
    });
  });

  describe('@RateLimit', () => {
    it('answers 429 with Retry-After once the login budget of an address is spent', async () => {
      const attempt = (i: number) =>
        call(`${app.url}/auth/token`, {
          method: 'POST',
          body: { username: `nobody${i}`, password: 'wrong' },
        });
      for (let i = 0; i < 10; i += 1) expect((await attempt(i)).status).to.equal(401);
      const refused = await attempt(10);
      expect(refused.status).to.equal(429);
      expect(refused.body.code).to.equal('ERR_RATE_LIMITED');
      expect(Number(refused.headers.get('retry-after'))).to.be.greaterThan(0);
    });

    it('challenges a failed password login like any other 401', async () => {
      const res = await call(`${app.url}/auth/token`, {
        method: 'POST',
        body: { username: 'erin', password: 'wrong' },
      });
      expect(res.status).to.equal(401);
      expect(res.headers.get('www-authenticate')).to.match(/^Bearer/);
    });

    it('locks one account out at one address after repeated failures, even with the right password', async () => {
      const login = (username: string, password: string) =>
        call(`${app.url}/auth/token`, { method: 'POST', body: { username, password } });
      for (let i = 0; i < 5; i += 1) expect((await login('erin', 'guess')).status).to.equal(401);
      const locked = await login('erin', 'bulwark-demo');
      expect(locked.status).to.equal(429);
      expect(locked.body.code).to.equal('ERR_AUTHN_LOCKED');
      expect(Number(locked.headers.get('retry-after'))).to.be.greaterThan(0);
      expect((await login('eve', 'bulwark-demo')).status).to.equal(200);
    });

    it('admits requests within the budget and reports what remains', async () => {
      const res = await call(`${app.url}/auth/token`, {
        method: 'POST',
        body: { username: 'erin', password: 'bulwark-demo' },
      });
      expect(res.status).to.equal(200);
      expect(res.body.token_type).to.equal('Bearer');
      expect(res.headers.get('cache-control')).to.equal('no-store');
      expect(res.headers.get('ratelimit')).to.match(/r=9/);
    });
  });

  describe('@Audit', () => {
    it('records a mutation with its actor before answering, and stores no secret', async () => {
      const token = await app.tokenFor('erin');
      const created = await call(`${app.url}/notes`, {
        method: 'POST',
        token,
        body: { title: 'Audited', body: 'b' },
      });
      const rows = await app.notes.context.dataSource.query('SELECT * FROM bulwark_audit_event');
      const event = rows.find((row: { action: string }) => row.action === 'note.create');
      expect(event, 'note.create event').to.not.equal(undefined);
      expect(event.actor_id).to.equal(await app.userId('erin'));
      expect(event.outcome).to.equal('allowed');
      expect(event.request_id).to.equal(created.headers.get('x-request-id'));
      expect(JSON.stringify(rows)).to.not.include(token);
    });

    it('records a denial without any decorator', async () => {
      await call(`${app.url}/admin/users`, { token: await app.tokenFor('victor') });
      await app.notes.bulwark.close().catch(() => undefined);
      const rows = await app.notes.context.dataSource.query(
        "SELECT * FROM bulwark_audit_event WHERE action = 'authz.denied'",
      );
      expect(rows).to.have.length(1);
      expect(rows[0].outcome).to.equal('denied');
      expect(rows[0].route).to.equal('UsersController.users');
    });

    it('never stores the password of a login attempt', async () => {
      await call(`${app.url}/auth/token`, {
        method: 'POST',
        body: { username: 'erin', password: 'bulwark-demo' },
      });
      await app.notes.bulwark.close().catch(() => undefined);
      const rows = await app.notes.context.dataSource.query('SELECT * FROM bulwark_audit_event');
      expect(rows.some((r: { action: string }) => r.action === 'auth.login')).to.equal(true);
      expect(JSON.stringify(rows)).to.not.include('bulwark-demo');
    });
  });

  describe('errors', () => {
    it('answers an unknown route with a problem document', async () => {
      const res = await call(`${app.url}/nope`);
      expect(res.status).to.equal(404);
      expect(res.body.code).to.equal('ERR_ROUTE_NOT_FOUND');
      expect(res.body.requestId).to.equal(res.headers.get('x-request-id'));
    });
  });
});
