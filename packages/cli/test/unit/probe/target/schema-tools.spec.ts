import { expect } from 'chai';
import {
  isFreeFormObject,
  isTextSchema,
  pointer,
  resolveSchema,
  typesOf,
} from '../../../../src/probe/target/schema-tools';

describe('schema tools', () => {
  describe('resolveSchema', () => {
    it('cuts a reference cycle instead of looping', () => {
      const document = {
        components: {
          schemas: {
            Node: { type: 'object', properties: { next: { $ref: '#/components/schemas/Node' } } },
          },
        },
      };

      const schema = resolveSchema({ $ref: '#/components/schemas/Node' }, document);

      let depth = 0;
      let current: Record<string, unknown> = schema;
      while (current['properties'] !== undefined) {
        current = (current['properties'] as Record<string, Record<string, unknown>>)['next']!;
        depth += 1;
      }
      expect(depth).to.be.within(1, 10);
      expect(current).to.deep.equal({});
    });

    it('gives an empty schema for a reference that leads nowhere', () => {
      expect(resolveSchema({ $ref: 'https://elsewhere.test/s.json' }, {})).to.deep.equal({});
      expect(pointer({ a: {} }, '#/a/b')).to.equal(undefined);
      expect(pointer({ 'a/b': { c: 1 } }, '#/a~1b/c')).to.equal(1);
    });
  });

  describe('typesOf', () => {
    it('reads type names, lists, members and enum values, without null', () => {
      expect(typesOf({ type: ['string', 'null'] })).to.deep.equal(['string']);
      expect(typesOf({ oneOf: [{ type: 'string' }, { type: 'integer' }] })).to.deep.equal([
        'string',
        'integer',
      ]);
      expect(typesOf({ enum: ['a', null] })).to.deep.equal(['string']);
      expect(typesOf({})).to.deep.equal([]);
    });
  });

  describe('isFreeFormObject', () => {
    it('is true for an object without declared properties that does not refuse others', () => {
      expect(isFreeFormObject({ type: ['object', 'null'] })).to.equal(true);
      expect(
        isFreeFormObject({ type: 'object', additionalProperties: { type: 'string' } }),
      ).to.equal(true);
    });

    it('is false for closed or declared objects and for other types', () => {
      expect(isFreeFormObject({ type: 'object', additionalProperties: false })).to.equal(false);
      expect(isFreeFormObject({ type: 'object', properties: { a: {} } })).to.equal(false);
      expect(isFreeFormObject({ type: 'string' })).to.equal(false);
    });
  });

  describe('isTextSchema', () => {
    it('is true for free text and false for enums and other types', () => {
      expect(isTextSchema({ type: 'string', maxLength: 10 })).to.equal(true);
      expect(isTextSchema({ type: 'string', enum: ['a'] })).to.equal(false);
      expect(isTextSchema({ type: 'integer' })).to.equal(false);
    });
  });
});
