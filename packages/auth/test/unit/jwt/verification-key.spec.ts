import { expect } from 'chai';
import { createSecretKey, generateKeyPairSync, randomBytes, webcrypto } from 'node:crypto';
import { verificationKey } from '../../../src/jwt/verification-key';

/** WebCrypto's key class, global in Node 20 though its typings only name it in `webcrypto`. */
const CryptoKeyClass = (globalThis as unknown as { CryptoKey: Function }).CryptoKey;

function isCryptoKey(value: unknown): value is webcrypto.CryptoKey {
  return value instanceof CryptoKeyClass;
}

describe('verificationKey', () => {
  const secret = createSecretKey(randomBytes(32));
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });

  context('when the key suits the algorithm', () => {
    it('converts a secret once into an HMAC key for verifying that algorithm only', async () => {
      const first = await verificationKey(secret, 'HS256');
      const again = await verificationKey(secret, 'HS256');

      expect(isCryptoKey(first)).to.equal(true);
      expect(again).to.equal(first);
      const key = first as webcrypto.CryptoKey;
      expect(key.algorithm).to.deep.include({ name: 'HMAC' });
      expect((key.algorithm as webcrypto.HmacKeyAlgorithm).hash.name).to.equal('SHA-256');
      expect(key.usages).to.deep.equal(['verify']);
      expect(key.extractable).to.equal(false);
    });

    it('keeps one converted key per algorithm', async () => {
      const hs384 = (await verificationKey(secret, 'HS384')) as webcrypto.CryptoKey;
      const hs256 = (await verificationKey(secret, 'HS256')) as webcrypto.CryptoKey;

      expect(hs384).to.not.equal(hs256);
      expect((hs384.algorithm as webcrypto.HmacKeyAlgorithm).hash.name).to.equal('SHA-384');
    });

    it('converts a public key into a verifying key of the named curve', async () => {
      const key = await verificationKey(publicKey, 'ES256');

      expect(isCryptoKey(key)).to.equal(true);
      expect((key as webcrypto.CryptoKey).algorithm).to.deep.include({
        name: 'ECDSA',
        namedCurve: 'P-256',
      });
      expect(await verificationKey(publicKey, 'ES256')).to.equal(key);
    });
  });

  context('when the algorithm does not suit the key (key confusion)', () => {
    it('leaves a public key asked for as an HMAC secret as it is, for jose to refuse', async () => {
      expect(await verificationKey(publicKey, 'HS256')).to.equal(publicKey);
    });

    it('leaves a secret asked for as a signature key as it is', async () => {
      expect(await verificationKey(secret, 'ES256')).to.equal(secret);
      expect(await verificationKey(secret, 'none')).to.equal(secret);
    });

    it('leaves a key it cannot convert for that algorithm as it is', async () => {
      expect(await verificationKey(publicKey, 'RS256')).to.equal(publicKey);
    });
  });
});
