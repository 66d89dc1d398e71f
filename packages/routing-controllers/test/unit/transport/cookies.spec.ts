import { expect } from 'chai';
import express, { type Request } from 'express';
import { installLazyCookies, readCookies } from '../../../src/transport/cookies';

function parse(cookie: string | undefined): Record<string, unknown> {
  const request = {
    headers: cookie === undefined ? {} : { cookie },
  } as unknown as Request;
  return readCookies(request);
}

/** A request of `app`, the way Express makes one: an object whose prototype is `app.request`. */
function requestOf(app: express.Application, cookie: string | undefined): Request {
  const prototype = (app as express.Application & { request: object }).request;
  const request = Object.create(prototype) as Request;
  (request as { headers: Record<string, string> }).headers = cookie === undefined ? {} : { cookie };
  return request;
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

describe('installLazyCookies', () => {
  it('parses a request cookie header on first read and keeps the result', () => {
    const app = express();
    installLazyCookies(app);
    const request = requestOf(app, 'sid=abc');

    const first = request.cookies as Record<string, unknown>;

    expect({ ...first }).to.deep.equal({ sid: 'abc' });
    expect(request.cookies).to.equal(first);
    expect(Object.getOwnPropertyDescriptor(request, 'cookies')?.value).to.equal(first);
  });

  it('lets an assignment replace the parsed cookies of one request only', () => {
    const app = express();
    installLazyCookies(app);
    const request = requestOf(app, 'sid=abc');
    const other = requestOf(app, 'sid=xyz');

    request.cookies = { sid: 'set-by-middleware' };

    expect(request.cookies).to.deep.equal({ sid: 'set-by-middleware' });
    expect({ ...(other.cookies as object) }).to.deep.equal({ sid: 'xyz' });
  });

  it('gives requests of another app no cookie parsing', () => {
    const app = express();
    installLazyCookies(app);

    expect(requestOf(express(), 'sid=abc').cookies).to.equal(undefined);
  });
});
