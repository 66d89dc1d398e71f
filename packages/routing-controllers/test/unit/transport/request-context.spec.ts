import { expect } from 'chai';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { stateOf } from '../../../src/runtime/request-state';
import { parseQueryString } from '../../../src/transport/query-string';
import {
  createRequestContext,
  recordHeaders,
  type FixedHeaders,
} from '../../../src/transport/request-context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A hand-written response keeping its headers by lower-case name. */
class HeaderResponse {
  readonly headers = new Map<string, string>();

  setHeader(name: string, value: unknown): this {
    this.headers.set(name.toLowerCase(), String(value));
    return this;
  }

  removeHeader(name: string): void {
    this.headers.delete(name.toLowerCase());
  }
}

interface ContextRequest {
  readonly url: string;
  readonly headers: Record<string, string | string[]>;
  readonly socket: { remoteAddress: string; encrypted?: boolean };
  readonly ip: string;
  /** An app that trusts no proxy: Express's compiled `trust proxy fn` is then never true. */
  readonly app: { get(name: string): unknown };
  query: unknown;
}

function requestOf(
  headers: Record<string, string | string[]> = {},
  socket: ContextRequest['socket'] = { remoteAddress: '203.0.113.9' },
): ContextRequest {
  return {
    url: '/notes?a=1',
    headers,
    socket,
    app: { get: (name) => (name === 'trust proxy fn' ? () => false : undefined) },
    // What Express would resolve from X-Forwarded-For if the hop were trusted.
    ip: '198.51.100.7',
    query: parseQueryString('a=1'),
  };
}

const NO_HEADERS: FixedHeaders = Object.freeze({ set: [], secureOnly: [], removed: [] });

function pass(
  request: ContextRequest,
  options: { headers?: FixedHeaders; isBehindProxy?: boolean } = {},
  response = new HeaderResponse(),
): { response: HeaderResponse; nexts: unknown[] } {
  const middleware = createRequestContext({
    headers: options.headers ?? NO_HEADERS,
    isBehindProxy: options.isBehindProxy ?? false,
  });
  const nexts: unknown[] = [];
  middleware(
    request as unknown as Request,
    response as unknown as Response,
    ((error?: unknown) => void nexts.push(error)) as NextFunction,
  );
  return { response, nexts };
}

