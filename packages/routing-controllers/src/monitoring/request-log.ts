import type { Logger as PinoLogger } from 'pino';
import { loadOnFirstUse } from '../internal/load-on-first-use';
import type { RequestObserver, RequestOutcome } from './request-outcome';

const loadPino = loadOnFirstUse(() => require('pino') as typeof import('pino'));

/**
 * Builds the request log: one pino line per answered request with the request id, route,
 * method, status, outcome, problem code, principal id and duration.
 *
 * Server errors are logged at `error`, refusals and failures at `info`, successes at `info`.
 * The line never holds headers, cookies, the query, the body, the raw path or the client
 * address, so no credential or personal payload can reach the log through it.
 *
 * @param logger - A pino logger. @defaultValue `pino()` writing JSON to stdout
 * @returns A request observer.
 * @example
 * ```ts
 * app.use(monitorRequests([createRequestLog(pino({ level: 'info' }))]));
 * ```
 */
export function createRequestLog(logger: PinoLogger = loadPino().pino()): RequestObserver {
  return {
    onRequest(outcome: RequestOutcome): void {
      const line = {
        requestId: outcome.requestId,
        route: outcome.route,
        method: outcome.method,
        status: outcome.status,
        decision: outcome.kind,
        code: outcome.code,
        principalId: outcome.principalId,
        durationMs: Math.round(outcome.durationMs * 1000) / 1000,
      };
      if (outcome.kind === 'error') logger.error(line, 'request failed');
      else logger.info(line, 'request');
    },
  };
}
