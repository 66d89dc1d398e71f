import { expect } from 'chai';
import { BulwarkError } from '@bulwark/core';
import { PROBLEM_DETAIL_MAX_LENGTH, toProblem } from '@bulwark/routing-controllers';

describe('toProblem', () => {
  it('keeps the code, message, details and headers of a request error', () => {
    const error = new BulwarkError('ERR_RATE_LIMITED', 'Slow down.', {
      headers: { 'Retry-After': '3' },
      details: { limit: 'burst' },
      reason: 'limit burst',
    });
    const problem = toProblem(error, 'req-1', false);
    expect(problem.status).to.equal(429);
    expect(problem.headers).to.deep.equal({ 'Retry-After': '3' });
    expect(problem.body).to.deep.equal({
      type: 'urn:bulwark:error:ERR_RATE_LIMITED',
      title: 'Too many requests',
      status: 429,
      detail: 'Slow down.',
      code: 'ERR_RATE_LIMITED',
      requestId: 'req-1',
      details: { limit: 'burst' },
    });
  });

  it('cuts a detail longer than PROBLEM_DETAIL_MAX_LENGTH and keeps a short one whole', () => {
    const long = toProblem(new BulwarkError('ERR_NOT_FOUND', 'x'.repeat(2000)), 'r', false);
    expect(long.body.detail).to.have.length(PROBLEM_DETAIL_MAX_LENGTH);
    expect(long.body.detail.endsWith('…')).to.equal(true);
    const exact = 'y'.repeat(PROBLEM_DETAIL_MAX_LENGTH);
    expect(toProblem(new BulwarkError('ERR_NOT_FOUND', exact), 'r', false).body.detail).to.equal(
      exact,
    );
  });

  it('never sends the internal reason', () => {
    const problem = toProblem(
      new BulwarkError('ERR_AUTHN_INVALID', 'Invalid token.', { reason: 'kid abc unknown' }),
      'r',
      false,
    );
    expect(JSON.stringify(problem.body)).to.not.include('kid abc');
  });

  it('hides the message of a foreign error behind "internal error" and the request id', () => {
    const problem = toProblem(
      new Error('SELECT * FROM users failed at /srv/app/db.ts:12'),
      'req-9',
      false,
    );
    expect(problem.status).to.equal(500);
    expect(problem.body.code).to.equal('ERR_INTERNAL');
    expect(problem.body.detail).to.equal('Internal error. Request id: req-9.');
    expect(JSON.stringify(problem.body)).to.not.include('SELECT').and.to.not.include('/srv/');
    expect(problem.isServerFault).to.equal(true);
  });

  it('turns a setup error reaching a request into an internal error', () => {
    const problem = toProblem(
      new BulwarkError('ERR_POLICY_MISSING', 'No compiled policy for X.'),
      'r',
      false,
    );
    expect(problem.body.code).to.equal('ERR_INTERNAL');
    expect(problem.body.detail).to.not.include('X.');
  });

  it('maps body-parser failures to their codes', () => {
    expect(toProblem({ type: 'entity.too.large', status: 413 }, 'r', false).body.code).to.equal(
      'ERR_REQUEST_TOO_LARGE',
    );
    expect(toProblem({ type: 'entity.parse.failed', status: 400 }, 'r', false).body.code).to.equal(
      'ERR_REQUEST_MALFORMED',
    );
    expect(toProblem({ type: 'encoding.unsupported', status: 415 }, 'r', false).status).to.equal(
      415,
    );
  });

  it('maps routing-controllers HTTP errors by status without their message', () => {
    expect(toProblem({ httpCode: 404, message: 'x' }, 'r', false).body.code).to.equal(
      'ERR_NOT_FOUND',
    );
    expect(toProblem({ httpCode: 400, message: 'x' }, 'r', false).body.code).to.equal(
      'ERR_REQUEST_MALFORMED',
    );
    expect(toProblem({ httpCode: 418 }, 'r', false).body.code).to.equal('ERR_INTERNAL');
  });

  it('adds a stack trace only to server faults and only when asked', () => {
    const error = new Error('boom');
    expect(toProblem(error, 'r', false).body.stack).to.equal(undefined);
    expect(toProblem(error, 'r', true).body.stack).to.include('boom');
    expect(toProblem(new BulwarkError('ERR_AUTHZ_DENIED', 'no'), 'r', true).body.stack).to.equal(
      undefined,
    );
  });
});
