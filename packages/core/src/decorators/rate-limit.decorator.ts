import { parseDuration } from '../internal/duration';
import type { RateLimitDeclaration } from '../metadata/declarations';
import { argumentError, classOrMethod, type ClassOrMethodDecorator } from './decorator-target';

const ALGORITHMS = new Set(['fixed-window', 'sliding-window', 'token-bucket', 'concurrency']);
const KEYS = new Set(['ip', 'principal', 'api-key', 'client', 'tenant']);

/**
 * Limits how often a route may be called per key. Stack several for a burst and a sustained
 * limit; class-level limits apply to every method in addition to the method's own, so a method
 * can only tighten its controller's budget, never loosen it.
 *
 * Limits bind to the compiled route, not the raw path, so `/notes/1` and `/NOTES/%31/` share one
 * budget. A refused request answers 429 with `Retry-After` and `RateLimit` headers.
 *
 * Security: keying by `principal` on a public route has no principal to count; start-up refuses
 * it. Use `ip` there.
 *
 * @param declaration - Limit, window (`'15m'`), algorithm, key and cost.
 * @returns A class or method decorator.
 * @throws BulwarkError `ERR_DECORATOR_ARGUMENT` when the limit, window, cost or key is invalid.
 * @example
 * ```ts
 * @Post('/')
 * @RateLimit({ limit: 10, window: '1s', name: 'burst' })
 * @RateLimit({ limit: 300, window: '15m', name: 'sustained' })
 * create(@Body() input: NoteInput) { ... }
 * ```
 */
export function RateLimit(declaration: RateLimitDeclaration): ClassOrMethodDecorator {
  const frozen = Object.freeze({ ...declaration });
  return classOrMethod('RateLimit', (declarations, where) => {
    checkRateLimit(frozen, where);
    declarations.rateLimits.push(frozen);
  });
}

function checkRateLimit(d: RateLimitDeclaration, where: string): void {
  const fail = (problem: string): never => {
    throw argumentError('RateLimit', where, problem);
  };
  if (!Number.isInteger(d.limit) || d.limit < 1) fail('"limit" must be a positive integer.');
  if (d.window !== undefined) {
    try {
      parseDuration(d.window);
    } catch {
      fail(`"window" is not a duration: ${String(d.window)}.`);
    }
  }
  if (d.algorithm !== undefined && !ALGORITHMS.has(d.algorithm)) {
    fail(`unknown algorithm "${String(d.algorithm)}".`);
  }
  if (d.key !== undefined && typeof d.key !== 'function' && !KEYS.has(d.key)) {
    fail(`unknown key "${String(d.key)}".`);
  }
  if (d.cost !== undefined && (!Number.isInteger(d.cost) || d.cost < 1 || d.cost > d.limit)) {
    fail('"cost" must be a positive integer no larger than "limit".');
  }
}
