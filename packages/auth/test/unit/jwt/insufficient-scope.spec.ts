import { expect } from 'chai';
import { insufficientScopeError } from '@bulwark/auth';

describe('insufficientScopeError', () => {
  it('answers 403 with the RFC 6750 challenge naming the needed scopes', () => {
    const error = insufficientScopeError(['notes:write', 'notes:read'], { realm: 'notes' });
    expect(error.code).to.equal('ERR_AUTHZ_SCOPE_INSUFFICIENT');
    expect(error.status).to.equal(403);
    expect(error.headers['WWW-Authenticate']).to.equal(
      'Bearer realm="notes", error="insufficient_scope", scope="notes:write notes:read"',
    );
    expect(error.details).to.deep.equal({ requiredScopes: ['notes:write', 'notes:read'] });
    expect(error.reason).to.equal('scope.missing');
  });

  it('keeps a caller-given audit reason', () => {
    expect(insufficientScopeError(['a'], { reason: 'scope.tenant' }).reason).to.equal(
      'scope.tenant',
    );
  });
});
