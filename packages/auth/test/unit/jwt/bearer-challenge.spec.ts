import { expect } from 'chai';
import { bearerChallenge } from '@bulwark/auth';

describe('bearerChallenge', () => {
  it('returns the bare scheme without parameters', () => {
    expect(bearerChallenge()).to.equal('Bearer');
  });

  it('lists realm, error, description and scope in order', () => {
    const value = bearerChallenge({
      realm: 'api',
      error: 'insufficient_scope',
      errorDescription: 'More scope needed',
      scope: ['notes:read', 'notes:write'],
    });
    expect(value).to.equal(
      'Bearer realm="api", error="insufficient_scope", error_description="More scope needed", scope="notes:read notes:write"',
    );
  });

  it('removes quotes, backslashes and control characters from quoted values', () => {
    const value = bearerChallenge({ realm: 'a"b\\c\r\nd', errorDescription: 'x", error="none' });
    expect(value).to.equal('Bearer realm="abcd", error_description="x, error=none"');
  });

  it('omits an empty scope list', () => {
    expect(bearerChallenge({ error: 'invalid_token', scope: [] })).to.equal(
      'Bearer error="invalid_token"',
    );
  });
});
