import type { AuditRecorder } from '@bulwark/audit';
import type { Logger, RoutePolicy } from '@bulwark/core';
import type { RateLimitEnforcer } from '@bulwark/rate-limit';
import type { ResolvedOptions } from '../config/validate-options';
import type { RoutePlan } from './route-plan';

/**
 * The compiled state of one Bulwark app: options, one plan per route and the stores. Built once
 * by `useBulwark` and read by every request.
 */
export interface Runtime {
  readonly options: ResolvedOptions;
  readonly plans: ReadonlyMap<string, RoutePlan>;
  readonly policies: readonly RoutePolicy[];
  readonly rateLimiter: RateLimitEnforcer;
  readonly audit: AuditRecorder | null;
  readonly logger: Logger;
  /** Emits an advisory warning once per code, unless muted. */
  warn(code: string, message: string): void;
}

/**
 * Creates the warning emitter: once per code per runtime, mutable per code, through the injected
 * logger or, without one, through `process.emitWarning`.
 */
export function createWarner(options: ResolvedOptions): (code: string, message: string) => void {
  const emitted = new Set<string>();
  return (code, message) => {
    if (emitted.has(code) || options.muteWarnings.has(code)) return;
    emitted.add(code);
    if (options.hasLogger) options.logger.warn(message, { code });
    else process.emitWarning(message, { code, type: 'BulwarkWarning' });
  };
}
