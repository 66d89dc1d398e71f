import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { createPrincipal, type RateLimitKeyInput } from '@bulwark/core';
import { hashTagOf, identityHash, resolveIdentity, storageKey } from '../../../src/keys/limit-key';

const grouping = { ipv4Prefix: 32, ipv6Prefix: 64 };

function input(principal: Parameters<typeof createPrincipal>[0] | null): RateLimitKeyInput {
  return {
    clientAddress: '203.0.113.5',
    principal: principal === null ? null : createPrincipal(principal),
    params: { tenant: 't-9' },
    headers: {},
  };
}

describe('resolveIdentity', () => {
  const user = {
    id: 'u-1',
    kind: 'user' as const,
    scheme: 'bearer',
    tenant: 'acme',
    attributes: { client_id: 'web' },
  };

  it('names the grouped client address for `ip`', () => {
    expect(resolveIdentity('ip', input(user), grouping)).to.equal('ip:v4:203.0.113.5/32');
  });

  it('names the principal with its kind for `principal`', () => {
    expect(resolveIdentity('principal', input(user), grouping)).to.equal('principal:user:u-1');
  });

  it('names the tenant for `tenant`', () => {
    expect(resolveIdentity('tenant', input(user), grouping)).to.equal('tenant:acme');
  });

  it('names the OAuth client of a user token, or the client itself', () => {
    expect(resolveIdentity('client', input(user), grouping)).to.equal('client:web');
    const client = { id: 'svc-1', kind: 'client' as const, scheme: 'bearer' };
    expect(resolveIdentity('client', input(client), grouping)).to.equal('client:svc-1');
  });

  it('names the key id of an API-key principal', () => {
    const key = {
      id: 'owner-1',
      kind: 'api-key' as const,
      scheme: 'apiKey',
      credentialId: 'key-7',
    };
    expect(resolveIdentity('api-key', input(key), grouping)).to.equal('api-key:key-7');
  });

  it('falls back to the client address when the request lacks the identity', () => {
    const bare = { id: 'u-2', kind: 'user' as const, scheme: 'bearer' };
    for (const key of ['principal', 'tenant', 'client', 'api-key'] as const) {
      const anonymous = key === 'principal' ? input(null) : input(bare);
      expect(resolveIdentity(key, anonymous, grouping)).to.equal('ip:v4:203.0.113.5/32');
    }
  });

  it('uses a custom key function and falls back when it returns null or an empty string', () => {
    const byParam = (i: RateLimitKeyInput) => String(i.params['tenant']);
    expect(resolveIdentity(byParam, input(null), grouping)).to.equal('custom:t-9');
    expect(resolveIdentity(() => null, input(null), grouping)).to.equal('ip:v4:203.0.113.5/32');
    expect(resolveIdentity(() => '', input(null), grouping)).to.equal('ip:v4:203.0.113.5/32');
  });
});

describe('identityHash', () => {
  /** The documented value, computed without the function under test. */
  const expected = (identity: string) =>
    createHash('sha256').update(identity).digest().subarray(0, 16).toString('base64url');

  it('returns the first 128 bits of the SHA-256 of the identity in base64url', () => {
    const hashed = identityHash('principal:user:alice');

    expect(hashed).to.equal(expected('principal:user:alice'));
    expect(hashed).to.have.length(22);
  });

  it('returns different values for different identities', () => {
    const values = ['ip:v4:203.0.113.5/32', 'ip:v4:203.0.113.6/32', 'principal:user:alice'].map(
      identityHash,
    );

    expect(new Set(values).size).to.equal(3);
  });

  it('returns the same value after more distinct identities than it remembers', () => {
    const before = identityHash('principal:user:bob');
    for (let i = 0; i < 4100; i += 1) identityHash(`ip:v4:10.${i >> 8}.${i & 255}.1/32`);

    const after = identityHash('principal:user:bob');

    expect(after).to.equal(before);
    expect(after).to.equal(expected('principal:user:bob'));
    expect(identityHash('ip:v4:10.0.0.1/32')).to.equal(expected('ip:v4:10.0.0.1/32'));
  });
});

describe('storageKey', () => {
  it('keeps the identity out of the key and puts its hash in the hash tag', () => {
    const key = storageKey(
      'app:',
      identityHash('principal:user:alice@example.com'),
      'R.get:burst:fw',
    );
    expect(key).to.match(/^app:\{[A-Za-z0-9_-]{22}\}:R\.get:burst:fw$/);
    expect(key).to.not.include('alice');
  });

  it('cannot be steered into another hash tag by a crafted identity', () => {
    const key = storageKey('app:', identityHash('custom:}{evil'), 's');
    expect(hashTagOf(key)).to.have.length(22);
  });
});

describe('hashTagOf', () => {
  it('returns the text between the first braces, or the whole key without them', () => {
    expect(hashTagOf('p:{abc}:x')).to.equal('abc');
    expect(hashTagOf('p:abc')).to.equal('p:abc');
    expect(hashTagOf('p:{}:x')).to.equal('p:{}:x');
  });
});
