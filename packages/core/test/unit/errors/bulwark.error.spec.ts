import { expect } from 'chai';
import { BulwarkError, isBulwarkError } from '@bulwark/core';

describe('BulwarkError', () => {
  it('takes its status from the catalog', () => {
    const error = new BulwarkError('ERR_AUTHZ_DENIED', 'no');
    expect(error.status).to.equal(403);
    expect(error.code).to.equal('ERR_AUTHZ_DENIED');
    expect(error.headers).to.deep.equal({});
  });

  it('keeps details, headers, cause and the internal reason apart', () => {
    const cause = new Error('socket closed');
    const error = new BulwarkError('ERR_AUTHN_INVALID', 'bad token', {
      details: { hint: 'x' },
      headers: { 'WWW-Authenticate': 'Bearer' },
      cause,
      reason: 'signature mismatch',
    });
    expect(error.details).to.deep.equal({ hint: 'x' });
    expect(error.headers['WWW-Authenticate']).to.equal('Bearer');
    expect(error.cause).to.equal(cause);
    expect(error.reason).to.equal('signature mismatch');
  });
});

describe('isBulwarkError', () => {
  it('recognises an instance', () => {
    expect(isBulwarkError(new BulwarkError('ERR_INTERNAL', 'x'))).to.equal(true);
  });

  it('recognises an error from another copy of the package by name and a known code', () => {
    const foreign = Object.assign(new Error('x'), { name: 'BulwarkError', code: 'ERR_NOT_FOUND' });
    expect(isBulwarkError(foreign)).to.equal(true);
  });

  it('refuses an error that claims the name with an unknown code', () => {
    const forged = Object.assign(new Error('x'), { name: 'BulwarkError', code: 'ERR_MADE_UP' });
    expect(isBulwarkError(forged)).to.equal(false);
    expect(isBulwarkError(new Error('plain'))).to.equal(false);
    expect(isBulwarkError('ERR_NOT_FOUND')).to.equal(false);
  });
});
