import { expect } from 'chai';
import { refusalsOf, type RefusalFacts } from '../../../src/document/refusals';
import { policyOf, useFixtureApp } from '../../support/fixtures';

const facts: RefusalFacts = {
  isBearerAccepted: true,
  isAuditFailClosed: true,
  hasFrameworkChecks: false,
  declared: [],
  isUndeclaredQueryRefused: true,
  plainHttp: 'allow',
  isCsrfChecked: false,
};

const recorder = {
  record: async () => undefined,
  flush: async () => undefined,
  close: async () => undefined,
};

describe('refusalsOf', () => {
  const app = useFixtureApp({ audit: recorder });
  const statuses = (id: string, extra: Partial<RefusalFacts> = {}) =>
    Object.fromEntries(
      refusalsOf(policyOf(app(), id), { ...facts, ...extra }).map((r) => [r.status, r.codes]),
    );

  it('follows the pipeline of an object route that hides what the principal may not read', () => {
    expect(statuses('ItemsController.one')).to.deep.equal({
      400: [
        'ERR_AUTHN_INVALID',
        'ERR_AUTHZ_PARAMETER_CONFLICT',
        'ERR_REQUEST_MALFORMED',
        'ERR_VALIDATION_FAILED',
      ],
      401: ['ERR_AUTHN_REQUIRED', 'ERR_AUTHN_INVALID'],
      404: ['ERR_NOT_FOUND'],
      415: ['ERR_UNSUPPORTED_MEDIA_TYPE'],
      429: ['ERR_RATE_LIMITED'],
      500: ['ERR_INTERNAL'],
      503: ['ERR_RATE_LIMIT_UNAVAILABLE'],
    });
  });

  it('adds body refusals, scopes, field rules and the durable audit write on a mutating route', () => {
    expect(statuses('ItemsController.create')).to.deep.equal({
      400: ['ERR_AUTHN_INVALID', 'ERR_REQUEST_MALFORMED', 'ERR_VALIDATION_FAILED'],
      401: ['ERR_AUTHN_REQUIRED', 'ERR_AUTHN_INVALID'],
      403: ['ERR_AUTHZ_DENIED', 'ERR_AUTHZ_SCOPE_INSUFFICIENT', 'ERR_AUTHZ_FIELDS_DENIED'],
      413: ['ERR_REQUEST_TOO_LARGE'],
      415: ['ERR_UNSUPPORTED_MEDIA_TYPE'],
      429: ['ERR_RATE_LIMITED'],
      500: ['ERR_INTERNAL'],
      503: ['ERR_RATE_LIMIT_UNAVAILABLE', 'ERR_AUDIT_UNAVAILABLE'],
    });
  });

  it('answers 403 for an object route whose denied status is 403', () => {
    expect(statuses('ItemsController.rename')).to.have.property('403');
    expect(statuses('ItemsController.rename')).to.not.have.property('404');
  });

  it('leaves out what a public route without a body cannot produce', () => {
    expect(statuses('OpenController.ping', { isAuditFailClosed: false })).to.deep.equal({
      400: ['ERR_REQUEST_MALFORMED', 'ERR_VALIDATION_FAILED'],
      415: ['ERR_UNSUPPORTED_MEDIA_TYPE'],
      429: ['ERR_RATE_LIMITED'],
      500: ['ERR_INTERNAL'],
      503: ['ERR_RATE_LIMIT_UNAVAILABLE'],
    });
  });

  it('adds declared handler codes and framework parameter checks', () => {
    const refused = statuses('OpenController.login', {
      declared: ['ERR_AUTHN_INVALID'],
      hasFrameworkChecks: true,
    });
    expect(refused[401]).to.deep.equal(['ERR_AUTHN_INVALID']);
    expect(refused[400]).to.include('ERR_REQUEST_MALFORMED');
  });

  it('marks the refusals that send a WWW-Authenticate challenge', () => {
    const challenged = (id: string, extra: Partial<RefusalFacts> = {}) =>
      Object.fromEntries(
        refusalsOf(policyOf(app(), id), { ...facts, ...extra }).map((r) => [
          r.status,
          r.hasChallenge,
        ]),
      );
    // A handler's own 401 on a public route comes with no challenge.
    expect(challenged('OpenController.login', { declared: ['ERR_AUTHN_INVALID'] })[401]).to.equal(
      false,
    );
    expect(challenged('ItemsController.create')).to.include({ 400: true, 401: true, 403: true });
    expect(challenged('ItemsController.one')).to.include({ 404: false, 500: false });
  });

  it('refuses a query parameter only as malformed when undeclared ones are ignored', () => {
    const refused = statuses('ItemsController.remove', {
      isBearerAccepted: false,
      isUndeclaredQueryRefused: false,
    });
    expect(refused[400]).to.deep.equal(['ERR_AUTHZ_PARAMETER_CONFLICT', 'ERR_REQUEST_MALFORMED']);
  });

  context('when transport hardening refuses requests before any route runs', () => {
    it('lists the HTTPS refusal on every route when plain HTTP is refused', () => {
      expect(statuses('OpenController.ping', { plainHttp: 'refuse' })[403]).to.deep.equal([
        'ERR_HTTPS_REQUIRED',
      ]);
    });

    it('lists it only on unsafe methods when plain HTTP is redirected', () => {
      expect(statuses('OpenController.ping', { plainHttp: 'redirect' })).to.not.have.property(
        '403',
      );
      expect(statuses('OpenController.login', { plainHttp: 'redirect' })[403]).to.deep.equal([
        'ERR_HTTPS_REQUIRED',
      ]);
    });

    it('lists the CSRF refusal on mutations of routes taking a cookie credential', () => {
      expect(statuses('ItemsController.create', { isCsrfChecked: true })[403]).to.include(
        'ERR_CSRF_FAILED',
      );
      expect(statuses('ItemsController.list', { isCsrfChecked: true })[403]).to.deep.equal([
        'ERR_AUTHZ_DENIED',
      ]);
    });
  });

  context('when rate limits run before and after authentication', () => {
    it('marks which refusals carry the headers of which limits', () => {
      const byStatus = (id: string) =>
        Object.fromEntries(refusalsOf(policyOf(app(), id), facts).map((r) => [r.status, r]));
      expect(byStatus('OpenController.ping')[429]).to.include({
        carriesAddressLimits: true,
        carriesPrincipalLimits: false,
      });
      const one = byStatus('ItemsController.one');
      expect(one[401]).to.include({ carriesAddressLimits: false, carriesPrincipalLimits: false });
      expect(one[404]).to.include({ carriesPrincipalLimits: true });
      expect(one[503]).to.include({ carriesPrincipalLimits: false });
    });
  });
});
