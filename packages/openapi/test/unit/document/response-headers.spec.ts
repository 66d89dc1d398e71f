import { expect } from 'chai';
import { componentHeaders, headersOf } from '../../../src/document/response-headers';
import { useFixtureApp } from '../../support/fixtures';

describe('componentHeaders', () => {
  const app = useFixtureApp();

  it('bounds the rate-limit fields by the longest value the app can send', () => {
    const headers = componentHeaders({
      policies: app().policies,
      challenges: app().settings.challenges,
      cors: null,
    });
    expect(headers).to.have.keys(
      'X-Request-Id',
      'Cache-Control',
      'RateLimit',
      'RateLimit-Policy',
      'Retry-After',
      'WWW-Authenticate',
    );
    // "items";q=100;w=60 is the longest policy value of one route: 17 characters plus the name's
    // possible escapes and a list separator.
    const policy = headers['RateLimit-Policy']?.schema.maxLength as number;
    expect(policy).to.be.at.least('"items";q=100;w=60'.length).and.below(40);
    expect(headers['Retry-After']?.required).to.equal(true);
  });

  it('bounds WWW-Authenticate by the challenges plus the longest scope refusal', () => {
    const headers = componentHeaders({
      policies: app().policies,
      challenges: app().settings.challenges,
      cors: null,
    });
    const longest = 'Bearer realm="items", error="insufficient_scope", scope="items:write"';
    expect(headers['WWW-Authenticate']?.schema.maxLength).to.be.at.least(longest.length);
  });

  it('omits what the app never sends', () => {
    const headers = componentHeaders({ policies: [], challenges: {}, cors: null });
    expect(headers).to.have.keys('X-Request-Id', 'Cache-Control');
  });

  it('documents the allowed origins when CORS is configured', () => {
    const listed = componentHeaders({
      policies: [],
      challenges: {},
      cors: { origins: ['https://a.example'], credentials: false },
    });
    expect(listed['Access-Control-Allow-Origin']?.schema).to.deep.equal({
      type: 'string',
      enum: ['https://a.example'],
    });
    const any = componentHeaders({
      policies: [],
      challenges: {},
      cors: { origins: '*', credentials: false },
    });
    expect(any['Access-Control-Allow-Origin']?.schema.enum).to.deep.equal(['*']);
  });
});

describe('headersOf', () => {
  const available = componentHeaders({
    policies: [],
    challenges: { bearer: 'Bearer' },
    cors: { origins: '*', credentials: false },
  });

  it('refers to the shared headers a response needs, skipping absent ones', () => {
    const headers = headersOf(available, {
      rateLimits: true,
      retryAfter: true,
      challenge: true,
      noStore: true,
    });
    expect(headers).to.deep.equal({
      'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' },
      'Access-Control-Allow-Origin': { $ref: '#/components/headers/Access-Control-Allow-Origin' },
      'WWW-Authenticate': { $ref: '#/components/headers/WWW-Authenticate' },
      'Cache-Control': { $ref: '#/components/headers/Cache-Control' },
    });
  });
});
