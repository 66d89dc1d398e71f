import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import { createJwtAuthenticator, createTokenSigner } from '@bulwark/auth';
import type { JwtAuthenticator, JwtAuthenticatorOptions } from '@bulwark/auth';
import { SignJWT, UnsecuredJWT } from 'jose';
import {
  AUDIENCE,
  b64,
  bearer,
  ecKeys,
  ISSUER,
  NOW,
  rejection,
  requestWith,
  SECRET,
  thrown,
} from '../../support/fixtures';

const clock = (): number => NOW;
const hsSigner = createTokenSigner({
  issuer: ISSUER,
  audience: AUDIENCE,
  key: { secret: SECRET },
  clock,
});

function hsAuthenticator(extra: Partial<JwtAuthenticatorOptions> = {}) {
  return createJwtAuthenticator({
    issuer: ISSUER,
    audience: AUDIENCE,
    key: { secret: SECRET },
    clock,
    ...extra,
  });
}

function otherSigner(overrides: { issuer?: string; audience?: string; at?: number }) {
  return createTokenSigner({
    issuer: overrides.issuer ?? ISSUER,
    audience: overrides.audience ?? AUDIENCE,
    key: { secret: SECRET },
    clock: () => overrides.at ?? NOW,
  });
}

/** Signs with jose directly, for tokens the signer helper refuses to produce. */
function handSigned(claims: Record<string, unknown>, withExp: boolean): Promise<string> {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE);
  if (withExp) jwt.setExpirationTime(Math.floor(NOW / 1000) + 60);
  return jwt.sign(new Uint8Array(Buffer.from(SECRET)));
}

async function refusalOf(authenticatorPromise: Promise<unknown>) {
  const error = await rejection(authenticatorPromise);
  expect(error.code).to.equal('ERR_AUTHN_INVALID');
  return error;
}

