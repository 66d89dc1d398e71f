import { expect } from 'chai';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { registerOAuthClient } from '@bulwark/auth';
import { TypeOrmApiKeyStore, TypeOrmOAuthClientStore } from '@bulwark/typeorm';
import { SignJWT } from 'jose';
import { call, startNotesApp, type RunningNotesApp } from '../support/notes-app';

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('notes-api authentication', () => {
  let app: RunningNotesApp;
  let erin: string;

  before(async () => {
    app = await startNotesApp();
    erin = await app.tokenFor('erin');
  });

  after(async () => {
    await app.close();
  });

  const createKey = (token: string, body: unknown) =>
    call(`${app.url}/me/api-keys`, { method: 'POST', token, body });
  const withKey = (path: string, key: string, extra: { method?: string; body?: unknown } = {}) =>
    call(`${app.url}${path}`, { ...extra, headers: { 'x-api-key': key } });

  describe('API keys', () => {
    it('lets a user create a key that is shown once, then list it without secrets', async () => {
      const created = await createKey(erin, {
        name: 'laptop',
        scopes: ['notes:read'],
        expiresInDays: 30,
      });
      expect(created.status).to.equal(201);
      expect(created.headers.get('cache-control')).to.equal('no-store');
      expect(created.body.key).to.match(/^bwk_[0-9A-Za-z]{16}_[0-9A-Za-z]{49}$/);
      expect(created.body).to.include({ name: 'laptop', status: 'active' });
      expect(created.body).to.not.have.property('secretHash');

      const listed = await call(`${app.url}/me/api-keys`, { token: erin });
      expect(listed.status).to.equal(200);
      const item = listed.body.items.find((k: { id: string }) => k.id === created.body.id);
      expect(item).to.include({ name: 'laptop', status: 'active' });
      expect(JSON.stringify(listed.body)).to.not.include(created.body.key);
      expect(JSON.stringify(listed.body)).to.not.include('secretHash');
    });

    it('authenticates with X-API-Key or Authorization: ApiKey', async () => {
      const { body } = await createKey(erin, { name: 'ci', scopes: ['notes:read'] });
      expect((await withKey('/notes', body.key)).status).to.equal(200);
      const viaAuthorization = await call(`${app.url}/notes`, {
        headers: { authorization: `ApiKey ${body.key}` },
      });
      expect(viaAuthorization.status).to.equal(200);
      expect((await withKey('/me', body.key)).body).to.include({ id: await app.userId('erin') });
    });

    it('refuses a key in the query string with 400, even a valid one', async () => {
      const { body } = await createKey(erin, { name: 'leaky', scopes: ['notes:read'] });
      const res = await call(`${app.url}/notes?api_key=${body.key}`);
      expect(res.status).to.equal(400);
      expect(res.body.code).to.equal('ERR_AUTHN_INVALID');
      const hidden = await call(`${app.url}/notes?q=${body.key}`, {
        headers: { 'x-api-key': body.key },
      });
      expect(hidden.status).to.equal(400);
    });

    it('limits a key to its scopes: a read-only key cannot write', async () => {
      const reader = (await createKey(erin, { name: 'r', scopes: ['notes:read'] })).body
        .key as string;
      const writer = (await createKey(erin, { name: 'w', scopes: ['notes:read', 'notes:write'] }))
        .body.key as string;
      const note = { title: 'From a key', body: 'b' };
      expect((await withKey('/notes', reader, { method: 'POST', body: note })).status).to.equal(
        403,
      );
      expect((await withKey('/notes', writer, { method: 'POST', body: note })).status).to.equal(
        201,
      );
    });

    it('refuses a revoked key', async () => {
      const { body } = await createKey(erin, { name: 'gone', scopes: ['notes:read'] });
      const revoked = await call(`${app.url}/me/api-keys/${body.id}`, {
        method: 'DELETE',
        token: erin,
      });
      expect(revoked.status).to.equal(204);
      const res = await withKey('/notes', body.key);
      expect(res.status).to.equal(401);
      expect(res.body.code).to.equal('ERR_AUTHN_INVALID');
    });

    it('refuses an expired key', async () => {
      const { body } = await createKey(erin, {
        name: 'old',
        scopes: ['notes:read'],
        expiresInDays: 1,
      });
      await new TypeOrmApiKeyStore(app.notes.context.dataSource).update(body.id, {
        expiresAt: new Date(Date.now() - 1000),
      });
      expect((await withKey('/notes', body.key)).status).to.equal(401);
    });

    it("answers 404 for another user's key and leaves it working", async () => {
      const { body } = await createKey(erin, { name: 'mine', scopes: ['notes:read'] });
      const mallory = await app.tokenFor('victor');
      const res = await call(`${app.url}/me/api-keys/${body.id}`, {
        method: 'DELETE',
        token: mallory,
      });
      expect(res.status).to.equal(404);
      expect((await withKey('/notes', body.key)).status).to.equal(200);
    });

    it('does not let an API key manage API keys', async () => {
      const { body } = await createKey(erin, { name: 'k', scopes: ['notes:read', 'notes:write'] });
      const res = await withKey('/me/api-keys', body.key, {
        method: 'POST',
        body: { name: 'more', scopes: ['notes:read'] },
      });
      expect(res.status).to.equal(401);
    });

    it('refuses unknown scopes and unknown fields', async () => {
      // Another user: erin has used up the hourly key-creation limit in the tests above.
      const victor = await app.tokenFor('victor');
      expect((await createKey(victor, { name: 'x', scopes: ['admin'] })).status).to.equal(400);
      const extra = { name: 'x', scopes: ['notes:read'], ownerId: 'someone' };
      expect((await createKey(victor, extra)).status).to.equal(400);
    });
  });

  describe('OAuth client credentials', () => {
    let secret: string;

    before(async () => {
      const clients = new TypeOrmOAuthClientStore(app.notes.context.dataSource);
      ({ clientSecret: secret } = await registerOAuthClient(clients, {
        id: 'nightly-report',
        name: 'Nightly report',
        allowedScopes: ['notes:read'],
      }));
      const disabled = await registerOAuthClient(clients, {
        id: 'retired-job',
        name: 'Retired',
        allowedScopes: ['notes:read'],
      });
      await clients.save({ ...disabled.client, enabled: false });
      disabledSecret = disabled.clientSecret;
    });
    let disabledSecret: string;

    const token = (authorization: string, body = 'grant_type=client_credentials') =>
      call(`${app.url}/oauth/token`, {
        method: 'POST',
        headers: { ...FORM, authorization },
        rawBody: body,
      });

    it('exchanges client credentials for a bearer token the API accepts', async () => {
      const res = await token(
        basic('nightly-report', secret),
        'grant_type=client_credentials&scope=notes:read',
      );
      expect(res.status).to.equal(200);
      expect(res.headers.get('cache-control')).to.equal('no-store');
      expect(res.body).to.include({ token_type: 'Bearer', expires_in: 3600, scope: 'notes:read' });
      const notes = await call(`${app.url}/notes`, { token: res.body.access_token });
      expect(notes.status).to.equal(200);
    });

    it('answers a wrong secret and a disabled client with the same 401', async () => {
      const wrong = await token(basic('nightly-report', 'not-the-secret'));
      const disabled = await token(basic('retired-job', disabledSecret));
      const unknown = await token(basic('no-such-client', secret));
      for (const res of [wrong, disabled, unknown]) {
        expect(res.status).to.equal(401);
        expect(res.headers.get('www-authenticate')).to.equal(
          'Basic realm="oauth", charset="UTF-8"',
        );
      }
      expect(disabled.body).to.deep.equal(wrong.body);
      expect(unknown.body).to.deep.equal(wrong.body);
    });

    it('publishes the signing keys and the server metadata', async () => {
      const jwks = await call(`${app.url}/.well-known/jwks.json`);
      expect(jwks.body.keys[0]).to.include({ kty: 'EC', alg: 'ES256', use: 'sig' });
      expect(jwks.body.keys[0]).to.not.have.property('d');
      const metadata = await call(`${app.url}/.well-known/oauth-authorization-server`);
      expect(metadata.body.grant_types_supported).to.deep.equal(['client_credentials']);
    });
  });

  describe('bearer tokens under attack', () => {
    const issuer = 'urn:bulwark:notes-api';
    const audience = 'notes-api';
    const now = () => Math.floor(Date.now() / 1000);
    const secretOf = () => new Uint8Array(Buffer.from(app.notes.config.jwtSecret));

    async function refused(token: string): Promise<void> {
      const res = await call(`${app.url}/notes`, { token });
      expect(res.status).to.equal(401);
      expect(res.body.code).to.equal('ERR_AUTHN_INVALID');
      expect(res.headers.get('www-authenticate')).to.equal('Bearer error="invalid_token"');
      expect(JSON.stringify(res.body)).to.not.match(/expired|signature|issuer|audience|kid|jku/i);
    }

    const signed = (
      claims: Record<string, unknown>,
      header: Record<string, unknown> = { alg: 'HS256' },
    ) =>
      new SignJWT({ sub: 'x', roles: ['admin'], ...claims })
        .setProtectedHeader(header as { alg: string })
        .sign(
          header.alg === 'HS256'
            ? secretOf()
            : generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
        );

    it('refuses alg none', async () => {
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const payload = Buffer.from(
        JSON.stringify({ sub: 'x', iss: issuer, aud: audience, exp: now() + 60 }),
      ).toString('base64url');
      await refused(`${header}.${payload}.`);
    });

    it('refuses HS256 signed with the published public key', async () => {
      const jwks = await call(`${app.url}/.well-known/jwks.json`);
      const pem = createPublicKey({ key: jwks.body.keys[0], format: 'jwk' }).export({
        type: 'spki',
        format: 'pem',
      });
      const oauthIssuer = (await call(`${app.url}/.well-known/oauth-authorization-server`)).body
        .issuer as string;
      const forged = await new SignJWT({ sub: 'x', scope: 'notes:read' })
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: jwks.body.keys[0].kid })
        .setIssuer(oauthIssuer)
        .setAudience(audience)
        .setExpirationTime(now() + 60)
        .sign(new Uint8Array(Buffer.from(pem)));
      await refused(forged);
    });

    it('refuses expired, not yet valid, wrong issuer and wrong audience tokens', async () => {
      await refused(await signed({ iss: issuer, aud: audience, exp: now() - 120 }));
      await refused(
        await signed({ iss: issuer, aud: audience, exp: now() + 600, nbf: now() + 300 }),
      );
      await refused(await signed({ iss: 'https://evil.test', aud: audience, exp: now() + 60 }));
      await refused(await signed({ iss: issuer, aud: 'billing-api', exp: now() + 60 }));
    });

    it('refuses a tampered payload', async () => {
      const valid = await app.tokenFor('victor');
      const [header, payload, signature] = valid.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
        string,
        unknown
      >;
      await refused(
        `${header}.${Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url')}.${signature}`,
      );
    });

    it('refuses an unknown kid and keys named by jku, x5u or jwk headers', async () => {
      const oauthIssuer = (await call(`${app.url}/.well-known/oauth-authorization-server`)).body
        .issuer as string;
      const claims = { iss: oauthIssuer, aud: audience, exp: now() + 60 };
      const attacker = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      await refused(await signed(claims, { alg: 'ES256', typ: 'at+jwt', kid: 'attacker-key' }));
      await refused(
        await signed(claims, { alg: 'ES256', typ: 'at+jwt', jku: 'https://evil.test/jwks.json' }),
      );
      await refused(
        await signed(claims, { alg: 'ES256', typ: 'at+jwt', x5u: 'https://evil.test/cert.pem' }),
      );
      await refused(
        await signed(claims, {
          alg: 'ES256',
          typ: 'at+jwt',
          jwk: attacker.publicKey.export({ format: 'jwk' }),
        }),
      );
    });

    it('refuses garbage and oversized tokens', async () => {
      await refused('%%%.not-base64.!!!');
      await refused(
        await signed({ iss: issuer, aud: audience, exp: now() + 60, pad: 'x'.repeat(9000) }),
      );
      const huge = await call(`${app.url}/notes`, { token: 'a'.repeat(100 * 1024) });
      expect(huge.status).to.be.oneOf([401, 431]);
    });
  });

  context('when a token is refused', () => {
    it('records which check failed in the audit trail, not in the response', async () => {
      const own = await startNotesApp();
      try {
        const expired = await new SignJWT({ sub: 'x' })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer('urn:bulwark:notes-api')
          .setAudience('notes-api')
          .setExpirationTime(Math.floor(Date.now() / 1000) - 120)
          .sign(new Uint8Array(Buffer.from(own.notes.config.jwtSecret)));
        await call(`${own.url}/notes`, { token: expired });
        await own.notes.bulwark.close();
        const rows: Array<{ reason: string }> = await own.notes.context.dataSource.query(
          "SELECT reason FROM bulwark_audit_event WHERE action = 'authn.failure'",
        );
        expect(rows.map((r) => r.reason)).to.include('ERR_AUTHN_INVALID: jwt.expired');
      } finally {
        await own.close().catch(() => undefined);
      }
    });
  });
});
