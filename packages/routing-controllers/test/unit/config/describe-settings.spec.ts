import { expect } from 'chai';
import { definePermissions } from '@bulwark/core';
import type { BulwarkOptions } from '@bulwark/routing-controllers';
import { describeSettings } from '../../../src/config/describe-settings';
import { validateOptions } from '../../../src/config/validate-options';

const permissions = definePermissions({ subjects: {}, roles: {} });
const recorder = {
  record: async () => undefined,
  flush: async () => undefined,
  close: async () => undefined,
};
const bearer = { scheme: 'bearer', challenge: 'Bearer', authenticate: async () => null };
class Controller {}

const base: BulwarkOptions = {
  controllers: [Controller],
  permissions,
  authenticators: [bearer],
  audit: recorder,
};

describe('describeSettings', () => {
  context('when the options keep their defaults', () => {
    it('reports the in-process limiter, audit on, no CORS and no trusted proxy', () => {
      const settings = describeSettings(validateOptions(base));
      expect(settings).to.deep.equal({
        schemes: ['bearer'],
        isAuditEnabled: true,
        rateLimitStore: 'memory',
        exposeStackTraces: false,
        trustedProxies: [],
        cors: null,
        strict: true,
        onAuditFailure: 'fail',
        auditMutatingByDefault: true,
        challenges: { bearer: 'Bearer' },
        body: { maxBytes: 102_400, maxDepth: 20, maxArrayLength: 1000, maxStringLength: 10_000 },
        query: { undeclared: 'refuse', maxParameters: 50 },
        plainHttp: 'allow',
        cookieSchemes: [],
        isCsrfEnabled: false,
      });
      expect(Object.isFrozen(settings)).to.equal(true);
    });
  });

  context('when the options are changed', () => {
    it('reports a given limiter, audit off, stack traces, proxies and the CORS list', () => {
      const limiter = { check: async () => ({}) as never, close: async () => undefined };
      const settings = describeSettings(
        validateOptions({
          ...base,
          audit: false,
          rateLimiter: limiter,
          exposeStackTraces: true,
          trustedProxies: ['10.0.0.1'],
          cors: { origins: ['https://app.example.com'], credentials: true },
        }),
      );
      expect(settings).to.include({
        isAuditEnabled: false,
        rateLimitStore: 'custom',
        exposeStackTraces: true,
      });
      expect(settings.trustedProxies).to.deep.equal(['10.0.0.1']);
      expect(settings.cors).to.deep.equal({
        origins: ['https://app.example.com'],
        credentials: true,
      });
    });

    it('reports cookie schemes, CSRF, plain-HTTP handling and query rules', () => {
      const cookie = { ...bearer, scheme: 'session', challenge: 'Cookie', credentialCookie: 'sid' };
      const settings = describeSettings(
        validateOptions({
          ...base,
          authenticators: [bearer, cookie],
          csrf: { secret: 'x'.repeat(32) },
          https: { plainHttp: 'refuse' },
          query: { undeclared: 'ignore', maxParameters: 7 },
        }),
      );
      expect(settings).to.deep.include({
        cookieSchemes: ['session'],
        isCsrfEnabled: true,
        plainHttp: 'refuse',
        query: { undeclared: 'ignore', maxParameters: 7 },
      });
      expect(JSON.stringify(settings)).to.not.include('x'.repeat(32));
    });

    it('reports a wildcard origin without credentials', () => {
      const settings = describeSettings(validateOptions({ ...base, cors: { origins: '*' } }));
      expect(settings.cors).to.deep.equal({ origins: '*', credentials: false });
    });
  });

  it('copies no authenticator, recorder or permission object', () => {
    const settings = describeSettings(validateOptions(base));
    const values = JSON.stringify(settings);
    expect(values).to.not.include('authenticate');
    expect(Object.values(settings)).to.not.include(recorder);
  });
});
