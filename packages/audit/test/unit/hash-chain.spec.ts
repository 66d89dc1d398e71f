import { expect } from 'chai';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
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

  it('writes exactly what the map, filter and join form of the same rules writes', () => {
    // The rules as first written; chains stored by it must keep verifying.
    const reference = (value: unknown): string => {
      if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
      if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
      const record = value as Record<string, unknown>;
      const fields = Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${reference(record[key])}`);
      return `{${fields.join(',')}}`;
    };
    const leaf = fc.oneof(
      fc.string(),
      fc.double({ noNaN: false }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.date({ noInvalidDate: true }),
    );
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, tie('list'), tie('record')),
      list: fc.oneof(fc.array(tie('node')), fc.sparseArray(tie('node'))),
      record: fc.dictionary(fc.string(), tie('node')),
    })).node;

    fc.assert(
      fc.property(tree, (value) => canonicalJson(value) === reference(value)),
      {
        numRuns: 500,
      },
    );
  });
});

describe('chainHash', () => {
  it('hashes exactly the canonical JSON of the event without its chain fields', () => {
    const text = fc.oneof(fc.string(), fc.constant(null));
    const event = fc.record({
      id: fc.uuid(),
      time: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      actor: fc.record({ id: text, kind: fc.constantFrom('user', 'client', 'anonymous') }),
      action: fc.string(),
      subject: fc.record({ type: text, id: text }),
      route: fc.string(),
      outcome: fc.constantFrom('allowed', 'denied', 'failed', 'error'),
      status: fc.integer({ min: 100, max: 599 }),
      reason: text,
      requestId: fc.string(),
      clientAddress: fc.string(),
      userAgent: text,
      durationMs: fc.nat(),
      details: fc.oneof(fc.constant(null), fc.dictionary(fc.string(), fc.jsonValue())),
    });

    fc.assert(
      fc.property(
        event,
        fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }),
        (input, previous) => {
          const {
            sequence: _s,
            previousHash: _p,
            hash: _h,
            ...content
          } = {
            ...input,
            sequence: 7,
            previousHash: previous,
            hash: 'x',
          };
          const expected = createHash('sha256')
            .update(`${previous}\n${canonicalJson(content)}`)
            .digest('hex');
          return chainHash(previous, input as never) === expected;
        },
      ),
      { numRuns: 300 },
    );
  });

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
