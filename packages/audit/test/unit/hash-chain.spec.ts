import { expect } from 'chai';
import {
  canonicalJson,
  chainHash,
  GENESIS_HASH,
  sealEvents,
  type AuditEvent,
} from '@bulwark/audit';
import { eventInput } from '../../../../test/audit/support/event-input';

const event: AuditEvent = { ...eventInput(), id: 'evt-1', time: '2026-01-01T00:00:00.000Z' };

describe('canonicalJson', () => {
  it('sorts keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).to.equal(
      '{"a":{"c":null,"d":[1,{"e":3,"f":2}]},"b":1}',
    );
  });

  it('leaves out undefined properties', () => {
    expect(canonicalJson({ a: undefined, b: 'x' })).to.equal('{"b":"x"}');
  });
});

describe('chainHash', () => {
  it('does not depend on key order or chain fields', () => {
    const reordered = JSON.parse(
      JSON.stringify({ hash: 'x', sequence: 9, ...event }),
    ) as AuditEvent;
    expect(chainHash(GENESIS_HASH, reordered)).to.equal(chainHash(GENESIS_HASH, event));
  });

  it('changes with the previous hash and with the key', () => {
    const plain = chainHash(GENESIS_HASH, event);
    expect(chainHash('1'.repeat(64), event)).to.not.equal(plain);
    expect(chainHash(GENESIS_HASH, event, 'k'.repeat(32))).to.not.equal(plain);
  });
});

describe('sealEvents', () => {
  it('numbers on from the head and links each event to the one before', () => {
    const sealed = sealEvents([event, { ...event, id: 'evt-2' }], {
      sequence: 7,
      hash: 'a'.repeat(64),
    });

    expect(sealed.map((row) => row.sequence)).to.deep.equal([8, 9]);
    expect(sealed[0]?.previousHash).to.equal('a'.repeat(64));
    expect(sealed[1]?.previousHash).to.equal(sealed[0]?.hash);
  });

  it('starts an empty chain at 1 from the genesis hash', () => {
    const [first] = sealEvents([event], null);
    expect(first).to.include({ sequence: 1, previousHash: GENESIS_HASH });
  });
});
