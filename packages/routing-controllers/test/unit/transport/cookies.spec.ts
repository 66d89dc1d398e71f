import { expect } from 'chai';
import type { Request, Response } from 'express';
import { readCookies } from '../../../src/transport/cookies';

function parse(cookie: string | undefined): Record<string, unknown> {
  const request = {
    headers: cookie === undefined ? {} : { cookie },
    secret: undefined,
  } as unknown as Request;
  let failure: unknown;
  readCookies(request, {} as Response, (error?: unknown) => (failure = error));
  expect(failure).to.equal(undefined);
  return request.cookies as Record<string, unknown>;
}

describe('readCookies', () => {
  it('parses cookies into an object without a prototype', () => {
    const cookies = parse('sid=abc; theme=dark');

    expect({ ...cookies }).to.deep.equal({ sid: 'abc', theme: 'dark' });
    expect(Object.getPrototypeOf(cookies)).to.equal(null);
  });

  it('drops JSON cookies instead of handing an object to authenticators', () => {
    const cookies = parse(`sid=abc; state=j:${encodeURIComponent('{"role":"admin"}')}`);

    expect({ ...cookies }).to.deep.equal({ sid: 'abc' });
  });

  it('leaves prototypes untouched by a __proto__ cookie', () => {
    const cookies = parse('__proto__=x; constructor=y');

    expect(Object.getPrototypeOf(cookies)).to.equal(null);
    expect(({} as Record<string, unknown>).x).to.equal(undefined);
    expect(typeof ({} as { constructor: unknown }).constructor).to.equal('function');
  });

  it('gives a request without cookies an empty object', () => {
    expect(Object.keys(parse(undefined))).to.deep.equal([]);
  });
});