describe('createRequestContext', () => {
  context('with the request id', () => {
    it('echoes a plain incoming X-Request-Id and keeps it in the request state', () => {
      const request = requestOf({ 'x-request-id': 'trace-0123456789' });

      const { response, nexts } = pass(request);

      expect(response.headers.get('x-request-id')).to.equal('trace-0123456789');
      expect(stateOf(request as unknown as Request)?.requestId).to.equal('trace-0123456789');
      expect(nexts).to.deep.equal([undefined]);
    });

    it('replaces an id that could inject into logs, or is too short, too long or repeated', () => {
      const unsafe: Array<string | string[]> = [
        '<script>alert(1)</script>',
        'id with spaces',
        'short',
        'x'.repeat(65),
        ['trace-0123456789', 'trace-9876543210'],
      ];
      for (const id of unsafe) {
        const { response } = pass(requestOf({ 'x-request-id': id }));

        expect(response.headers.get('x-request-id'), String(id)).to.match(UUID);
      }
    });

    it('makes a fresh id for a request without one', () => {
      const first = pass(requestOf()).response.headers.get('x-request-id');
      const second = pass(requestOf()).response.headers.get('x-request-id');

      expect(first).to.match(UUID);
      expect(second).to.match(UUID);
      expect(first).to.not.equal(second);
    });
  });

  context('with the fixed headers', () => {
    it('sets the recorded headers and removes the recorded ones', () => {
      const headers: FixedHeaders = {
        set: [
          ['X-Content-Type-Options', 'nosniff'],
          ['X-Frame-Options', 'DENY'],
        ],
        secureOnly: [],
        removed: ['X-Powered-By'],
      };
      const response = new HeaderResponse().setHeader('X-Powered-By', 'Express');

      pass(requestOf(), { headers }, response);

      expect(response.headers.get('x-content-type-options')).to.equal('nosniff');
      expect(response.headers.get('x-frame-options')).to.equal('DENY');
      expect(response.headers.has('x-powered-by')).to.equal(false);
    });
  });

  context('with Strict-Transport-Security among the fixed headers', () => {
    const headers = recordHeaders((_request, response, next) => {
      response.setHeader('X-Content-Type-Options', 'nosniff');
      response.setHeader('Strict-Transport-Security', 'max-age=31536000');
      next();
    });

    it('records it apart, for HTTPS answers only', () => {
      expect(headers.set).to.deep.equal([['X-Content-Type-Options', 'nosniff']]);
      expect(headers.secureOnly).to.deep.equal([['Strict-Transport-Security', 'max-age=31536000']]);
    });

    it('sends it on an answer over TLS', () => {
      const tls = requestOf({}, { remoteAddress: '203.0.113.9', encrypted: true });

      const { response } = pass(tls, { headers });

      expect(response.headers.get('strict-transport-security')).to.equal('max-age=31536000');
    });

    it('leaves it out in clear, even when the client claims HTTPS', () => {
      const clear = requestOf({ 'x-forwarded-proto': 'https' });

      const { response } = pass(clear, { headers });

      expect(response.headers.has('strict-transport-security')).to.equal(false);
      expect(response.headers.get('x-content-type-options')).to.equal('nosniff');
    });
  });

  context('when no proxy is trusted', () => {
    it('takes the client address from the socket, whatever X-Forwarded-For says', () => {
      const request = requestOf({ 'x-forwarded-for': '198.51.100.7' });

      pass(request, { isBehindProxy: false });

      expect(stateOf(request as unknown as Request)?.clientAddress).to.equal('203.0.113.9');
    });
  });

  context('when a proxy is trusted', () => {
    it('takes the address Express resolved through the trusted hops', () => {
      const request = requestOf({ 'x-forwarded-for': '198.51.100.7' });

      pass(request, { isBehindProxy: true });

      expect(stateOf(request as unknown as Request)?.clientAddress).to.equal('198.51.100.7');
    });
  });

  it('attaches a state that knows nothing of the request yet', () => {
    const request = requestOf();

    pass(request);

    expect(stateOf(request as unknown as Request)).to.deep.include({
      plan: null,
      principal: null,
      ability: null,
      instance: null,
      rateLimits: [],
      isAudited: false,
    });
  });

  it('parses the query again when another parser built it', () => {
    const request = requestOf();
    request.query = { a: { $ne: 'x' } };

    pass(request);

    expect({ ...(request.query as object) }).to.deep.equal({ a: '1' });
  });
});

describe('recordHeaders', () => {
  const options = {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    },
    frameguard: { action: 'deny' as const },
  };

  it('records what helmet sets and removes, as helmet itself does to a response', () => {
    const direct = new HeaderResponse().setHeader('X-Powered-By', 'Express');
    helmet(options)({} as Request, direct as unknown as Response, () => undefined);

    const recorded = recordHeaders(helmet(options) as RequestHandler);
    const replayed = new HeaderResponse().setHeader('X-Powered-By', 'Express');
    // Over TLS, so helmet's Strict-Transport-Security is replayed too.
    const overTls = requestOf({}, { remoteAddress: '203.0.113.9', encrypted: true });
    pass(overTls, { headers: recorded }, replayed);
    replayed.headers.delete('x-request-id');

    expect(Object.fromEntries(replayed.headers)).to.deep.equal(Object.fromEntries(direct.headers));
    expect(recorded.removed).to.include('X-Powered-By');
    expect(Object.isFrozen(recorded) && Object.isFrozen(recorded.set)).to.equal(true);
  });

  it('throws for a middleware that finishes later', () => {
    const later: RequestHandler = (_request, response, next) => {
      response.setHeader('X-Late', '1');
      setImmediate(next);
    };

    expect(() => recordHeaders(later)).to.throw(Error);
  });

  it('throws for a middleware that never calls next', () => {
    const stuck: RequestHandler = (_request, response) => void response.setHeader('X-Stuck', '1');

    expect(() => recordHeaders(stuck)).to.throw(Error);
  });

  it('throws the error a middleware passes on', () => {
    const problem = new Error('bad options');
    const failing: RequestHandler = (_request, _response, next) => next(problem);

    expect(() => recordHeaders(failing)).to.throw(problem);
  });
});
