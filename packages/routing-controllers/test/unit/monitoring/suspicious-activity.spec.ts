import { expect } from 'chai';
import type { AuditEventInput, AuditRecorder } from '@bulwark/audit';
import type { Authenticator } from '@bulwark/auth';
import { createPrincipal, isBulwarkError } from '@bulwark/core';
import {
  SuspiciousActivityDetector,
  type RequestOutcome,
  type SuspiciousActivity,
} from '@bulwark/routing-controllers';
import type { NextFunction, Request, Response } from 'express';

function outcome(overrides: Partial<RequestOutcome> = {}): RequestOutcome {
  return {
    requestId: 'req',
    route: 'NotesController.update',
    method: 'PATCH',
    status: 403,
    kind: 'denied',
    code: 'ERR_AUTHZ_DENIED',
    principalId: 'mallory',
    principalKind: 'user',
    clientAddress: '203.0.113.7',
    durationMs: 1,
    ...overrides,
  };
}

class Recorder implements AuditRecorder {
  readonly events: AuditEventInput[] = [];
  async record(event: AuditEventInput): Promise<void> {
    this.events.push(event);
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}

const authenticator: Authenticator = {
  scheme: 'test',
  challenge: 'Test',
  authenticate: async () => createPrincipal({ id: 'mallory', kind: 'user', scheme: 'test' }),
};

const credentials = { headers: {}, cookies: {}, query: {}, clientAddress: '198.51.100.1' };

describe('SuspiciousActivityDetector', () => {
  let now: number;
  const clock = () => now;

  beforeEach(() => {
    now = Date.UTC(2026, 0, 1);
  });

  describe('#onRequest', () => {
    it('reports an actor and an address that reach the threshold in the window', () => {
      const findings: SuspiciousActivity[] = [];
      const detector = new SuspiciousActivityDetector({
        threshold: 3,
        now: clock,
        onSuspicious: (finding) => findings.push(finding),
      });

      for (let i = 0; i < 3; i += 1) detector.onRequest(outcome());

      expect(findings.map((f) => f.kind)).to.deep.equal(['actor', 'address']);
      expect(findings[0]).to.include({ actorId: 'mallory', count: 3, blockedUntil: null });
    });

    it('counts authentication failures of anonymous clients by address', () => {
      const findings: SuspiciousActivity[] = [];
      const detector = new SuspiciousActivityDetector({
        threshold: 2,
        now: clock,
        onSuspicious: (f) => findings.push(f),
      });
      const failure = outcome({ kind: 'authn-failure', principalId: null, principalKind: null });

      detector.onRequest(failure);
      detector.onRequest(failure);

      expect(findings).to.have.length(1);
      expect(findings[0]).to.include({ kind: 'address', clientAddress: '203.0.113.7' });
    });

    it('ignores successes, validation failures and rate-limit refusals', () => {
      const findings: SuspiciousActivity[] = [];
      const detector = new SuspiciousActivityDetector({
        threshold: 1,
        onSuspicious: (f) => findings.push(f),
      });

      for (const kind of ['allowed', 'failed', 'rate-limited', 'error'] as const) {
        detector.onRequest(outcome({ kind }));
      }

      expect(findings).to.deep.equal([]);
    });

    it('does not report refusals spread wider than the window', () => {
      const findings: SuspiciousActivity[] = [];
      const detector = new SuspiciousActivityDetector({
        threshold: 2,
        windowMs: 1000,
        now: clock,
        onSuspicious: (f) => findings.push(f),
      });

      detector.onRequest(outcome());
      now += 1500;
      detector.onRequest(outcome());

      expect(findings).to.deep.equal([]);
    });

    it('records each finding as a durable security.suspicious audit event', async () => {
      const audit = new Recorder();
      const detector = new SuspiciousActivityDetector({ threshold: 1, audit, now: clock });

      detector.onRequest(outcome({ principalId: null, principalKind: null }));
      await Promise.resolve();

      expect(audit.events).to.have.length(1);
      expect(audit.events[0]).to.deep.include({
        action: 'security.suspicious',
        actor: { id: null, kind: 'anonymous' },
        clientAddress: '203.0.113.7',
        outcome: 'denied',
      });
    });
  });

  context('when blocking is on', () => {
    it('blocks the actor and the address until the block ends', () => {
      const detector = new SuspiciousActivityDetector({
        threshold: 2,
        blockMs: 60_000,
        now: clock,
      });
      detector.onRequest(outcome());
      detector.onRequest(outcome());

      expect(detector.blockedUntil({ clientAddress: '203.0.113.7' })).to.equal(now + 60_000);
      expect(detector.blockedUntil({ clientAddress: '192.0.2.1', actorId: 'mallory' })).to.equal(
        now + 60_000,
      );
      now += 60_000;
      expect(detector.blockedUntil({ clientAddress: '203.0.113.7', actorId: 'mallory' })).to.equal(
        null,
      );
    });

    it('refuses a blocked principal after authentication with ERR_CLIENT_BLOCKED', async () => {
      const detector = new SuspiciousActivityDetector({
        threshold: 1,
        blockMs: 30_000,
        now: clock,
      });
      detector.onRequest(outcome({ clientAddress: '203.0.113.99' }));
      const [guarded] = detector.guard([authenticator]);

      const error = await guarded!.authenticate(credentials).catch((e: unknown) => e);

      expect(isBulwarkError(error) && error.code).to.equal('ERR_CLIENT_BLOCKED');
      expect((error as { headers: Record<string, string> }).headers['Retry-After']).to.equal('30');
    });

    it('refuses a blocked address before its credential is even checked', async () => {
      const detector = new SuspiciousActivityDetector({
        threshold: 1,
        blockMs: 30_000,
        now: clock,
      });
      detector.onRequest(outcome({ principalId: null, clientAddress: '198.51.100.1' }));
      let isCalled = false;
      const [guarded] = detector.guard([
        { ...authenticator, authenticate: async () => ((isCalled = true), null) },
      ]);

      const error = await guarded!.authenticate(credentials).catch((e: unknown) => e);

      expect(isBulwarkError(error) && error.code).to.equal('ERR_CLIENT_BLOCKED');
      expect(isCalled).to.equal(false);
    });

    it('lets an unblocked principal through the guard unchanged', async () => {
      const detector = new SuspiciousActivityDetector({ blockMs: 30_000 });
      const [guarded] = detector.guard([authenticator]);

      const principal = await guarded!.authenticate(credentials);

      expect(principal?.id).to.equal('mallory');
      expect(guarded).to.include({ scheme: 'test', challenge: 'Test' });
    });

    it('makes the middleware pass ERR_CLIENT_BLOCKED for a blocked address', () => {
      const detector = new SuspiciousActivityDetector({ threshold: 1, blockMs: 5000, now: clock });
      detector.onRequest(outcome({ principalId: null, clientAddress: '127.0.0.9' }));
      const passed: unknown[] = [];
      const next = ((error?: unknown) => passed.push(error)) as NextFunction;

      detector.middleware()({ ip: '127.0.0.9' } as Request, {} as Response, next);
      detector.middleware()({ ip: '127.0.0.10' } as Request, {} as Response, next);

      expect(isBulwarkError(passed[0]) && passed[0].code).to.equal('ERR_CLIENT_BLOCKED');
      expect(passed[1]).to.equal(undefined);
    });
  });

  context('when blocking is off', () => {
    it('never blocks', () => {
      const detector = new SuspiciousActivityDetector({ threshold: 1, now: clock });
      detector.onRequest(outcome());

      expect(detector.blockedUntil({ clientAddress: '203.0.113.7', actorId: 'mallory' })).to.equal(
        null,
      );
    });
  });

  context('when options are invalid', () => {
    it('throws ERR_CONFIG_INVALID listing every problem', () => {
      try {
        new SuspiciousActivityDetector({
          threshold: 0,
          blockMs: -1,
          audit: {} as AuditRecorder,
          logger: {} as never,
          now: 5 as never,
          treshold: 3,
        } as never);
        expect.fail('expected a configuration error');
      } catch (error) {
        expect(isBulwarkError(error) && error.code).to.equal('ERR_CONFIG_INVALID');
        expect((error as { details: { problems: string[] } }).details.problems).to.have.length(6);
      }
    });
  });
});
