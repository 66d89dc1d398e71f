import { expect } from 'chai';
import { BulwarkError, createPrincipal } from '@bulwark/core';
import { classify, outcomeOf, UNMATCHED_ROUTE } from '@bulwark/routing-controllers';
import type { Request, Response } from 'express';
import { noteProblem } from '../../../src/monitoring/request-outcome';
import { attachState } from '../../../src/runtime/request-state';

function exchange(status: number): { request: Request; response: Response } {
  const request = { method: 'POST' } as Request;
  const response = { statusCode: status } as unknown as Response;
  return { request, response };
}

describe('classify', () => {
  it('classifies by problem code when one was noted', () => {
    const kinds = [
      classify(401, { code: 'ERR_AUTHN_INVALID', isHiddenDenial: false }),
      classify(429, { code: 'ERR_AUTHN_LOCKED', isHiddenDenial: false }),
      classify(403, { code: 'ERR_CSRF_FAILED', isHiddenDenial: false }),
      classify(404, { code: 'ERR_NOT_FOUND', isHiddenDenial: true }),
      classify(404, { code: 'ERR_ROUTE_NOT_FOUND', isHiddenDenial: false }),
      classify(503, { code: 'ERR_AUDIT_UNAVAILABLE', isHiddenDenial: false }),
    ];
    expect(kinds).to.deep.equal([
      'authn-failure',
      'rate-limited',
      'denied',
      'denied',
      'failed',
      'error',
    ]);
  });

  it('falls back to the status when no code was noted', () => {
    expect([401, 403, 429, 400, 500, 200].map((status) => classify(status))).to.deep.equal([
      'authn-failure',
      'denied',
      'rate-limited',
      'failed',
      'error',
      'allowed',
    ]);
  });
});

describe('outcomeOf', () => {
  it('returns null for a request Bulwark never saw', () => {
    const { request, response } = exchange(200);
    expect(outcomeOf(request, response)).to.equal(null);
  });

  context('when the request has Bulwark state', () => {
    it('reports route, principal, code and kind, and labels unmatched requests as such', () => {
      const { request, response } = exchange(404);
      attachState(request, {
        requestId: 'req-42',
        startedAt: process.hrtime.bigint(),
        clientAddress: '10.0.0.9',
        plan: null,
        principal: createPrincipal({ id: 'ann', kind: 'user', scheme: 'test' }),
        ability: null,
        instance: null,
        rateLimits: [],
        isAudited: false,
      });
      noteProblem(
        response,
        'ERR_NOT_FOUND',
        new BulwarkError('ERR_NOT_FOUND', 'x', { reason: 'owner' }),
      );

      const outcome = outcomeOf(request, response);

      expect(outcome).to.include({
        requestId: 'req-42',
        route: UNMATCHED_ROUTE,
        method: 'POST',
        status: 404,
        kind: 'denied',
        code: 'ERR_NOT_FOUND',
        principalId: 'ann',
        principalKind: 'user',
        clientAddress: '10.0.0.9',
      });
      expect(outcome?.durationMs).to.be.a('number');
    });
  });
});
