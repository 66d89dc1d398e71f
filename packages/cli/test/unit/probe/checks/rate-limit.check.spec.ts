import { expect } from 'chai';
import { checkRateLimits, pathVariants } from '../../../../src/probe/checks/rate-limit.check';
import { config, route, target } from '../engine/fixtures';
import {
  failuresIn,
  fakeApi,
  sessionFor,
  statusIn,
  type FakeAnswer,
  type FakeApi,
  type FakeRequest,
} from './fake-api';

describe('pathVariants', () => {
  it('spells a static path in upper case with a slash, and with a letter percent-encoded', () => {
    expect(pathVariants(route({ path: '/auth/token' }), '/auth/token')).to.deep.equal([
      '/AUTH/TOKEN/',
      '/auth/%74oken',
    ]);
  });

  it('keeps parameter values and the query string, encoding the first character of the id', () => {
    const notes = route({ path: '/notes/{id}' });

    expect(pathVariants(notes, '/notes/1a2b?limit=1')).to.deep.equal([
      '/NOTES/1a2b/?limit=1',
      '/notes/%31a2b?limit=1',
    ]);
  });
});

/** How the fake limiter counts and answers. */
interface Limiter {
  readonly limit: number | null;
  /** What the counter is keyed by: the path as spelled, or a forwarded address. */
  readonly keyedBy?: 'route' | 'path' | 'forwarded';
  readonly sendsHeaders?: boolean;
}

function limited(limiter: Limiter) {
  const counts = new Map<string, number>();
  return (request: FakeRequest): FakeAnswer => {
    if (request.path.toLowerCase().replace(/\/$/, '') !== '/auth/token')
      return { status: 404, body: { code: 'ERR_NOT_FOUND' } };
    const key =
      limiter.keyedBy === 'path'
        ? request.path
        : limiter.keyedBy === 'forwarded'
          ? String(request.headers['x-forwarded-for'] ?? 'socket')
          : 'route';
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    if (limiter.limit !== null && count > limiter.limit) {
      const headers: Record<string, string> =
        limiter.sendsHeaders === false
          ? {}
          : { 'retry-after': '60', ratelimit: `"login";r=0;t=60` };
      return { status: 429, headers, body: { code: 'ERR_RATE_LIMITED' } };
    }
    return { status: 400, body: { code: 'ERR_VALIDATION_FAILED' } };
  };
}

describe('checkRateLimits', () => {
  const login = (own: boolean) =>
    route({
      id: 'AuthController.token',
      method: 'POST',
      path: '/auth/token',
      isPublic: true,
      schemes: [],
      authorization: null,
      parameters: [],
      body: { type: 'object', properties: { username: { type: 'string' } } },
      rateLimits: own
        ? [
            {
              name: 'login',
              limit: 5,
              windowSeconds: 60,
              algorithm: 'fixed-window',
              key: 'ip',
              cost: 1,
              scope: 'route',
            },
          ]
        : [
            {
              name: 'per-address',
              limit: 1000,
              windowSeconds: 60,
              algorithm: 'fixed-window',
              key: 'ip',
              cost: 1,
              scope: 'app',
            },
          ],
    });
  let api: FakeApi | undefined;

  afterEach(() => api?.close());

  async function run(limiter: Limiter, own = true, maxBurst = 100) {
    api = await fakeApi(limited(limiter));
    const r = login(own);
    const session = await sessionFor(api.url, target([r]), config());
    await checkRateLimits(session, r, maxBurst);
    return { session, seen: api.seen };
  }

  it('passes a limit that refuses with headers and ignores spoofed addresses and spellings', async () => {
    const { session, seen } = await run({ limit: 5 });

    for (const check of [
      'rate-limit.exhaustion',
      'rate-limit.forwarded-for',
      'rate-limit.path-variants',
    ]) {
      expect(statusIn(session, check), check).to.equal('pass');
    }
    expect(seen.every((r) => r.json?.bulwarkProbeRateLimit === true)).to.equal(true);
  });

  it('fails when the route serves past its limit', async () => {
    const { session } = await run({ limit: null });

    expect(failuresIn(session, 'rate-limit.exhaustion')[0]).to.match(
      /^12 requests in a row were served; "login" allows 5 per 60 s$/,
    );
  });

  it('fails a 429 without Retry-After and RateLimit headers', async () => {
    const { session } = await run({ limit: 5, sendsHeaders: false });

    expect(failuresIn(session, 'rate-limit.exhaustion')).to.deep.equal([
      '429 without Retry-After and RateLimit headers',
    ]);
  });

  it('fails when a forwarded address or another spelling starts the count again', async () => {
    const forwarded = await run({ limit: 5, keyedBy: 'forwarded' });
    api?.close();
    const spelled = await run({ limit: 5, keyedBy: 'path' });

    expect(statusIn(forwarded.session, 'rate-limit.forwarded-for')).to.equal('fail');
    expect(statusIn(spelled.session, 'rate-limit.path-variants')).to.equal('fail');
    expect(failuresIn(spelled.session, 'rate-limit.path-variants')[0]).to.match(
      /^the path spelled \/AUTH\/TOKEN\/ was served \(400\)/,
    );
  });

  it('fails brute force on a public write route without a limit of its own, and passes one with a throttle', async () => {
    const open = await run({ limit: null }, false);
    api?.close();
    const throttled = await run({ limit: 8 }, false);

    expect(failuresIn(open.session, 'rate-limit.brute-force')[0]).to.match(
      /^20 attempts from one address were all served/,
    );
    expect(statusIn(throttled.session, 'rate-limit.brute-force')).to.equal('pass');
  });

  it('skips a limit larger than the burst the run allows', async () => {
    const { session, seen } = await run({ limit: 5 }, true, 3);

    expect(statusIn(session, 'rate-limit.exhaustion')).to.equal('skip');
    expect(seen).to.have.length(0);
  });
});
