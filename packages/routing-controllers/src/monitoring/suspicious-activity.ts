import type { AuditRecorder } from '@bulwark/audit';
import type { Authenticator } from '@bulwark/auth';
import { BulwarkError, noopLogger, type Logger } from '@bulwark/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { stateOf } from '../runtime/request-state';
import { checkDetectorOptions } from './detector-options';
import { RecentCounter } from './recent-counter';
import type { RequestObserver, RequestOutcome } from './request-outcome';

/** A finding: one actor or address reached the threshold of refusals in the window. */
export interface SuspiciousActivity {
  readonly kind: 'actor' | 'address';
  readonly actorId: string | null;
  readonly clientAddress: string;
  readonly count: number;
  readonly windowMs: number;
  /** The route and request of the refusal that reached the threshold. */
  readonly route: string;
  readonly requestId: string;
  /** ISO time the block ends, or `null` when blocking is off. */
  readonly blockedUntil: string | null;
}

/** Options of {@link SuspiciousActivityDetector}. */
export interface SuspiciousActivityOptions {
  /** Denials and authentication failures that make a finding. @defaultValue 20 */
  readonly threshold?: number;
  /** The window they must fall in, in ms. @defaultValue 60000 */
  readonly windowMs?: number;
  /** How long a finding blocks the actor or address, in ms; 0 blocks nothing. @defaultValue 0 */
  readonly blockMs?: number;
  /** Most actors and addresses tracked at once; the least recent are forgotten. @defaultValue 10000 */
  readonly maxTrackedKeys?: number;
  /** Records each finding as a `security.suspicious` event. @defaultValue none */
  readonly audit?: AuditRecorder;
  /** Logs each finding at `warn`. @defaultValue `noopLogger` */
  readonly logger?: Logger;
  /** Called with each finding, for example `metrics.onSuspicious`. @defaultValue none */
  readonly onSuspicious?: (finding: SuspiciousActivity) => void;
  /** The clock, for tests. @defaultValue `Date.now` */
  readonly now?: () => number;
}

/**
 * Watches answered requests for one actor or one client address collecting `threshold` denials
 * or authentication failures within `windowMs`. Each finding is recorded in the audit trail,
 * logged and handed to `onSuspicious`; with `blockMs`, the actor or address is then refused with
 * 429 `ERR_CLIENT_BLOCKED` until the block ends.
 *
 * Security: blocking an address blocks everyone behind it (a NAT, a corporate proxy), and an
 * attacker can trigger that on purpose; it is off by default. Rate-limit refusals and blocked
 * requests do not count, so a block does not extend itself.
 *
 * @example
 * ```ts
 * const detector = new SuspiciousActivityDetector({ threshold: 10, blockMs: 300_000, audit: trail });
 * useBulwark(app, { ...options, authenticators: detector.guard([jwt]) }, {
 *   mount: (app) => app.use(detector.middleware(), monitorRequests([detector])),
 * });
 * ```
 */
export class SuspiciousActivityDetector implements RequestObserver {
  readonly #threshold: number;
  readonly #windowMs: number;
  readonly #blockMs: number;
  readonly #maxKeys: number;
  readonly #options: SuspiciousActivityOptions;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #counter: RecentCounter;
  readonly #blocks = new Map<string, number>();

  /**
   * @param options - Threshold, window, block length, and where findings go.
   * @throws BulwarkError `ERR_CONFIG_INVALID` listing every invalid option.
   */
  constructor(options: SuspiciousActivityOptions = {}) {
    checkDetectorOptions(options);
    this.#options = options;
    this.#threshold = options.threshold ?? 20;
    this.#windowMs = options.windowMs ?? 60_000;
    this.#blockMs = options.blockMs ?? 0;
    this.#maxKeys = options.maxTrackedKeys ?? 10_000;
    this.#logger = options.logger ?? noopLogger;
    this.#now = options.now ?? Date.now;
    this.#counter = new RecentCounter(this.#threshold, this.#windowMs, this.#maxKeys);
  }

  /**
   * Counts a denial or an authentication failure against its actor and its address.
   *
   * @param outcome - An answered request.
   */
  onRequest(outcome: RequestOutcome): void {
    if (outcome.kind !== 'denied' && outcome.kind !== 'authn-failure') return;
    const time = this.#now();
    if (outcome.principalId !== null && this.#counter.hit(`actor:${outcome.principalId}`, time)) {
      this.#report('actor', outcome, time);
    }
    if (this.#counter.hit(`address:${outcome.clientAddress}`, time)) {
      this.#report('address', outcome, time);
    }
  }

