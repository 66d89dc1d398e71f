import { expect } from 'chai';
import { inspectPayload } from '../../../src/validation/inspect-payload';

const limits = { maxDepth: 3, maxArrayLength: 2, maxStringLength: 5 };

describe('inspectPayload', () => {
  it('accepts a payload within every limit', () => {
    expect(inspectPayload({ a: [1, 'xy'], b: { c: null } }, limits)).to.equal(null);
  });

  it('refuses forbidden keys anywhere', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      expect(
        inspectPayload(JSON.parse(`{"a":[{"${key}":{}}]}`), { ...limits, maxStringLength: 20 }),
      ).to.equal(`$.a[0]: forbidden key "${key}"`);
    }
  });

  it('refuses nesting deeper than the limit', () => {
    expect(inspectPayload({ a: { b: { c: {} } } }, limits)).to.equal(
      '$.a.b.c: nested deeper than 3',
    );
  });

  it('refuses a long array, a long string and a long key', () => {
    expect(inspectPayload({ a: [1, 2, 3] }, limits)).to.equal('$.a: array longer than 2');
    expect(inspectPayload({ a: 'toolong' }, limits)).to.equal('$.a: string longer than 5');
    expect(inspectPayload({ longkey: 1 }, limits)).to.equal('$: key longer than 5');
  });
});
