import { expect } from 'chai';
import type { Request, Response } from 'express';
import {
  countParameters,
  hardenQuery,
  parseQueryString,
} from '../../../src/transport/query-string';

describe('parseQueryString', () => {
  it('parses flat: repeated keys become lists, brackets stay in the key', () => {
    const query = parseQueryString('a=1&a=2&user[$ne]=x&b=%20y');

    expect({ ...query }).to.deep.equal({ a: ['1', '2'], 'user[$ne]': 'x', b: ' y' });
  });

  it('returns an object without a prototype, where __proto__ is an ordinary key', () => {
    const query = parseQueryString('__proto__=x&constructor=y');

    expect(Object.getPrototypeOf(query)).to.equal(null);
    expect(Object.keys(query)).to.deep.equal(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).x).to.equal(undefined);
  });

  it('returns an empty object for a missing or empty query', () => {
    for (const raw of [undefined, null, ''])
      expect(Object.keys(parseQueryString(raw))).to.deep.equal([]);
  });

  it('does not cap the number of keys itself', () => {
    const raw = Array.from({ length: 1500 }, (_, i) => `k${i}=1`).join('&');

    expect(Object.keys(parseQueryString(raw))).to.have.length(1500);
  });
});

describe('countParameters', () => {
  it('counts each value of a repeated key', () => {
    expect(countParameters(parseQueryString('a=1&a=2&b=3'))).to.equal(3);
  });
});

describe('hardenQuery', () => {
  it('re-parses a query another parser built', () => {
    const request = { url: '/x?a[b]=1', query: { a: { b: '1' } } } as unknown as Request;

    hardenQuery(request, {} as Response, () => undefined);

    expect({ ...request.query }).to.deep.equal({ 'a[b]': '1' });
  });

  it('keeps a query it parsed already', () => {
    const query = parseQueryString('a=1');
    const request = { url: '/x?a=1', query } as unknown as Request;

    hardenQuery(request, {} as Response, () => undefined);

    expect(request.query).to.equal(query);
  });

  it('gives a request without a query string an empty query', () => {
    const request = { url: '/x', query: undefined } as unknown as Request;
    let isCalled = false;

    hardenQuery(request, {} as Response, () => (isCalled = true));

    expect(Object.keys(request.query)).to.deep.equal([]);
    expect(isCalled).to.equal(true);
  });
});
