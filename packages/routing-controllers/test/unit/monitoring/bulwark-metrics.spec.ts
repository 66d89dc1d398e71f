import { expect } from 'chai';
import { BulwarkMetrics, type RequestOutcome } from '@bulwark/routing-controllers';

function outcome(overrides: Partial<RequestOutcome>): RequestOutcome {
  return {
    requestId: 'r',
    route: 'NotesController.list',
    method: 'GET',
    status: 200,
    kind: 'allowed',
    code: null,
    principalId: 'ann',
    principalKind: 'user',
    clientAddress: '127.0.0.1',
    durationMs: 12,
    ...overrides,
  };
}

describe('BulwarkMetrics', () => {
  describe('#onRequest', () => {
    it('counts requests, denials, authentication failures and refusals by route', async () => {
      const metrics = new BulwarkMetrics({ collectProcessMetrics: false });

      metrics.onRequest(outcome({}));
      metrics.onRequest(outcome({ status: 403, kind: 'denied' }));
      metrics.onRequest(outcome({ status: 401, kind: 'authn-failure', principalId: null }));
      metrics.onRequest(outcome({ status: 429, kind: 'rate-limited' }));
      const text = await metrics.registry.metrics();

      expect(text).to.include(
        'bulwark_http_requests_total{route="NotesController.list",method="GET",status="200"} 1',
      );
      expect(text).to.include(
        'bulwark_authorization_denials_total{route="NotesController.list"} 1',
      );
      expect(text).to.include(
        'bulwark_authentication_failures_total{route="NotesController.list"} 1',
      );
      expect(text).to.include('bulwark_rate_limit_refusals_total{route="NotesController.list"} 1');
      expect(text).to.include(
        'bulwark_http_request_duration_seconds_count{route="NotesController.list",method="GET"} 4',
      );
    });
  });

  describe('#onSuspicious', () => {
    it('counts findings by kind and whether they blocked', async () => {
      const metrics = new BulwarkMetrics({ collectProcessMetrics: false, prefix: 'app_' });

      metrics.onSuspicious({
        kind: 'address',
        actorId: null,
        clientAddress: '203.0.113.1',
        count: 10,
        windowMs: 60_000,
        route: 'unmatched',
        requestId: 'r',
        blockedUntil: '2026-01-01T00:05:00.000Z',
      });

      expect(await metrics.registry.metrics()).to.include(
        'app_suspicious_activity_total{kind="address",blocked="true"} 1',
      );
    });
  });

  context('when process metrics are on', () => {
    it('adds them to its own registry only', async () => {
      const metrics = new BulwarkMetrics();

      expect(await metrics.registry.metrics()).to.include('bulwark_process_cpu_user_seconds_total');
    });
  });
});
