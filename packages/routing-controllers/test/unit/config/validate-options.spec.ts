import { expect } from 'chai';
import { definePermissions } from '@bulwark/core';
import type { BulwarkOptions } from '@bulwark/routing-controllers';
import { validateOptions } from '../../../src/config/validate-options';

const permissions = definePermissions({ subjects: {}, roles: {} });
const recorder = {
  record: async () => undefined,
  flush: async () => undefined,
  close: async () => undefined,
};
const bearer = { scheme: 'bearer', challenge: 'Bearer', authenticate: async () => null };
class Controller {}

const valid: BulwarkOptions = {
  controllers: [Controller],
  permissions,
  authenticators: [bearer],
  audit: recorder,
};

const problemsOf = (options: unknown): string[] => {
  try {
    validateOptions(options as BulwarkOptions);
  } catch (error) {
    expect((error as { code: string }).code).to.equal('ERR_CONFIG_INVALID');
    return (error as { details: { problems: string[] } }).details.problems;
  }
  return [];
};

describe('validateOptions', () => {
  it('fills every default and freezes the result', () => {
    const resolved = validateOptions(valid);
    expect(resolved).to.include({
      strict: true,
      onAuditFailure: 'fail',
      exposeStackTraces: false,
      routePrefix: '',
    });
    expect(resolved.defaultSchemes).to.deep.equal(['bearer']);
    expect(resolved.body).to.deep.equal({
      maxBytes: 102_400,
      maxDepth: 20,
      maxArrayLength: 1000,
      maxStringLength: 10_000,
    });
    expect(Object.isFrozen(resolved)).to.equal(true);
    expect(Object.isFrozen(resolved.body)).to.equal(true);
  });

  it('reports every problem together', () => {
    const problems = problemsOf({
      controllers: [],
      permissions: {},
      authenticators: [bearer, bearer],
      audit: undefined,
      logger: { info() {} },
      onAuditFailure: 'ignore',
      routePrefix: 'api',
      body: { maxDepth: 0 },
      colour: 'red',
    });
    expect(problems).to.include.members([
      'unknown option "colour".',
      '"controllers" must be a non-empty list of controller classes.',
      '"permissions" must come from definePermissions().',
      'two authenticators share the scheme "bearer".',
      '"audit" must be an audit recorder (record, flush, close) or false.',
      '"logger" must have debug, info, warn and error methods.',
      '"onAuditFailure" must be "fail" or "continue".',
      '"routePrefix" must look like "/api".',
      '"body.maxDepth" must be a positive integer.',
    ]);
  });

  it('refuses a default scheme no authenticator provides', () => {
    expect(problemsOf({ ...valid, defaultSchemes: ['apiKey'] })).to.deep.equal([
      '"defaultSchemes" names unknown scheme "apiKey".',
    ]);
  });

  it('refuses a wildcard CORS origin together with credentials', () => {
    expect(problemsOf({ ...valid, cors: { origins: '*', credentials: true } })).to.deep.equal([
      '"cors" allows any origin together with credentials; list the origins instead.',
    ]);
  });

  it('refuses CORS origins that are not origins', () => {
    expect(
      problemsOf({ ...valid, cors: { origins: ['https://ok.example', 'https://*.example'] } }),
    ).to.have.length(1);
  });

  it('accepts audit turned off explicitly', () => {
    expect(validateOptions({ ...valid, audit: false }).audit).to.equal(null);
  });
});
