import { expect } from 'chai';
import { apiKeyPattern, generateApiKey, hashApiKey, parseApiKey } from '@bulwark/auth';
import { checksumOf } from '../../support/fixtures';

describe('generateApiKey', () => {
  it('produces prefix, identifier, secret and checksum in a scannable shape', () => {
    const { id, key } = generateApiKey('bwk');
    expect(key).to.match(/^bwk_[0-9A-Za-z]{16}_[0-9A-Za-z]{49}$/);
    expect(key.slice(4, 20)).to.equal(id);
    expect(key.match(apiKeyPattern('bwk'))).to.deep.equal([key]);
  });

  it('draws every character of the secret evenly from base62', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 400; i += 1) {
      const secret = generateApiKey('bwk').key.slice(21, 64);
      for (const c of secret) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    expect(counts.size).to.equal(62);
    const values = [...counts.values()];
    expect(Math.min(...values)).to.be.greaterThan(150);
    expect(Math.max(...values)).to.be.lessThan(400);
  });

  it('never repeats a key', () => {
    const keys = new Set(Array.from({ length: 1000 }, () => generateApiKey('bwk').key));
    expect(keys.size).to.equal(1000);
  });
});

describe('parseApiKey', () => {
  it('returns the identifier of a well-formed key', () => {
    const { id, key } = generateApiKey('acme');
    expect(parseApiKey(key, 'acme')).to.deep.equal({ id, key });
  });

  it('refuses a key whose checksum does not match (typo or forgery)', () => {
    const { key } = generateApiKey('bwk');
    const changed = `${key.slice(0, 30)}${key[30] === 'a' ? 'b' : 'a'}${key.slice(31)}`;
    expect(parseApiKey(changed, 'bwk')).to.equal('checksum');
  });

  it('refuses another prefix, extra text and garbage', () => {
    const { key } = generateApiKey('bwk');
    expect(parseApiKey(key, 'other')).to.equal('malformed');
    expect(parseApiKey(`${key} `, 'bwk')).to.equal('malformed');
    expect(parseApiKey(`x${key}`, 'bwk')).to.equal('malformed');
    expect(parseApiKey('bwk_short', 'bwk')).to.equal('malformed');
    expect(parseApiKey('', 'bwk')).to.equal('malformed');
  });

  it('uses a CRC32 of everything before the checksum', () => {
    const { key } = generateApiKey('bwk');
    expect(key.slice(-6)).to.equal(checksumOf(key.slice(0, -6)));
  });
});

describe('hashApiKey', () => {
  it('returns a SHA-256 hex digest that does not contain the key', () => {
    const { key } = generateApiKey('bwk');
    const hash = hashApiKey(key);
    expect(hash).to.match(/^[0-9a-f]{64}$/);
    expect(hash).to.not.include(key.slice(21, 40));
  });
});
