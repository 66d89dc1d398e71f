import { expect } from 'chai';
import {
  EXECUTION_MARKERS,
  INJECTION_STRINGS,
  invalidTextOf,
  wrongTypeOf,
} from '../../../../src/probe/values/attack-payloads';
import { NO_SAMPLE } from '../../../../src/probe/values/sample-values';

describe('attack payloads', () => {
  describe('wrongTypeOf', () => {
    it('gives a value of another JSON type', () => {
      expect(wrongTypeOf({ type: 'string' })).to.equal(12345);
      expect(wrongTypeOf({ type: ['integer', 'null'] })).to.equal('probe-not-a-number');
      expect(wrongTypeOf({ type: 'boolean' })).to.equal('probe-not-a-boolean');
      expect(wrongTypeOf({ type: 'array' })).to.deep.equal({ probe: 1 });
      expect(wrongTypeOf({ type: 'object' })).to.equal('probe-not-an-object');
      expect(wrongTypeOf({ type: ['string', 'number'] })).to.deep.equal([1]);
    });

    it('gives NO_SAMPLE when every type is accepted', () => {
      expect(wrongTypeOf({})).to.equal(NO_SAMPLE);
      expect(wrongTypeOf({ type: ['object', 'string'] })).to.equal(NO_SAMPLE);
    });
  });

  describe('invalidTextOf', () => {
    it('gives text that a typed, listed, formatted or bounded parameter refuses', () => {
      expect(invalidTextOf({ type: 'integer' })).to.equal('probe-not-a-number');
      expect(invalidTextOf({ type: 'boolean' })).to.equal('probe-maybe');
      expect(invalidTextOf({ type: 'string', enum: ['a'] })).to.equal('probe-not-listed');
      expect(invalidTextOf({ type: 'string', format: 'uuid' })).to.equal('probe-not-formatted');
      expect(invalidTextOf({ oneOf: [{ format: 'date' }, { format: 'date-time' }] })).to.equal(
        'probe-not-formatted',
      );
      expect(invalidTextOf({ type: 'string', maxLength: 3 })).to.equal('pppp');
    });

    it('gives NO_SAMPLE for free text', () => {
      expect(invalidTextOf({ type: 'string' })).to.equal(NO_SAMPLE);
    });
  });

  it('has strings for every injection class and markers that recognise their effect', () => {
    expect(Object.keys(INJECTION_STRINGS)).to.have.members([
      'sql',
      'command',
      'path-traversal',
      'xss',
    ]);
    const effects = ['root:x:0:0:root:/root:/bin/bash', 'uid=0(root) gid=0(root)', '[extensions]'];
    for (const [index, effect] of effects.entries()) {
      expect(EXECUTION_MARKERS[index]![0].test(effect), effect).to.equal(true);
    }
    for (const strings of Object.values(INJECTION_STRINGS)) {
      for (const value of strings) {
        expect(
          EXECUTION_MARKERS.some(([marker]) => marker.test(value)),
          value,
        ).to.equal(false);
      }
    }
  });
});
