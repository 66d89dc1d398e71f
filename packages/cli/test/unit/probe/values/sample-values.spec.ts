import { expect } from 'chai';
import { NO_SAMPLE, sampleObject, sampleOf } from '../../../../src/probe/values/sample-values';

describe('sampleOf', () => {
  it('makes values within string bounds, patterns and formats', () => {
    expect(sampleOf({ type: 'string' })).to.equal('probe');
    expect(sampleOf({ type: 'string', minLength: 8, maxLength: 8 })).to.have.length(8);
    expect(sampleOf({ type: 'string', pattern: '^[0-9A-Za-z]{16}$' })).to.match(
      /^[0-9A-Za-z]{16}$/,
    );
    expect(sampleOf({ type: 'string', pattern: '^[a-z0-9_.-]{3,64}$' })).to.equal('probe');
    expect(sampleOf({ type: ['string', 'null'], format: 'uuid' })).to.match(/^[0-9a-f-]{36}$/);
    expect(Date.parse(String(sampleOf({ type: 'string', format: 'date-time' })))).to.be.a('number');
  });

  it('takes the first listed value and the smallest allowed number', () => {
    expect(sampleOf({ enum: [null, 'allowed', 'denied'] })).to.equal('allowed');
    expect(sampleOf({ const: 7 })).to.equal(7);
    expect(sampleOf({ type: 'integer', minimum: 5, maximum: 9 })).to.equal(5);
    expect(sampleOf({ type: 'integer', maximum: 0 })).to.equal(0);
    expect(sampleOf({ type: 'boolean' })).to.equal(false);
  });

  it('fills arrays with distinct listed values when items are an enum', () => {
    expect(sampleOf({ type: 'array', items: { enum: ['a', 'b'] }, minItems: 2 })).to.deep.equal([
      'a',
      'b',
    ]);
    expect(sampleOf({ type: 'array', items: { type: 'string' } })).to.deep.equal(['probe']);
  });

  it('picks the first member of a oneOf that can be sampled', () => {
    expect(
      sampleOf({
        oneOf: [
          { type: 'string', pattern: '^$never' },
          { type: 'integer', minimum: 3 },
        ],
      }),
    ).to.equal(3);
  });

  it('gives NO_SAMPLE when no candidate satisfies the schema', () => {
    expect(sampleOf({ type: 'string', pattern: '^\\d{3}-[A-Z]{2}$' })).to.equal(NO_SAMPLE);
    expect(sampleOf({ type: 'integer', minimum: 10, maximum: 5 })).to.equal(NO_SAMPLE);
    expect(sampleOf({ type: 'array', items: { enum: ['a'] }, minItems: 2 })).to.equal(NO_SAMPLE);
  });
});

describe('sampleObject', () => {
  it('fills the required properties only', () => {
    const schema = {
      type: 'object',
      properties: {
        title: { type: 'string', minLength: 1 },
        note: { type: 'string' },
        count: { type: 'integer', minimum: 1 },
      },
      required: ['title', 'count'],
    };

    expect(sampleObject(schema)).to.deep.equal({ title: 'probe', count: 1 });
  });

  it('gives NO_SAMPLE when a required property cannot be sampled', () => {
    const schema = {
      type: 'object',
      properties: { code: { type: 'string', pattern: '^\\d{3}-[A-Z]{2}$' } },
      required: ['code'],
    };

    expect(sampleObject(schema)).to.equal(NO_SAMPLE);
  });
});
