import { expect } from 'chai';
import type { BulwarkApp } from '@bulwark/routing-controllers';
import { refusalsOf, type RefusalFacts } from '../../../src/document/refusals';
import { fixtureApp, policyOf } from '../../support/fixtures';

const facts: RefusalFacts = {
  isBearerAccepted: true,
  isAuditFailClosed: true,
  hasFrameworkChecks: false,
  declared: [],
};

describe('refusalsOf', () => {
  let app: BulwarkApp;
  const statuses = (id: string, extra: Partial<RefusalFacts> = {}) =>
    Object.fromEntries(
      refusalsOf(policyOf(app, id), { ...facts, ...extra }).map((r) => [r.status, r.codes]),
    );

  before(() => {
    app = fixtureApp({
      audit: {
        record: async () => undefined,
        flush: async () => undefined,
        close: async () => undefined,
      },
    });
  });

  after(async () => {
    await app.close();
  });

  it('follows the pipeline of an object route that hides what the principal may not read', () => {
    expect(statuses('ItemsController.one')).to.deep.equal({
      400: ['ERR_AUTHN_INVALID', 'ERR_VALIDATION_FAILED'],
      401: ['ERR_AUTHN_REQUIRED', 'ERR_AUTHN_INVALID'],
      404: ['ERR_NOT_FOUND'],
      429: ['ERR_RATE_LIMITED'],
      500: ['ERR_INTERNAL'],
      503: ['ERR_RATE_LIMIT_UNAVAILABLE'],
    });
  });

  it('adds body refusals, scopes and the durable audit write on a mutating route', () => {
    expect(statuses('ItemsController.create')).to.deep.equal({
      400: ['ERR_AUTHN_INVALID', 'ERR_REQUEST_MALFORMED', 'ERR_VALIDATION_FAILED'],
      401: ['ERR_AUTHN_REQUIRED', 'ERR_AUTHN_INVALID'],
      403: ['ERR_AUTHZ_DENIED', 'ERR_AUTHZ_SCOPE_INSUFFICIENT'],
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
      429: ['ERR_RATE_LIMITED'],
      500: ['ERR_INTERNAL'],
      503: ['ERR_RATE_LIMIT_UNAVAILABLE'],
    });
  });

  it('adds declared handler codes and framework parameter checks', () => {
    const refused = statuses('OpenController.ping', {
      declared: ['ERR_AUTHN_INVALID'],
      hasFrameworkChecks: true,
    });
    expect(refused[400]).to.deep.equal(['ERR_REQUEST_MALFORMED']);
    expect(refused[401]).to.deep.equal(['ERR_AUTHN_INVALID']);
  });

  it('has no 400 for a bearer-less app route without input', () => {
    expect(statuses('ItemsController.remove', { isBearerAccepted: false })).to.not.have.property(
      '400',
    );
  });

  context('when rate limits run before and after authentication', () => {
    it('marks which refusals carry the headers of which limits', () => {
      const byStatus = Object.fromEntries(
        refusalsOf(policyOf(app, 'OpenController.ping'), facts).map((r) => [r.status, r]),
      );
      expect(byStatus[429]).to.include({
        carriesAddressLimits: true,
        carriesPrincipalLimits: false,
      });
      const one = Object.fromEntries(
        refusalsOf(policyOf(app, 'ItemsController.one'), facts).map((r) => [r.status, r]),
      );
      expect(one[401]).to.include({ carriesAddressLimits: false, carriesPrincipalLimits: false });
      expect(one[404]).to.include({ carriesPrincipalLimits: true });
      expect(one[503]).to.include({ carriesPrincipalLimits: false });
    });
  });
});
