import { expect } from 'chai';
import {
  capToParameterBound,
  capToPayloadBounds,
  finishObjectSchema,
  hasType,
  PARAMETER_MAX_LENGTH,
  visit,
} from '../../../src/schemas/schema-finishing';
import { maxHeaderSize } from 'node:http';

const facts = (optional: string[] = [], defaults: [string, unknown][] = []) => ({
  optional: new Set(optional),
  defaults: new Map(defaults),
});

describe('finishObjectSchema', () => {
  it('closes the object and drops an empty required list', () => {
    const finished = finishObjectSchema({ properties: {}, required: [] }, facts());
    expect(finished).to.deep.equal({ type: 'object', properties: {}, additionalProperties: false });
  });

  it('adds null to optional properties in the form their schema allows', () => {
    const finished = finishObjectSchema(
      {
        properties: {
          a: { type: 'string', enum: ['x'] },
          b: { $ref: '#/components/schemas/B' },
          c: { const: 1 },
          d: { type: ['integer', 'null'], minimum: 0, maximum: 1 },
        },
      },
      facts(['a', 'b', 'c', 'd']),
    ) as { properties: any };
    expect(finished.properties.a).to.deep.equal({ type: ['string', 'null'], enum: ['x', null] });
    expect(finished.properties.b).to.deep.equal({
      anyOf: [{ $ref: '#/components/schemas/B' }, { type: 'null' }],
    });
    expect(finished.properties.c).to.deep.equal({ anyOf: [{ const: 1 }, { type: 'null' }] });
    expect(finished.properties.d.type).to.deep.equal(['integer', 'null']);
    expect(finished.properties.d.format).to.equal('int32');
  });

  it('formats bounded integers inside arrays', () => {
    const finished = finishObjectSchema(
      {
        properties: { list: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 9 } } },
      },
      facts(),
    ) as { properties: any };
    expect(finished.properties.list.items.format).to.equal('int32');
  });

  it('leaves integers beyond 64 bits without a format', () => {
    const finished = finishObjectSchema(
      { properties: { n: { type: 'integer', minimum: 0, maximum: 2 ** 70 } } },
      facts(),
    ) as { properties: any };
    expect(finished.properties.n).to.not.have.property('format');
  });
});

describe('capToPayloadBounds', () => {
  it('lowers string and array bounds to the payload limits and adds missing ones', () => {
    const schema = capToPayloadBounds(
      {
        type: 'object',
        properties: {
          long: { type: 'string', maxLength: 50_000 },
          short: { type: 'string', maxLength: 5 },
          free: { type: ['string', 'null'] },
          pick: { type: 'string', enum: ['a'] },
          list: { type: 'array', items: { type: 'string' } },
        },
      },
      { maxStringLength: 100, maxArrayLength: 7 },
    ) as { properties: any };
    expect(schema.properties.long.maxLength).to.equal(100);
    expect(schema.properties.short.maxLength).to.equal(5);
    expect(schema.properties.free.maxLength).to.equal(100);
    expect(schema.properties.pick).to.not.have.property('maxLength');
    expect(schema.properties.list.maxItems).to.equal(7);
    expect(schema.properties.list.items.maxLength).to.equal(100);
  });
});

describe('capToParameterBound', () => {
  it('bounds every string by the HTTP header size limit', () => {
    expect(PARAMETER_MAX_LENGTH).to.equal(maxHeaderSize);
    const schema = capToParameterBound(
      { anyOf: [{ type: 'string' }, { type: 'null' }] },
      { maxLength: PARAMETER_MAX_LENGTH },
    ) as any;
    expect(schema.anyOf[0].maxLength).to.equal(maxHeaderSize);
  });

  it('bounds lists by the most values a location can carry', () => {
    const schema = capToParameterBound(
      { type: 'array', maxItems: 9, items: { type: 'string', maxLength: 500 } },
      { maxLength: 100, maxItems: 3 },
    ) as any;
    expect(schema.maxItems).to.equal(3);
    expect(schema.items.maxLength).to.equal(100);
  });
});

describe('visit', () => {
  it('reaches properties, items and combinators, parents first', () => {
    const seen: string[] = [];
    visit(
      {
        title: 'root',
        properties: { a: { title: 'a', items: { title: 'item' } } },
        oneOf: [{ title: 'one' }],
        not: { title: 'not' },
      },
      (node) => seen.push(String(node.title)),
    );
    expect(seen).to.deep.equal(['root', 'a', 'item', 'one', 'not']);
  });
});

describe('hasType', () => {
  it('accepts the single and the list form', () => {
    expect(hasType({ type: 'string' }, 'string')).to.equal(true);
    expect(hasType({ type: ['string', 'null'] }, 'null')).to.equal(true);
    expect(hasType({ type: 'integer' }, 'string')).to.equal(false);
    expect(hasType({}, 'string')).to.equal(false);
  });
});
