import { expect } from 'chai';
import { EventEmitter } from 'node:events';
import { noopLogger, type Logger } from '@bulwark/core';
import { monitorRequests, type RequestOutcome } from '@bulwark/routing-controllers';
import type { Request, Response } from 'express';
import { attachState } from '../../../src/runtime/request-state';

function exchange(withState: boolean): { request: Request; response: Response & EventEmitter } {
  const request = { method: 'GET' } as Request;
  if (withState) {
    attachState(request, {
      requestId: 'req-1',
      startedAt: process.hrtime.bigint(),
      clientAddress: '127.0.0.1',
      plan: null,
      principal: null,
      ability: null,
      instance: null,
      rateLimits: [],
      isAudited: false,
    });
  }
  const response = Object.assign(new EventEmitter(), { statusCode: 204 }) as unknown as Response &
    EventEmitter;
  return { request, response };
}

describe('monitorRequests', () => {
  it('hands each observer the outcome once the response is finished', () => {
    const seen: RequestOutcome[] = [];
    const { request, response } = exchange(true);
    let isNextCalled = false;

    monitorRequests([{ onRequest: (o) => seen.push(o) }])(request, response, () => {
      isNextCalled = true;
    });
    expect(seen).to.have.length(0);
    response.emit('finish');

    expect(isNextCalled).to.equal(true);
    expect(seen[0]).to.include({ requestId: 'req-1', status: 204, kind: 'allowed' });
  });

  context('when an observer throws', () => {
    it('logs the failure and still calls the other observers', () => {
      const seen: string[] = [];
      const errors: string[] = [];
      const logger: Logger = { ...noopLogger, error: (message: string) => errors.push(message) };
      const { request, response } = exchange(true);
      const failing = {
        onRequest: () => {
          throw new Error('observer bug');
        },
      };

      monitorRequests([failing, { onRequest: (o) => seen.push(o.requestId) }], logger)(
        request,
        response,
        () => undefined,
      );
      response.emit('finish');

      expect(seen).to.deep.equal(['req-1']);
      expect(errors).to.deep.equal(['A request observer failed.']);
    });
  });

  context('when Bulwark never saw the request', () => {
    it('reports nothing', () => {
      const seen: RequestOutcome[] = [];
      const { request, response } = exchange(false);

      monitorRequests([{ onRequest: (o) => seen.push(o) }])(request, response, () => undefined);
      response.emit('finish');

      expect(seen).to.deep.equal([]);
    });
  });
});
