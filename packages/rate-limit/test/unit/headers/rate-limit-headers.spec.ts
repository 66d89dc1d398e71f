import { expect } from 'chai';
import { mergeRateLimitHeaders, rateLimitHeaders } from '../../../src/headers/rate-limit-headers';
import { limitOf } from '../support/route';

describe('rateLimitHeaders', () => {
  const allowed = { isAllowed: true, remaining: 2, resetMs: 800, retryAfterMs: 0 };

  it('describes each limit in RateLimit-Policy and RateLimit', () => {
    const headers = rateLimitHeaders([
      { name: 'burst', limit: limitOf(), outcome: allowed },
      {
        name: 'daily',
        limit: limitOf({ limit: 1000, windowMs: 86_400_000 }),
        outcome: { ...allowed, remaining: 990, resetMs: 3_600_001 },
      },
    ]);
    expect(headers).to.deep.equal({
      'RateLimit-Policy': '"burst";q=3;w=1, "daily";q=1000;w=86400',
      RateLimit: '"burst";r=2;t=1, "daily";r=990;t=3601',
    });
  });

  it('adds Retry-After in whole seconds, rounded up, when a limit refuses', () => {
    const refused = { isAllowed: false, remaining: 0, resetMs: 1200, retryAfterMs: 1200 };
    const headers = rateLimitHeaders([{ name: 'burst', limit: limitOf(), outcome: refused }]);
    expect(headers['Retry-After']).to.equal('2');
  });

  it('gives a concurrency limit a quota and no window', () => {
    const headers = rateLimitHeaders([
      {
        name: 'inflight',
        limit: limitOf({ algorithm: 'concurrency', limit: 2 }),
        outcome: { ...allowed, remaining: 1 },
      },
    ]);
    expect(headers).to.deep.equal({
      'RateLimit-Policy': '"inflight";q=2',
      RateLimit: '"inflight";r=1',
    });
  });

  it('escapes quotes and replaces characters a structured-field string cannot hold', () => {
    const headers = rateLimitHeaders([
      { name: 'a"b\\c\u00e9\n', limit: limitOf(), outcome: allowed },
    ]);
    expect(headers['RateLimit']).to.equal('"a\\"b\\\\c??";r=2;t=1');
  });

  it('answers no header when no limit was checked', () => {
    expect(rateLimitHeaders([])).to.deep.equal({});
  });
});

describe('mergeRateLimitHeaders', () => {
  it('joins the list fields and keeps the longer Retry-After', () => {
    const merged = mergeRateLimitHeaders(
      { 'RateLimit-Policy': '"ip";q=10;w=60', RateLimit: '"ip";r=9;t=60', 'Retry-After': '5' },
      { 'RateLimit-Policy': '"user";q=5;w=1', RateLimit: '"user";r=0;t=1', 'Retry-After': '1' },
    );
    expect(merged).to.deep.equal({
      'RateLimit-Policy': '"ip";q=10;w=60, "user";q=5;w=1',
      RateLimit: '"ip";r=9;t=60, "user";r=0;t=1',
      'Retry-After': '5',
    });
  });

  it('keeps one side when the other is empty', () => {
    const only = { 'RateLimit-Policy': '"ip";q=10;w=60', RateLimit: '"ip";r=9;t=60' };
    expect(mergeRateLimitHeaders({}, only)).to.deep.equal(only);
  });
});
