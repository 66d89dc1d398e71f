import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import { indexKeySet } from '../../../src/jwt/jwk-set';
import { ecKeys, publicJwk } from '../../support/fixtures';

const ALL = ['ES256', 'EdDSA', 'RS256'] as const;

describe('indexKeySet', () => {
  const ec = ecKeys();
  const ed = generateKeyPairSync('ed25519');

  it('finds a key by kid for a fitting algorithm', () => {
    const index = indexKeySet(
      { keys: [publicJwk(ec.publicKey, 'a'), publicJwk(ed.publicKey, 'b')] },
      ALL,
    );
    expect(index.size).to.equal(2);
    expect(index.select('b', 'EdDSA')?.asymmetricKeyType).to.equal('ed25519');
    expect(index.select('zzz', 'ES256')).to.equal(undefined);
  });

  it('uses the only fitting key when the token has no kid', () => {
    const index = indexKeySet(
      { keys: [publicJwk(ec.publicKey, 'a'), publicJwk(ed.publicKey, 'b')] },
      ALL,
    );
    expect(index.select(undefined, 'ES256')?.asymmetricKeyType).to.equal('ec');
  });

  it('refuses to guess between several fitting keys when the token has no kid', () => {
    const other = ecKeys();
    const index = indexKeySet(
      { keys: [publicJwk(ec.publicKey, 'a'), publicJwk(other.publicKey, 'b')] },
      ALL,
    );
    expect(() => index.select(undefined, 'ES256'))
      .to.throw()
      .with.property('reason', 'jwt.kid-required');
  });

  it('refuses an algorithm that does not fit the named key (key confusion)', () => {
    const index = indexKeySet({ keys: [publicJwk(ec.publicKey, 'a')] }, ALL);
    expect(() => index.select('a', 'RS256'))
      .to.throw()
      .with.property('reason', 'jwt.alg-key-mismatch');
    expect(() => index.select('a', 'HS256'))
      .to.throw()
      .with.property('reason', 'jwt.alg-key-mismatch');
  });

  it('binds a key to its own alg when it states one', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const index = indexKeySet({ keys: [{ ...publicJwk(rsa.publicKey, 'r'), alg: 'PS256' }] }, [
      'RS256',
      'PS256',
    ]);
    expect(index.select('r', 'PS256')).to.not.equal(undefined);
    expect(() => index.select('r', 'RS256'))
      .to.throw()
      .with.property('reason', 'jwt.alg-key-mismatch');
  });

  it('skips symmetric, encryption, unsupported and malformed keys', () => {
    const index = indexKeySet(
      {
        keys: [
          { kty: 'oct', k: 'c2VjcmV0', kid: 'oct' },
          { ...publicJwk(ec.publicKey, 'enc'), use: 'enc' },
          { ...publicJwk(ec.publicKey, 'ops'), key_ops: ['encrypt'] },
          { ...publicJwk(ec.publicKey, 'bad-alg'), alg: 'RS256' },
          { kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA', kid: 'broken' },
          { kty: 'OKP', crv: 'X25519', x: 'AAAA', kid: 'x25519' },
          'not a key',
          null,
        ],
      },
      ALL,
    );
    expect(index.size).to.equal(0);
  });

  it('drops private parts and keeps only the public key', () => {
    const jwk = { ...ec.privateKey.export({ format: 'jwk' }), kid: 'p' };
    const index = indexKeySet({ keys: [jwk] }, ALL);
    expect(index.select('p', 'ES256')?.type).to.equal('public');
  });

  it('skips keys whose algorithms are not allowed', () => {
    const index = indexKeySet({ keys: [publicJwk(ed.publicKey, 'b')] }, ['ES256']);
    expect(index.size).to.equal(0);
  });

  it('treats a document without keys as an empty set', () => {
    expect(indexKeySet({}, ALL).size).to.equal(0);
    expect(indexKeySet(null, ALL).size).to.equal(0);
  });

  it('changes the fingerprint exactly when the usable keys change', () => {
    const one = indexKeySet({ keys: [publicJwk(ec.publicKey, 'a')] }, ALL);
    const same = indexKeySet(
      { keys: [publicJwk(ec.publicKey, 'a'), { kty: 'oct', k: 'eA' }] },
      ALL,
    );
    const two = indexKeySet(
      { keys: [publicJwk(ec.publicKey, 'a'), publicJwk(ed.publicKey, 'b')] },
      ALL,
    );
    expect(same.fingerprint).to.equal(one.fingerprint);
    expect(two.fingerprint).to.not.equal(one.fingerprint);
  });
});
