import { expect } from 'chai';
import {
  createJwtAuthenticator,
  createSigningKeyRing,
  createTokenEndpoint,
  MemoryOAuthClientStore,
  registerOAuthClient,
} from '@bulwark/auth';
import type {
  FailureThrottle,
  SigningKeyRing,
  TokenEndpoint,
  TokenEndpointOptions,
} from '@bulwark/auth';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import {
  AUDIENCE,
  basic,
  bearer,
  FakeThrottle,
  FAST_SCRYPT,
  NOW,
  rejection,
  thrown,
} from '../../support/fixtures';

const ISSUER_URL = 'https://auth.test';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('createTokenEndpoint', () => {
  let now: number;
  let store: MemoryOAuthClientStore;
  let ring: SigningKeyRing;
  let endpoint: TokenEndpoint;
  let secret: string;

  function make(extra: Partial<TokenEndpointOptions> = {}): TokenEndpoint {
    return createTokenEndpoint({
      issuer: ISSUER_URL,
      audience: AUDIENCE,
      clients: store,
      keys: ring,
      hashParams: FAST_SCRYPT,
      clock: () => now,
      throttle: new FakeThrottle(),
      ...extra,
    });
  }

  function post(
    body: Record<string, string> | string,
    headers: Record<string, string> = {},
    address = '192.0.2.1',
  ) {
    const text = typeof body === 'string' ? body : new URLSearchParams(body).toString();
    return endpoint.handle({
      headers: { ...FORM, ...headers },
      body: text,
      clientAddress: address,
    });
  }

  const grant = { grant_type: 'client_credentials' };
  const asBasic = (id = 'svc-1', s = secret) => ({ authorization: basic(id, s) });

  beforeEach(async () => {
    now = NOW;
    store = new MemoryOAuthClientStore();
    ring = createSigningKeyRing({ clock: () => now });
    endpoint = make();
    ({ clientSecret: secret } = await registerOAuthClient(store, {
      id: 'svc-1',
      name: 'Billing service',
      allowedScopes: ['notes:read', 'notes:write', 'admin'],
      hashParams: FAST_SCRYPT,
    }));
  });

  describe('#handle', () => {
    context('when the client authenticates', () => {
      it('answers the RFC 6749 §5.1 exchange with no-store', async () => {
        const response = await post({ ...grant, scope: 'notes:read' }, asBasic());
        expect(response.status).to.equal(200);
        expect(response.headers).to.deep.equal({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
        expect(response.body).to.have.all.keys('access_token', 'token_type', 'expires_in', 'scope');
        expect(response.body).to.include({
          token_type: 'Bearer',
          expires_in: 3600,
          scope: 'notes:read',
        });
        expect(response.outcome).to.deep.include({
          isIssued: true,
          clientId: 'svc-1',
          reason: 'client_secret_basic',
        });
      });

      it('issues an RFC 9068 access token', async () => {
        const token = (await post(grant, asBasic())).body['access_token'] as string;
        expect(decodeProtectedHeader(token)).to.deep.equal({
          alg: 'ES256',
          typ: 'at+jwt',
          kid: ring.current().kid,
        });
        const claims = decodeJwt(token);
        expect(claims).to.include({
          iss: ISSUER_URL,
          aud: AUDIENCE,
          sub: 'svc-1',
          client_id: 'svc-1',
        });
        expect(claims).to.include({ iat: NOW / 1000, exp: NOW / 1000 + 3600 });
        expect(claims.jti).to.be.a('string');
      });

      it('issues tokens the bearer authenticator accepts as a client principal', async () => {
        const token = (await post({ ...grant, scope: 'notes:read notes:write' }, asBasic())).body[
          'access_token'
        ] as string;
        const auth = createJwtAuthenticator({
          issuer: ISSUER_URL,
          audience: AUDIENCE,
          key: { jwks: () => ring.jwks() },
          requireType: 'at+jwt',
          clock: () => now,
        });
        const principal = await auth.authenticate(bearer(token));
        expect(principal).to.deep.include({ id: 'svc-1', kind: 'client' });
        expect(principal?.scopes).to.deep.equal(['notes:read', 'notes:write']);
      });

      it('accepts client_secret_post', async () => {
        const response = await post({ ...grant, client_id: 'svc-1', client_secret: secret });
        expect(response.status).to.equal(200);
        expect(response.outcome.reason).to.equal('client_secret_post');
      });

      it('accepts a Basic header together with the same client_id in the body', async () => {
        expect((await post({ ...grant, client_id: 'svc-1' }, asBasic())).status).to.equal(200);
      });

      it('decodes form-encoded Basic credentials', async () => {
        const { clientSecret } = await registerOAuthClient(store, {
          id: 'a~b.c',
          name: 'x',
          allowedScopes: [],
          hashParams: FAST_SCRYPT,
        });
        expect((await post(grant, asBasic('a~b.c', clientSecret))).status).to.equal(200);
      });

      it('grants every allowed scope when none is requested', async () => {
        expect((await post(grant, asBasic())).body['scope']).to.equal(
          'notes:read notes:write admin',
        );
      });

      it('narrows the requested scopes to the allowed ones', async () => {
        const response = await post(
          { ...grant, scope: 'notes:read billing:all notes:read' },
          asBasic(),
        );
        expect(response.body['scope']).to.equal('notes:read');
      });

      it('uses the configured token lifetime', async () => {
        endpoint = make({ tokenLifetime: '10m' });
        const response = await post(grant, asBasic());
        expect(response.body['expires_in']).to.equal(600);
      });
    });

    context('when client authentication fails', () => {
      async function invalidClient(response: Awaited<ReturnType<typeof post>>) {
        expect(response.status).to.equal(401);
        expect(response.body).to.deep.equal({
          error: 'invalid_client',
          error_description: 'Client authentication failed.',
          code: 'ERR_OAUTH_INVALID_CLIENT',
        });
        expect(response.headers).to.deep.equal({
          'Cache-Control': 'no-store',
          Pragma: 'no-cache',
          'WWW-Authenticate': 'Basic realm="oauth", charset="UTF-8"',
        });
        return response;
      }

      it('answers an unknown client, a wrong secret and a disabled client alike', async () => {
        await store.save({ ...(await store.findById('svc-1'))!, id: 'off', enabled: false });
        const unknown = await invalidClient(await post(grant, asBasic('nobody', secret)));
        const wrong = await invalidClient(await post(grant, asBasic('svc-1', `${secret}x`)));
        const disabled = await invalidClient(await post(grant, asBasic('off', secret)));
        expect(unknown.outcome.reason).to.equal('oauth.client-unknown');
        expect(wrong.outcome.reason).to.equal('oauth.secret-wrong');
        expect(disabled.outcome.reason).to.equal('oauth.client-disabled');
        expect(unknown.outcome.clientId).to.equal('nobody');
      });

      it('refuses a request without client authentication', async () => {
        await invalidClient(await post(grant));
        await invalidClient(await post({ ...grant, client_id: 'svc-1' }));
      });

      it('refuses a Basic header that is not Basic or not id:secret', async () => {
        await invalidClient(await post(grant, { authorization: `Bearer ${secret}` }));
        await invalidClient(
          await post(grant, {
            authorization: `Basic ${Buffer.from('no-colon').toString('base64')}`,
          }),
        );
        await invalidClient(await post(grant, { authorization: 'Basic %%%' }));
        await invalidClient(
          await post(grant, { authorization: `Basic ${Buffer.from('a:%zz').toString('base64')}` }),
        );
      });
    });

    context('when the request is malformed', () => {
      async function expectError(
        response: Awaited<ReturnType<typeof post>>,
        error: string,
        status = 400,
      ) {
        expect(response.status).to.equal(status);
        expect(response.body['error']).to.equal(error);
        expect(response.headers['Cache-Control']).to.equal('no-store');
      }

      it('refuses a body that is not form-encoded', async () => {
        const response = await endpoint.handle({
          headers: { 'content-type': 'application/json', ...asBasic() },
          body: JSON.stringify(grant),
          clientAddress: '192.0.2.1',
        });
        await expectError(response, 'invalid_request');
      });

      it('refuses a repeated parameter', async () => {
        await expectError(
          await post('grant_type=client_credentials&scope=a&scope=b', asBasic()),
          'invalid_request',
        );
      });

      it('refuses two client authentication methods at once', async () => {
        await expectError(
          await post({ ...grant, client_id: 'svc-1', client_secret: secret }, asBasic()),
          'invalid_request',
        );
      });

      it('refuses a body client_id that differs from the Basic one', async () => {
        await expectError(
          await post({ ...grant, client_id: 'other' }, asBasic()),
          'invalid_request',
        );
      });

      it('refuses a missing grant_type and an unsupported one', async () => {
        await expectError(await post({}, asBasic()), 'invalid_request');
        const password = await post(
          { grant_type: 'password', username: 'a', password: 'b' },
          asBasic(),
        );
        await expectError(password, 'unsupported_grant_type');
        expect(password.body['code']).to.equal('ERR_OAUTH_UNSUPPORTED_GRANT_TYPE');
      });

      it('refuses a malformed scope and one the client may not have', async () => {
        await expectError(await post({ ...grant, scope: 'a  b' }, asBasic()), 'invalid_scope');
        await expectError(await post({ ...grant, scope: 'bad"scope' }, asBasic()), 'invalid_scope');
        await expectError(
          await post({ ...grant, scope: 'billing:all' }, asBasic()),
          'invalid_scope',
        );
      });

      it('refuses an oversized body', async () => {
        await expectError(
          await post({ ...grant, padding: 'x'.repeat(5000) }, asBasic()),
          'invalid_request',
        );
      });
    });

    context('when a client guesses secrets', () => {
      it('answers 429 slow_down with Retry-After while the throttle refuses, even for the right secret', async () => {
        for (let i = 0; i < 5; i += 1)
          await post(grant, asBasic('svc-1', `guess-${i}`), '203.0.113.9');
        const locked = await post(grant, asBasic(), '203.0.113.9');
        expect(locked.status).to.equal(429);
        expect(locked.body).to.deep.equal({
          error: 'slow_down',
          error_description: 'Too many failed attempts; wait before trying again.',
          code: 'ERR_AUTHN_LOCKED',
        });
        expect(locked.headers['Retry-After']).to.equal('1');
      });

      it('checks the throttle before the secret, keyed by client and address', async () => {
        for (let i = 0; i < 8; i += 1)
          await post(grant, asBasic('svc-1', `guess-${i}`), '203.0.113.9');
        expect((await post(grant, asBasic(), '198.51.100.7')).status).to.equal(200);
      });

      it('reports attempts to an injected throttle', async () => {
        const calls: string[] = [];
        const fake: FailureThrottle = {
          check: (k) => (
            calls.push(`check ${k.account} ${k.address}`),
            Promise.resolve({ allowed: true, retryAfterSeconds: 0 })
          ),
          recordFailure: (k) => (calls.push(`failure ${k.account}`), Promise.resolve()),
          recordSuccess: (k) => (calls.push(`success ${k.account}`), Promise.resolve()),
        };
        endpoint = make({ throttle: fake });
        await post(grant, asBasic('svc-1', 'wrong'));
        await post(grant, asBasic());
        expect(calls).to.deep.equal([
          'check svc-1 192.0.2.1',
          'failure svc-1',
          'check svc-1 192.0.2.1',
          'success svc-1',
        ]);
      });

      it('does not issue a token when the throttle store fails (fail closed)', async () => {
        endpoint = make({
          throttle: {
            check: () => Promise.reject(new Error('store down')),
            recordFailure: () => Promise.resolve(),
            recordSuccess: () => Promise.resolve(),
          },
        });
        expect((await rejection(post(grant, asBasic()))).code).to.equal('ERR_INTERNAL');
      });
    });

    context('when the client store fails', () => {
      it('rejects with ERR_INTERNAL instead of answering invalid_client', async () => {
        store.findById = () => Promise.reject(new Error('db down'));
        expect((await rejection(post(grant, asBasic()))).code).to.equal('ERR_INTERNAL');
      });
    });

    context('when the signing key rotates', () => {
      it('keeps earlier tokens verifying until retention ends', async () => {
        const auth = createJwtAuthenticator({
          issuer: ISSUER_URL,
          audience: AUDIENCE,
          key: { jwks: () => ring.jwks() },
          clock: () => now,
        });
        const before = (await post(grant, asBasic())).body['access_token'] as string;
        ring.rotate();
        const after = (await post(grant, asBasic())).body['access_token'] as string;
        expect(decodeProtectedHeader(after).kid).to.not.equal(decodeProtectedHeader(before).kid);
        expect((await auth.authenticate(bearer(before)))?.id).to.equal('svc-1');
        now += 59 * 60_000;
        expect((await auth.authenticate(bearer(before)))?.id).to.equal('svc-1');
        now += 12 * 60_000;
        expect((await rejection(auth.authenticate(bearer(before)))).code).to.equal(
          'ERR_AUTHN_INVALID',
        );
      });
    });
  });

  describe('#metadata', () => {
    it('describes the server per RFC 8414', () => {
      expect(endpoint.metadata()).to.deep.equal({
        issuer: ISSUER_URL,
        token_endpoint: `${ISSUER_URL}/oauth/token`,
        jwks_uri: `${ISSUER_URL}/.well-known/jwks.json`,
        grant_types_supported: ['client_credentials'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        response_types_supported: [],
      });
    });
  });

  describe('options', () => {
    it('refuses a non-https issuer, a long lifetime, a short key retention and unknown options together', () => {
      const error = thrown(() =>
        make({
          issuer: 'http://auth.example.com',
          tokenLifetime: '2d',
          surprise: 1,
        } as unknown as TokenEndpointOptions),
      );
      expect(error.code).to.equal('ERR_CONFIG_INVALID');
      expect(error.details?.['problems']).to.have.length(4);
    });

    it('accepts http on loopback for development', () => {
      expect(make({ issuer: 'http://127.0.0.1:3000' }).issuer).to.equal('http://127.0.0.1:3000');
    });

    it('refuses to run without a throttle', () => {
      const error = thrown(() => make({ throttle: undefined as never }));
      expect(error.details?.['problems']).to.have.length(1);
    });

    it('refuses a store, ring, throttle or path of the wrong shape', () => {
      const error = thrown(() =>
        make({
          clients: {} as never,
          keys: {} as never,
          throttle: {} as never,
          tokenPath: 'token',
        }),
      );
      expect(error.details?.['problems']).to.have.length(4);
    });
  });
});
