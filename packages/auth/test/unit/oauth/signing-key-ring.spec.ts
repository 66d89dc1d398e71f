import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import { createSigningKeyRing } from '@bulwark/auth';
import { calculateJwkThumbprint } from 'jose';
import { ecKeys, NOW, thrown } from '../../support/fixtures';

describe('SigningKeyRing', () => {
  let now: number;
  beforeEach(() => {
    now = NOW;
  });

  describe('#jwks', () => {
    it('publishes the current public key with its RFC 7638 thumbprint as kid', async () => {
      const ring = createSigningKeyRing({ clock: () => now });
      const [jwk] = ring.jwks().keys as [Record<string, string>];
      expect(jwk).to.include({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
      expect(jwk).to.not.have.property('d');
      expect(jwk['kid']).to.equal(await calculateJwkThumbprint(jwk));
      expect(ring.current().kid).to.equal(jwk['kid']);
    });

    it('publishes Ed25519 keys for EdDSA', () => {
      const ring = createSigningKeyRing({ algorithm: 'EdDSA' });
      expect(ring.jwks().keys[0]).to.include({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    });

    it('returns the same object until the published set changes', () => {
      const ring = createSigningKeyRing({ clock: () => now });
      expect(ring.jwks()).to.equal(ring.jwks());
      const before = ring.jwks();
      ring.rotate();
      expect(ring.jwks()).to.not.equal(before);
    });
  });

  describe('#rotate', () => {
    it('signs with the new key and keeps the previous one published until retention ends', () => {
      const ring = createSigningKeyRing({ clock: () => now, retainRetiredFor: '70m' });
      const previous = ring.current().kid;
      const next = ring.rotate();
      expect(ring.current().kid).to.equal(next.kid);
      expect(ring.jwks().keys.map((k) => k.kid)).to.deep.equal([previous, next.kid]);
      now += 69 * 60_000;
      expect(ring.jwks().keys).to.have.length(2);
      now += 60_000;
      expect(ring.jwks().keys.map((k) => k.kid)).to.deep.equal([next.kid]);
    });

    it('accepts a given key', () => {
      const { privateKey } = ecKeys();
      const ring = createSigningKeyRing();
      const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      expect(ring.rotate(pem).privateKey.export({ format: 'jwk' }).d).to.equal(
        privateKey.export({ format: 'jwk' }).d,
      );
    });
  });

  describe('options', () => {
    it('starts from configured keys, the last current one signing', () => {
      const old = ecKeys().privateKey;
      const current = ecKeys().privateKey;
      const ring = createSigningKeyRing({
        keys: [{ privateKey: old, retiredAt: NOW }, { privateKey: current }],
        clock: () => now,
      });
      expect(ring.jwks().keys).to.have.length(2);
      expect(ring.current().privateKey).to.equal(current);
    });

    it('refuses a key of another algorithm', () => {
      const ed = generateKeyPairSync('ed25519').privateKey;
      expect(thrown(() => createSigningKeyRing({ keys: [{ privateKey: ed }] })).code).to.equal(
        'ERR_CONFIG_INVALID',
      );
    });

    it('refuses a set without exactly one current key', () => {
      const keys = [{ privateKey: ecKeys().privateKey }, { privateKey: ecKeys().privateKey }];
      expect(thrown(() => createSigningKeyRing({ keys })).code).to.equal('ERR_CONFIG_INVALID');
      expect(thrown(() => createSigningKeyRing({ keys: [] })).code).to.equal('ERR_CONFIG_INVALID');
    });
  });
});