describe('createJwtAuthenticator', () => {
  describe('#authenticate', () => {
    context('when the token is valid', () => {
      it('resolves a frozen principal mapped from the claims', async () => {
        const token = await hsSigner.sign(
          { sub: 'alice', roles: ['editor'], scope: 'notes:read notes:write', tenant: 't1' },
          { expiresIn: '10m', jwtId: 'jti-1' },
        );
        const principal = await hsAuthenticator().authenticate(bearer(token));
        expect(principal).to.deep.include({
          id: 'alice',
          kind: 'user',
          scheme: 'bearer',
          tenant: 't1',
          credentialId: 'jti-1',
          expiresAt: Math.floor((NOW + 600_000) / 1000) * 1000,
        });
        expect(principal?.roles).to.deep.equal(['editor']);
        expect(principal?.scopes).to.deep.equal(['notes:read', 'notes:write']);
        expect(Object.isFrozen(principal)).to.equal(true);
      });

      it('accepts the scheme name in any letter case', async () => {
        const token = await hsSigner.sign({ sub: 'alice' });
        const principal = await hsAuthenticator().authenticate(
          requestWith({ authorization: `bEaReR ${token}` }),
        );
        expect(principal?.id).to.equal('alice');
      });

      it('accepts an expired token still within the clock tolerance', async () => {
        const token = await hsSigner.sign({ sub: 'alice' }, { expiresIn: '1m' });
        const later = hsAuthenticator({ clock: () => NOW + 62_000, clockTolerance: 5 });
        expect((await later.authenticate(bearer(token)))?.id).to.equal('alice');
      });

      it('verifies ES256 tokens with a PEM, a JWK or a key object', async () => {
        const { privateKey, publicKey } = ecKeys();
        const signer = createTokenSigner({
          issuer: ISSUER,
          audience: AUDIENCE,
          key: { privateKey },
          clock,
        });
        const token = await signer.sign({ sub: 'svc' });
        const forms = [
          publicKey.export({ type: 'spki', format: 'pem' }).toString(),
          publicKey.export({ format: 'jwk' }),
          publicKey,
        ];
        for (const form of forms) {
          const auth = hsAuthenticator({ key: { publicKey: form } });
          expect((await auth.authenticate(bearer(token)))?.id).to.equal('svc');
        }
      });

      it('accepts any of several configured issuers and audiences', async () => {
        const token = await hsSigner.sign({ sub: 'alice' });
        const auth = hsAuthenticator({ issuer: ['other', ISSUER], audience: ['x', AUDIENCE] });
        expect((await auth.authenticate(bearer(token)))?.id).to.equal('alice');
      });
    });

    context('when the request carries no bearer token', () => {
      it('resolves null without an Authorization header', async () => {
        expect(await hsAuthenticator().authenticate(requestWith())).to.equal(null);
      });

      it('resolves null for another scheme', async () => {
        const request = requestWith({ authorization: 'ApiKey bwk_abc' });
        expect(await hsAuthenticator().authenticate(request)).to.equal(null);
      });
    });

    context('when the token is sent in a way that is not accepted', () => {
      it('refuses a token in the query string with 400 invalid_request', async () => {
        const token = await hsSigner.sign({ sub: 'alice' });
        const error = await refusalOf(
          hsAuthenticator().authenticate(requestWith({}, { access_token: token })),
        );
        expect(error.status).to.equal(400);
        expect(error.reason).to.equal('bearer.query-string');
        expect(error.headers['WWW-Authenticate']).to.equal('Bearer error="invalid_request"');
      });

      it('refuses a repeated Authorization header', async () => {
        const token = await hsSigner.sign({ sub: 'alice' });
        const request = requestWith({ authorization: [`Bearer ${token}`, 'Bearer other'] });
        const error = await refusalOf(hsAuthenticator().authenticate(request));
        expect(error.reason).to.equal('bearer.repeated-header');
      });

      it('refuses an empty bearer credential', async () => {
        const error = await refusalOf(
          hsAuthenticator().authenticate(requestWith({ authorization: 'Bearer ' })),
        );
        expect(error.reason).to.equal('bearer.empty');
      });
    });

    context('when an attack is tried', () => {
      const { privateKey, publicKey } = ecKeys();
      const esSigner = createTokenSigner({
        issuer: ISSUER,
        audience: AUDIENCE,
        key: { privateKey },
        clock,
      });
      const esAuthenticator = () => hsAuthenticator({ key: { publicKey } });

      async function refusedWith(promise: Promise<unknown>, reason: string): Promise<void> {
        const error = await refusalOf(promise);
        expect(error.reason).to.equal(reason);
        expect(error.status).to.equal(401);
        expect(error.headers['WWW-Authenticate']).to.equal('Bearer error="invalid_token"');
        expect(error.message).to.equal('The access token is invalid.');
      }

      it('refuses alg none', async () => {
        const token = new UnsecuredJWT({ sub: 'mallory' })
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setExpirationTime(Math.floor(NOW / 1000) + 600)
          .encode();
        await refusedWith(hsAuthenticator().authenticate(bearer(token)), 'jwt.malformed');
        const withSignature = `${token}c2ln`;
        await refusedWith(
          esAuthenticator().authenticate(bearer(withSignature)),
          'jwt.alg-not-allowed',
        );
      });

      it('refuses HS256 signed with the public key as the secret (key confusion)', async () => {
        const pem = publicKey.export({ type: 'spki', format: 'pem' });
        const token = await new SignJWT({ sub: 'mallory' })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setExpirationTime(Math.floor(NOW / 1000) + 600)
          .sign(new Uint8Array(Buffer.from(pem)));
        await refusedWith(esAuthenticator().authenticate(bearer(token)), 'jwt.alg-not-allowed');
      });

      it('refuses an expired token', async () => {
        const token = await hsSigner.sign({ sub: 'alice' }, { expiresIn: '1m' });
        const later = hsAuthenticator({ clock: () => NOW + 120_000 });
        await refusedWith(later.authenticate(bearer(token)), 'jwt.expired');
      });

      it('refuses a token that is not yet valid', async () => {
        const token = await hsSigner.sign({ sub: 'alice' }, { notBefore: '10m', expiresIn: '1h' });
        await refusedWith(hsAuthenticator().authenticate(bearer(token)), 'jwt.claim-nbf');
      });

      it('refuses a token issued in the future', async () => {
        const token = await otherSigner({ at: NOW + 600_000 }).sign({ sub: 'alice' });
        await refusedWith(hsAuthenticator().authenticate(bearer(token)), 'jwt.iat-in-future');
      });

      it('refuses a wrong issuer', async () => {
        const other = otherSigner({ issuer: 'https://evil.test/' });
        await refusedWith(
          hsAuthenticator().authenticate(bearer(await other.sign({ sub: 'a' }))),
          'jwt.claim-iss',
        );
      });

      it('refuses a wrong audience', async () => {
        const other = otherSigner({ audience: 'billing-api' });
        await refusedWith(
          hsAuthenticator().authenticate(bearer(await other.sign({ sub: 'a' }))),
          'jwt.claim-aud',
        );
      });

      it('refuses a token without exp', async () => {
        const token = await handSigned({ sub: 'a' }, false);
        await refusedWith(hsAuthenticator().authenticate(bearer(token)), 'jwt.claim-exp');
      });

      it('refuses a token without sub', async () => {
        const token = await handSigned({}, true);
        await refusedWith(hsAuthenticator().authenticate(bearer(token)), 'jwt.claim-sub');
      });

      it('refuses a tampered payload', async () => {
        const token = await esSigner.sign({ sub: 'alice', roles: ['reader'] });
        const [header, payload, signature] = token.split('.') as [string, string, string];
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
          string,
          unknown
        >;
        const forged = `${header}.${b64({ ...claims, roles: ['admin'] })}.${signature}`;
        await refusedWith(esAuthenticator().authenticate(bearer(forged)), 'jwt.signature');
      });

      it('refuses a token signed by another key', async () => {
        const stranger = createTokenSigner({
          issuer: ISSUER,
          audience: AUDIENCE,
          key: { privateKey: ecKeys().privateKey },
          clock,
        });
        await refusedWith(
          esAuthenticator().authenticate(bearer(await stranger.sign({ sub: 'a' }))),
          'jwt.signature',
        );
      });

      for (const name of ['jku', 'x5u', 'jwk', 'x5c'] as const) {
        it(`refuses a token whose ${name} header names a key`, async () => {
          const attacker = generateKeyPairSync('ec', { namedCurve: 'P-256' });
          const values = {
            jku: 'https://evil.test/jwks.json',
            x5u: 'https://evil.test/cert.pem',
            jwk: attacker.publicKey.export({ format: 'jwk' }),
            x5c: ['MIIB'],
          };
          const token = await new SignJWT({ sub: 'mallory' })
            .setProtectedHeader({ alg: 'ES256', [name]: values[name] })
            .setIssuer(ISSUER)
            .setAudience(AUDIENCE)
            .setExpirationTime(Math.floor(NOW / 1000) + 60)
            .sign(attacker.privateKey);
          await refusedWith(esAuthenticator().authenticate(bearer(token)), `jwt.header-${name}`);
        });
      }

      it('refuses a 100 KB token before decoding it', async () => {
        const token = await hsSigner.sign({ sub: 'alice', padding: 'x'.repeat(100 * 1024) });
        await refusedWith(hsAuthenticator().authenticate(bearer(token)), 'jwt.too-large');
      });

      it('refuses garbage that is not base64url', async () => {
        await refusedWith(hsAuthenticator().authenticate(bearer('%%%.$$$.!!!')), 'jwt.malformed');
      });

      it('refuses base64url segments that do not decode to a JSON header', async () => {
        await refusedWith(
          hsAuthenticator().authenticate(bearer('bm90LWpzb24.e30.c2ln')),
          'jwt.malformed',
        );
      });

      it('refuses a roles claim that is not a list of strings', async () => {
        const token = await hsSigner.sign({ sub: 'alice', roles: 'admin' as unknown as string[] });
        await refusedWith(hsAuthenticator().authenticate(bearer(token)), 'claims.invalid');
      });

      it('answers every refusal with the same message and challenge', async () => {
        const expired = await hsSigner.sign({ sub: 'a' }, { expiresIn: '1s' });
        const other = otherSigner({ issuer: 'x' });
        const a = await refusalOf(
          hsAuthenticator({ clock: () => NOW + 60_000 }).authenticate(bearer(expired)),
        );
        const b = await refusalOf(
          hsAuthenticator().authenticate(bearer(await other.sign({ sub: 'a' }))),
        );
        expect([a.message, a.headers, a.details]).to.deep.equal([b.message, b.headers, b.details]);
        expect(a.reason).to.not.equal(b.reason);
      });
    });

    context('when requireType is at+jwt', () => {
      it('accepts an RFC 9068 access token', async () => {
        const signer = createTokenSigner({
          issuer: ISSUER,
          audience: AUDIENCE,
          key: { secret: SECRET },
          type: 'at+jwt',
          clock,
        });
        const auth = hsAuthenticator({ requireType: 'at+jwt' });
        expect((await auth.authenticate(bearer(await signer.sign({ sub: 'a' }))))?.id).to.equal(
          'a',
        );
      });

      it('refuses a token of another type', async () => {
        const error = await refusalOf(
          hsAuthenticator({ requireType: 'at+jwt' }).authenticate(
            bearer(await hsSigner.sign({ sub: 'a' })),
          ),
        );
        expect(error.reason).to.equal('jwt.claim-typ');
      });
    });

    context('when maxTokenAge is set', () => {
      it('refuses a token older than the limit', async () => {
        const token = await hsSigner.sign({ sub: 'a' }, { expiresIn: '1h' });
        const auth = hsAuthenticator({ maxTokenAge: '5m', clock: () => NOW + 600_000 });
        expect((await refusalOf(auth.authenticate(bearer(token)))).reason).to.equal('jwt.expired');
      });
    });

    context('when a realm is configured', () => {
      it('names it in the challenge and in refusals', async () => {
        const auth = hsAuthenticator({ realm: 'notes' });
        expect(auth.challenge).to.equal('Bearer realm="notes"');
        const error = await refusalOf(auth.authenticate(bearer('a.b.c')));
        expect(error.headers['WWW-Authenticate']).to.equal(
          'Bearer realm="notes", error="invalid_token"',
        );
      });
    });
  });

  describe('#authenticateNow', () => {
    let now: number;
    let auth: JwtAuthenticator;
    const movingClock = () => now;

    /** A token verified once in full, so its verification is in the cache. */
    async function verifiedToken(
      options: Parameters<typeof hsSigner.sign>[1] = {},
    ): Promise<string> {
      const token = await hsSigner.sign({ sub: 'alice', roles: ['editor'] }, options);
      expect((await auth.authenticate(bearer(token)))?.id).to.equal('alice');
      return token;
    }

    beforeEach(() => {
      now = NOW;
      auth = hsAuthenticator({ clock: movingClock });
    });

    context('when the token was verified before', () => {
      it('returns the principal authenticate resolved, without a promise', async () => {
        const token = await hsSigner.sign({ sub: 'alice', roles: ['editor'], scope: 'notes:read' });
        const principal = await auth.authenticate(bearer(token));

        const known = auth.authenticateNow!(bearer(token));

        expect(known).to.not.be.instanceOf(Promise);
        expect(known).to.deep.equal(principal);
        expect(known?.scopes).to.deep.equal(['notes:read']);
      });

      it('accepts the scheme name in any letter case, as authenticate does', async () => {
        const token = await verifiedToken();

        expect(
          auth.authenticateNow!(requestWith({ authorization: `bEaReR ${token}` }))?.id,
        ).to.equal('alice');
      });

      it('keeps answering until the cached entry is due, then declines', async () => {
        const token = await verifiedToken({ expiresIn: '1m' });

        now = NOW + 59_999;
        expect(auth.authenticateNow!(bearer(token))?.id).to.equal('alice');
        now = NOW + 60_000;
        expect(auth.authenticateNow!(bearer(token))).to.equal(undefined);
      });
    });

    context('when the request carries no bearer token', () => {
      it('returns null without an Authorization header', () => {
        expect(auth.authenticateNow!(requestWith())).to.equal(null);
      });

      it('returns null for another scheme', () => {
        expect(auth.authenticateNow!(requestWith({ authorization: 'ApiKey bwk_abc' }))).to.equal(
          null,
        );
      });
    });

    context('when only a full verification can answer', () => {
      it('declines a token never verified', async () => {
        const token = await hsSigner.sign({ sub: 'alice' });

        expect(auth.authenticateNow!(bearer(token))).to.equal(undefined);
      });

      it('declines a tampered copy of a cached token', async () => {
        const token = await verifiedToken();
        const [header, , signature] = token.split('.') as [string, string, string];
        const forged = `${header}.${b64({ sub: 'mallory', roles: ['admin'] })}.${signature}`;
        const resigned = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;

        expect(auth.authenticateNow!(bearer(forged))).to.equal(undefined);
        expect(auth.authenticateNow!(bearer(resigned))).to.equal(undefined);
        expect(auth.authenticateNow!(bearer(`${token}x`))).to.equal(undefined);
      });

      it('declines a token after forget', async () => {
        const token = await verifiedToken();

        auth.forget(token);

        expect(auth.authenticateNow!(bearer(token))).to.equal(undefined);
      });

      it('declines every token after clearCache', async () => {
        const first = await verifiedToken();
        const second = await verifiedToken({ expiresIn: '2m' });

        auth.clearCache();

        expect(auth.authenticateNow!(bearer(first))).to.equal(undefined);
        expect(auth.authenticateNow!(bearer(second))).to.equal(undefined);
      });

      it('declines a cached token when a revocation check is configured', async () => {
        auth = hsAuthenticator({ clock: movingClock, isRevoked: () => false });
        const token = await verifiedToken();

        expect(auth.authenticateNow!(bearer(token))).to.equal(undefined);
      });

      it('declines when the cache is off', async () => {
        auth = hsAuthenticator({ clock: movingClock, cache: false });
        const token = await verifiedToken();

        expect(auth.authenticateNow!(bearer(token))).to.equal(undefined);
      });

      it('declines a request with access_token in the query, even beside a cached token', async () => {
        const token = await verifiedToken();
        const request = requestWith({ authorization: `Bearer ${token}` }, { access_token: token });

        expect(auth.authenticateNow!(request)).to.equal(undefined);
        expect((await refusalOf(auth.authenticate(request))).reason).to.equal(
          'bearer.query-string',
        );
      });

      it('declines a repeated Authorization header, even of a cached token', async () => {
        const token = await verifiedToken();
        const request = requestWith({ authorization: [`Bearer ${token}`, `Bearer ${token}`] });

        expect(auth.authenticateNow!(request)).to.equal(undefined);
        expect((await refusalOf(auth.authenticate(request))).reason).to.equal(
          'bearer.repeated-header',
        );
      });

      it('declines, rather than reporting no credential, an empty or oversized one', async () => {
        auth = hsAuthenticator({ clock: movingClock, maxTokenLength: 512 });
        await verifiedToken();

        expect(auth.authenticateNow!(requestWith({ authorization: 'Bearer ' }))).to.equal(
          undefined,
        );
        expect(auth.authenticateNow!(bearer('a'.repeat(513)))).to.equal(undefined);
      });
    });
  });

  describe('claims mapping', () => {
    it('reads roles and tenant from configured dot paths and scopes from scp', async () => {
      const token = await hsSigner.sign({
        sub: 'bob',
        realm_access: { roles: ['admin'] },
        org: { id: 'acme' },
        scp: ['a', 'b'],
        dept: 'ops',
      });
      const auth = hsAuthenticator({
        claims: {
          rolesClaim: 'realm_access.roles',
          tenantClaim: 'org.id',
          attributeClaims: ['dept', 'missing'],
        },
      });
      const principal = await auth.authenticate(bearer(token));
      expect(principal?.roles).to.deep.equal(['admin']);
      expect(principal?.tenant).to.equal('acme');
      expect(principal?.scopes).to.deep.equal(['a', 'b']);
      expect(principal?.attributes).to.deep.equal({ dept: 'ops' });
    });

    it('marks a client-credentials token as a client', async () => {
      const token = await hsSigner.sign({ sub: 'svc-1', client_id: 'svc-1' });
      expect((await hsAuthenticator().authenticate(bearer(token)))?.kind).to.equal('client');
    });

    it('applies a custom mapper but keeps the scheme', async () => {
      const token = await hsSigner.sign({ sub: 'carol', groups: ['g1'] });
      const auth = hsAuthenticator({
        mapClaims: (payload, defaults) => ({
          ...defaults,
          roles: payload['groups'] as string[],
          scheme: 'forged',
        }),
      });
      const principal = await auth.authenticate(bearer(token));
      expect(principal?.roles).to.deep.equal(['g1']);
      expect(principal?.scheme).to.equal('bearer');
    });

    it('refuses the token when the custom mapper throws', async () => {
      const token = await hsSigner.sign({ sub: 'carol' });
      const auth = hsAuthenticator({
        mapClaims: () => {
          throw new Error('no such user');
        },
      });
      expect((await refusalOf(auth.authenticate(bearer(token)))).reason).to.equal('claims.invalid');
    });

    it('refuses a token carrying both scope and scp', async () => {
      const token = await hsSigner.sign({ sub: 'a', scope: 'x', scp: ['y'] });
      await refusalOf(hsAuthenticator().authenticate(bearer(token)));
    });

    it('uses a fixed kind when configured', async () => {
      const token = await hsSigner.sign({ sub: 'a' });
      const auth = hsAuthenticator({ claims: { kind: 'client' } });
      expect((await auth.authenticate(bearer(token)))?.kind).to.equal('client');
    });
  });

  describe('options', () => {
    it('refuses an HMAC algorithm with a public key', () => {
      const error = thrown(() =>
        hsAuthenticator({ key: { publicKey: ecKeys().publicKey }, algorithms: ['HS256'] }),
      );
      expect(error.code).to.equal('ERR_CONFIG_INVALID');
    });

    it('refuses an asymmetric algorithm with a secret', () => {
      expect(thrown(() => hsAuthenticator({ algorithms: ['ES256'] })).code).to.equal(
        'ERR_CONFIG_INVALID',
      );
    });

    it('refuses a secret shorter than the hash output', () => {
      expect(thrown(() => hsAuthenticator({ key: { secret: 'short' } })).code).to.equal(
        'ERR_CONFIG_INVALID',
      );
    });

    it('refuses none among the algorithms', () => {
      const error = thrown(() => hsAuthenticator({ algorithms: ['none' as 'HS256'] }));
      expect(error.details?.['problems']).to.include('algorithms: "none" is never accepted.');
    });

    it('refuses a key that cannot be read', () => {
      expect(thrown(() => hsAuthenticator({ key: { publicKey: 'not a pem' } })).code).to.equal(
        'ERR_CONFIG_INVALID',
      );
    });

    it('refuses a symmetric JWK given as a public key', () => {
      const jwk = { kty: 'oct', k: Buffer.from(SECRET).toString('base64url') };
      expect(thrown(() => hsAuthenticator({ key: { publicKey: jwk } })).code).to.equal(
        'ERR_CONFIG_INVALID',
      );
    });

    it('reports every problem together', () => {
      const error = thrown(() =>
        createJwtAuthenticator({
          issuer: '',
          audience: [],
          key: { secret: 'short' },
          clockTolerance: 3600,
          surprise: true,
        } as unknown as JwtAuthenticatorOptions),
      );
      expect(error.code).to.equal('ERR_CONFIG_INVALID');
      expect(error.details?.['problems']).to.have.length(5);
    });

    it('refuses a key that gives both a secret and a public key', () => {
      const key = { secret: SECRET, publicKey: ecKeys().publicKey } as unknown as {
        secret: string;
      };
      expect(thrown(() => hsAuthenticator({ key })).code).to.equal('ERR_CONFIG_INVALID');
    });

    it('refuses an unknown claims option and a bad maxTokenAge', () => {
      const error = thrown(() =>
        hsAuthenticator({ claims: { role: 'x' } as never, maxTokenAge: 'soon' as never }),
      );
      expect(error.details?.['problems']).to.have.length(2);
    });
  });
});
