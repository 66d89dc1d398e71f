import { BulwarkError } from '@bulwark/core';
import type { ResolvedEnforcerOptions } from './config/enforcer-options';
import type { LimitCheck, LimitOutcome, RateLimitStore } from './stores/store';

/** What a guarded call answered, and which store holds the counters it took. */
export interface GuardedOutcome {
  /** `null` when even the local limiter failed in `allow` mode: admitted, nothing counted. */
  readonly outcomes: readonly LimitOutcome[] | null;
  readonly store: RateLimitStore | null;
}

/**
 * Applies the `onStoreError` policy around the configured store and tracks its health.
 *
 * Every call tries the configured store first, so recovery is automatic: the first call that
 * succeeds after a failure ends the outage. One log line marks the start of an outage and one
 * its end (not one per request, which would flood the log during an outage); the metrics hook
 * hears about every failed call.
 */
export class StoreGuard {
  private downSince: number | null = null;
  private fallback: RateLimitStore | undefined;

  /**
   * @param primary - The configured store.
   * @param config - Resolved enforcer options.
   * @param makeFallback - Builds the local limiter used in `allow` mode, on first need.
   */
  constructor(
    private readonly primary: RateLimitStore,
    private readonly config: ResolvedEnforcerOptions,
    private readonly makeFallback: () => RateLimitStore,
  ) {}

  /**
   * Consumes from the configured store, or applies the failure policy.
   *
   * @param checks - The limits to check together.
   * @param routeId - For the metrics hook.
   * @returns The outcomes and the store that holds the counters.
   * @throws BulwarkError `ERR_RATE_LIMIT_UNAVAILABLE` when the store fails and the policy is `deny`.
   */
  async consume(checks: readonly LimitCheck[], routeId: string): Promise<GuardedOutcome> {
    try {
      const outcomes = await this.primary.consume(checks);
      this.markUp();
      return { outcomes, store: this.primary };
    } catch (error) {
      return this.onFailure(checks, routeId, error);
    }
  }

  /**
   * {@link StoreGuard.consume} without waiting, when the configured store can answer
   * synchronously (the memory store); the failure policy applies alike.
   *
   * @param checks - The limits to check together.
   * @param routeId - For the metrics hook.
   * @returns The outcomes and the store, or `undefined` when the store must be waited for.
   * @throws BulwarkError `ERR_RATE_LIMIT_UNAVAILABLE` when the store fails under `deny`.
   */
  consumeNow(checks: readonly LimitCheck[], routeId: string): GuardedOutcome | undefined {
    if (this.primary.consumeNow === undefined) return undefined;
    try {
      const outcomes = this.primary.consumeNow(checks);
      this.markUp();
      return { outcomes, store: this.primary };
    } catch (error) {
      this.applyPolicy(routeId, error);
      this.fallback ??= this.makeFallback();
      try {
        const outcomes = this.fallback.consumeNow?.(checks);
        return outcomes === undefined ? undefined : { outcomes, store: this.fallback };
      } catch {
        return { outcomes: null, store: null };
      }
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.primary.close(), this.fallback?.close()]);
  }

  private async onFailure(
    checks: readonly LimitCheck[],
    routeId: string,
    error: unknown,
  ): Promise<GuardedOutcome> {
    this.applyPolicy(routeId, error);
    this.fallback ??= this.makeFallback();
    try {
      return { outcomes: await this.fallback.consume(checks), store: this.fallback };
    } catch {
      return { outcomes: null, store: null };
    }
  }

  /** Records a failed call and throws when the policy is `deny`; returns in `allow` mode. */
  private applyPolicy(routeId: string, error: unknown): void {
    const decision = this.config.onStoreError;
    const errorName = error instanceof Error ? error.name : typeof error;
    this.markDown(decision, error);
    this.config.onEvent({ type: 'store-error', routeId, decision, errorName });
    if (decision === 'deny') {
      throw new BulwarkError(
        'ERR_RATE_LIMIT_UNAVAILABLE',
        'Rate limiting is unavailable; retry later.',
        { cause: error, reason: `rate-limit store failed: ${errorName}` },
      );
    }
  }

  private markDown(decision: 'deny' | 'allow', error: unknown): void {
    if (this.downSince !== null) return;
    this.downSince = this.config.now();
    const meanwhile =
      decision === 'deny'
        ? 'requests are refused with 503'
        : 'requests are counted by a local in-memory limiter';
    const message = `Rate-limit store unavailable; ${meanwhile} until it answers again.`;
    const fields = {
      code: 'W_RATE_LIMIT_STORE_UNAVAILABLE',
      decision,
      errorName: error instanceof Error ? error.name : typeof error,
      errorCode: (error as { code?: unknown } | null)?.code ?? null,
    };
    if (this.config.hasLogger) this.config.logger.error(message, fields);
    else process.emitWarning(message, { code: fields.code });
  }

  private markUp(): void {
    if (this.downSince === null) return;
    const downForMs = this.config.now() - this.downSince;
    this.downSince = null;
    this.config.logger.info('Rate-limit store answers again.', {
      code: 'W_RATE_LIMIT_STORE_RECOVERED',
      downForMs,
    });
    this.config.onEvent({ type: 'store-recovered', downForMs });
  }
}
