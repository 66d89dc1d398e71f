import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { createJwtAuthenticator, createTokenSigner } from '@bulwark/auth';
import type { JwtAuthenticatorOptions } from '@bulwark/auth';
import { createPrincipal } from '@bulwark/core';
import { VerifiedTokenCache } from '../../../src/jwt/verified-token-cache';
import {
  AUDIENCE,
  bearer,
  ecKeys,
  fakeJwks,
  ISSUER,
  NOW,
  publicJwk,
  rejection,
  SECRET,
} from '../../support/fixtures';

const verification = (id: string) => ({
  principal: createPrincipal({ id, kind: 'user', scheme: 'bearer' }),
  claims: { sub: id },
});

describe('VerifiedTokenCache', () => {
  describe('#get', () => {
    it('returns a stored verification until its bound', () => {
      const cache = new VerifiedTokenCache(10, 60_000);
      cache.set('k', verification('a'), [NOW + 1000], NOW, 0);
      expect(cache.get('k', NOW + 999, 0)?.principal.id).to.equal('a');
      expect(cache.get('k', NOW + 1000, 0)).to.equal(undefined);
      expect(cache.size).to.equal(0);
    });

    it('never keeps an entry longer than maxAge', () => {
      const cache = new VerifiedTokenCache(10, 5_000);
      cache.set('k', verification('a'), [NOW + 3_600_000], NOW, 0);
      expect(cache.get('k', NOW + 5_000, 0)).to.equal(undefined);
    });

    it('ignores an entry verified against another key generation', () => {
      const cache = new VerifiedTokenCache(10, 60_000);
      cache.set('k', verification('a'), [NOW + 10_000], NOW, 1);
      expect(cache.get('k', NOW, 2)).to.equal(undefined);
    });
  });

  describe('#set', () => {
    it('evicts the least recently used entry when full', () => {
      const cache = new VerifiedTokenCache(2, 60_000);
      cache.set('a', verification('a'), [NOW + 10_000], NOW, 0);
      cache.set('b', verification('b'), [NOW + 10_000], NOW, 0);
      cache.get('a', NOW, 0);
      cache.set('c', verification('c'), [NOW + 10_000], NOW, 0);
      expect(cache.get('b', NOW, 0)).to.equal(undefined);
      expect(cache.get('a', NOW, 0)?.principal.id).to.equal('a');
      expect(cache.size).to.equal(2);
    });

    it('stores nothing that is already past its bound', () => {
      const cache = new VerifiedTokenCache(2, 60_000);
      cache.set('a', verification('a'), [NOW - 1], NOW, 0);
      expect(cache.size).to.equal(0);
    });
  });

  describe('.keyOf', () => {
    it('hashes the token instead of keeping it', () => {
      const key = VerifiedTokenCache.keyOf('header.payload.signature');
      expect(key).to.have.length(43);
      expect(key).to.not.include('payload');
    });

    it('is the base64url SHA-256 of the token', () => {
      for (const token of ['header.payload.signature', 'eyJhbGciOiJIUzI1NiJ9.e30.c2ln', 'ü✓']) {
        const expected = createHash('sha256').update(token).digest('base64url');

        expect(VerifiedTokenCache.keyOf(token), token).to.equal(expected);
      }
    });
  });

  context('when used by the authenticator', () => {
    let now: number;
    let mapped: number;
    const signer = createTokenSigner({
      issuer: ISSUER,
      audience: AUDIENCE,
      key: { secret: SECRET },
      clock: () => NOW,
    });

    function authenticator(extra: Partial<JwtAuthenticatorOptions> = {}) {
      return createJwtAuthenticator({
        issuer: ISSUER,
        audience: AUDIENCE,
        key: { secret: SECRET },
        clock: () => now,
        mapClaims: (_claims, defaults) => {
          mapped += 1;
          return defaults;
        },
        ...extra,
      });
    }

    beforeEach(() => {
      now = NOW;
      mapped = 0;
    });

    it('verifies a repeated token once', async () => {
      const auth = authenticator();
      const token = await signer.sign({ sub: 'a' });
      await auth.authenticate(bearer(token));
      const again = await auth.authenticate(bearer(token));
      expect(again?.id).to.equal('a');
      expect(mapped).to.equal(1);
    });

    it('verifies every time when the cache is off', async () => {
      const auth = authenticator({ cache: false });
      const token = await signer.sign({ sub: 'a' });
      await auth.authenticate(bearer(token));
      await auth.authenticate(bearer(token));
      expect(mapped).to.equal(2);
    });

    it('stops serving a token from the cache at its exp, then refuses it', async () => {
      const auth = authenticator();
      const token = await signer.sign({ sub: 'a' }, { expiresIn: '1m' });
      await auth.authenticate(bearer(token));
      now += 60_000;
      await auth.authenticate(bearer(token));
      expect(mapped).to.equal(2);
      now += 6_000;
      expect((await rejection(auth.authenticate(bearer(token)))).reason).to.equal('jwt.expired');
    });

    it('never serves a tampered copy of a cached token', async () => {
      const auth = authenticator();
      const token = await signer.sign({ sub: 'a' });
      await auth.authenticate(bearer(token));
      const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
      expect((await rejection(auth.authenticate(bearer(tampered)))).code).to.equal(
        'ERR_AUTHN_INVALID',
      );
    });

    it('checks revocation on every request, cache hit or not', async () => {
      const revoked = new Set<string>();
      const auth = authenticator({ isRevoked: (claims) => revoked.has(claims.jti as string) });
      const token = await signer.sign({ sub: 'a' }, { jwtId: 'j-1' });
      await auth.authenticate(bearer(token));
      revoked.add('j-1');
      expect((await rejection(auth.authenticate(bearer(token)))).reason).to.equal('jwt.revoked');
    });

    it('refuses the token when the revocation check fails (fail closed)', async () => {
      const auth = authenticator({ isRevoked: () => Promise.reject(new Error('db down')) });
      const token = await signer.sign({ sub: 'a' });
      expect((await rejection(auth.authenticate(bearer(token)))).reason).to.equal('claims.invalid');
    });

    it('verifies again after forget and clearCache', async () => {
      const auth = authenticator();
      const token = await signer.sign({ sub: 'a' });
      await auth.authenticate(bearer(token));
      auth.forget(token);
      await auth.authenticate(bearer(token));
      auth.clearCache();
      await auth.authenticate(bearer(token));
      expect(mapped).to.equal(3);
    });

    it('drops cached tokens when the key set rotates', async () => {
      const { privateKey, publicKey } = ecKeys();
      const other = ecKeys();
      const jwks = fakeJwks([publicJwk(publicKey, 'k1')]);
      const auth = authenticator({
        key: { jwksUrl: 'https://issuer.test/jwks', fetch: jwks.fetch, cacheMaxAge: '1m' },
      });
      const es = createTokenSigner({
        issuer: ISSUER,
        audience: AUDIENCE,
        key: { privateKey },
        keyId: 'k1',
        clock: () => NOW,
      });
      const token = await es.sign({ sub: 'a' }, { expiresIn: '1h' });
      await auth.authenticate(bearer(token));
      jwks.keys = [publicJwk(other.publicKey, 'k2')];
      now += 61_000;
      expect((await rejection(auth.authenticate(bearer(token)))).reason).to.equal(
        'jwt.kid-unknown',
      );
    });

    it('bounds entries by maxTokenAge', async () => {
      const auth = authenticator({ maxTokenAge: '2m' });
      const token = await signer.sign({ sub: 'a' }, { expiresIn: '1h' });
      await auth.authenticate(bearer(token));
      now += 120_000;
      await auth.authenticate(bearer(token));
      expect(mapped).to.equal(2);
      now += 6_000;
      expect((await rejection(auth.authenticate(bearer(token)))).reason).to.equal('jwt.expired');
    });

    it('refuses bad cache options', async () => {
      const make = (cache: unknown) => () => authenticator({ cache: cache as false });
      expect(make({ maxEntries: 0 }))
        .to.throw()
        .with.property('code', 'ERR_CONFIG_INVALID');
      expect(make({ size: 1 }))
        .to.throw()
        .with.property('code', 'ERR_CONFIG_INVALID');
      expect(make('yes')).to.throw().with.property('code', 'ERR_CONFIG_INVALID');
    });
  });
});
