import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import { createJwtAuthenticator, createTokenSigner } from '@bulwark/auth';
import type { TokenSignerOptions } from '@bulwark/auth';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { AUDIENCE, bearer, ecKeys, ISSUER, NOW, SECRET, thrown } from '../../support/fixtures';

const clock = (): number => NOW;

function signer(extra: Partial<TokenSignerOptions> = {}) {
  return createTokenSigner({
    issuer: ISSUER,
    audience: AUDIENCE,
    key: { secret: SECRET },
    clock,
    ...extra,
  });
}

describe('createTokenSigner', () => {
  describe('#sign', () => {
    it('writes iss, aud, iat, exp, jti and the given claims', async () => {
      const token = await signer().sign(
        { sub: 'alice', roles: ['editor'], scope: ['notes:read', 'notes:write'], tenant: 't1' },
        { expiresIn: '2m' },
      );
      const claims = decodeJwt(token);
      expect(claims).to.deep.include({
        iss: ISSUER,
        aud: AUDIENCE,
        sub: 'alice',
        iat: NOW / 1000,
        exp: NOW / 1000 + 120,
        scope: 'notes:read notes:write',
        tenant: 't1',
      });
      expect(claims.jti).to.be.a('string').with.length(36);
    });

    it('defaults to a fifteen-minute lifetime', async () => {
      const claims = decodeJwt(await signer().sign({ sub: 'a' }));
      expect(claims.exp! - claims.iat!).to.equal(900);
    });

    it('does not let claims override the registered ones it sets', async () => {
      const token = await signer().sign({
        sub: 'a',
        iss: 'https://evil.test/',
        exp: 9_999_999_999,
      });
      const claims = decodeJwt(token);
      expect(claims.iss).to.equal(ISSUER);
      expect(claims.exp).to.equal(NOW / 1000 + 900);
    });

    it('writes the kid and typ headers', async () => {
      const token = await signer({ keyId: 'k1', type: 'at+jwt' }).sign({ sub: 'a' });
      expect(decodeProtectedHeader(token)).to.deep.equal({
        alg: 'HS256',
        typ: 'at+jwt',
        kid: 'k1',
      });
    });

    it('refuses a token without sub', async () => {
      let code: unknown;
      await signer()
        .sign({ sub: '' })
        .catch((error: { code: unknown }) => (code = error.code));
      expect(code).to.equal('ERR_CONFIG_INVALID');
    });

    it('signs ES256 and EdDSA tokens that the authenticator verifies', async () => {
      const pairs = [ecKeys(), generateKeyPairSync('ed25519')];
      for (const { privateKey, publicKey } of pairs) {
        const s = signer({ key: { privateKey } });
        const auth = createJwtAuthenticator({
          issuer: ISSUER,
          audience: AUDIENCE,
          key: { publicKey },
          clock,
        });
        const principal = await auth.authenticate(bearer(await s.sign({ sub: 'svc' })));
        expect(principal?.id).to.equal('svc');
      }
    });

    it('picks the natural algorithm of a private key', () => {
      expect(signer({ key: { privateKey: ecKeys().privateKey } }).algorithm).to.equal('ES256');
      expect(
        signer({ key: { privateKey: generateKeyPairSync('ed25519').privateKey } }).algorithm,
      ).to.equal('EdDSA');
    });

    it('accepts a PKCS#8 PEM and a private JWK', () => {
      const { privateKey } = ecKeys();
      const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const jwk = privateKey.export({ format: 'jwk' });
      expect(signer({ key: { privateKey: pem } }).algorithm).to.equal('ES256');
      expect(signer({ key: { privateKey: jwk } }).algorithm).to.equal('ES256');
    });
  });

  describe('options', () => {
    it('refuses an algorithm that does not fit the private key', () => {
      const error = thrown(() =>
        signer({ key: { privateKey: ecKeys().privateKey }, algorithm: 'HS256' }),
      );
      expect(error.code).to.equal('ERR_CONFIG_INVALID');
    });

    it('refuses a public key given as the private key', () => {
      const error = thrown(() => signer({ key: { privateKey: ecKeys().publicKey } }));
      expect(error.code).to.equal('ERR_CONFIG_INVALID');
    });

    it('refuses a short secret, an empty issuer and an unknown option together', () => {
      const error = thrown(() =>
        signer({ key: { secret: 'short' }, issuer: '', extra: 1 } as unknown as TokenSignerOptions),
      );
      expect(error.details?.['problems']).to.have.length(3);
    });
  });
});