  /**
   * Tells whether an actor or an address is blocked.
   *
   * @param subject - The client address and, after authentication, the principal id.
   * @returns The epoch ms the block ends, or `null`.
   */
  blockedUntil(subject: { clientAddress: string; actorId?: string | null }): number | null {
    const keys = [`address:${subject.clientAddress}`];
    if (subject.actorId) keys.push(`actor:${subject.actorId}`);
    const time = this.#now();
    let until: number | null = null;
    for (const key of keys) {
      const end = this.#blocks.get(key);
      if (end !== undefined && end <= time) this.#blocks.delete(key);
      else if (end !== undefined) until = Math.max(until ?? 0, end);
    }
    return until;
  }

  /**
   * Builds the middleware that refuses requests from blocked addresses. Mount it through
   * `useBulwark`'s `mount` hook so it runs before every route.
   *
   * @returns An Express middleware passing `ERR_CLIENT_BLOCKED` to the error handler.
   */
  middleware(): RequestHandler {
    return (request: Request, _response: Response, next: NextFunction): void => {
      const clientAddress = stateOf(request)?.clientAddress ?? request.ip ?? 'unknown';
      const until = this.blockedUntil({ clientAddress });
      next(until === null ? undefined : this.#blocked(until));
    };
  }

  /**
   * Wraps authenticators so that a blocked principal (or address) is refused right after it is
   * recognised, before any limit, authorization or handler runs.
   *
   * @param authenticators - The app's authenticators.
   * @returns Authenticators with the same schemes and challenges.
   */
  guard(authenticators: readonly Authenticator[]): Authenticator[] {
    return authenticators.map((inner) => ({
      scheme: inner.scheme,
      challenge: inner.challenge,
      authenticate: async (request) => {
        const before = this.blockedUntil({ clientAddress: request.clientAddress });
        if (before !== null) throw this.#blocked(before);
        const principal = await inner.authenticate(request);
        const after =
          principal === null
            ? null
            : this.blockedUntil({ clientAddress: request.clientAddress, actorId: principal.id });
        if (after !== null) throw this.#blocked(after);
        return principal;
      },
    }));
  }

  #report(kind: SuspiciousActivity['kind'], outcome: RequestOutcome, time: number): void {
    const key =
      kind === 'actor' ? `actor:${outcome.principalId}` : `address:${outcome.clientAddress}`;
    const until = this.#blockMs > 0 ? time + this.#blockMs : null;
    if (until !== null) {
      this.#blocks.delete(key);
      this.#blocks.set(key, until);
      if (this.#blocks.size > this.#maxKeys)
        this.#blocks.delete(this.#blocks.keys().next().value as string);
    }
    const finding: SuspiciousActivity = {
      kind,
      actorId: kind === 'actor' ? outcome.principalId : null,
      clientAddress: outcome.clientAddress,
      count: this.#threshold,
      windowMs: this.#windowMs,
      route: outcome.route,
      requestId: outcome.requestId,
      blockedUntil: until === null ? null : new Date(until).toISOString(),
    };
    this.#logger.warn('Suspicious activity.', { code: 'W_SUSPICIOUS_ACTIVITY', ...finding });
    this.#options.onSuspicious?.(finding);
    this.#audit(finding, outcome);
  }

  #audit(finding: SuspiciousActivity, outcome: RequestOutcome): void {
    const audit = this.#options.audit;
    if (audit === undefined) return;
    const { kind, count, windowMs, blockedUntil } = finding;
    const event = {
      actor:
        kind === 'actor' && outcome.principalId !== null && outcome.principalKind !== null
          ? { id: outcome.principalId, kind: outcome.principalKind }
          : { id: null, kind: 'anonymous' as const },
      action: 'security.suspicious',
      subject: { type: null, id: null },
      route: outcome.route,
      outcome: 'denied' as const,
      status: outcome.status,
      reason: `${count} denials or authentication failures within ${windowMs} ms`,
      requestId: outcome.requestId,
      clientAddress: outcome.clientAddress,
      userAgent: null,
      durationMs: 0,
      details: { kind, count, windowMs, blockedUntil },
    };
    audit.record(event, { durable: true }).catch((error: unknown) => {
      this.#logger.error('Suspicious-activity event not stored.', {
        code: 'ERR_AUDIT_UNAVAILABLE',
        requestId: outcome.requestId,
        error: error instanceof Error ? error.message : String(error),
      });
    });
  }

  #blocked(until: number): BulwarkError {
    const seconds = Math.max(1, Math.ceil((until - this.#now()) / 1000));
    return new BulwarkError('ERR_CLIENT_BLOCKED', 'Too many refused requests; try again later.', {
      headers: { 'Retry-After': String(seconds) },
      reason: 'blocked after suspicious activity',
    });
  }
}
