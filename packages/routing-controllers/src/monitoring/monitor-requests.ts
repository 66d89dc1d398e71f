import { noopLogger, type Logger } from '@bulwark/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { outcomeOf, type RequestObserver } from './request-outcome';

/**
 * Builds the middleware that reports every answered request to the observers (request log,
 * metrics, suspicious-activity detector). Mount it through `useBulwark`'s `mount` hook, so it
 * runs after the request context and sees every route, the 404s and the error handler's answers.
 *
 * An observer that throws is logged and skipped; it never affects the response or the other
 * observers.
 *
 * Limitation: requests refused by transport hardening before the `mount` hook (HTTPS required,
 * CORS refusals, malformed query strings) are not observed, because they are answered before
 * this middleware runs. They are still refused; the runtime would report them if it called the
 * observers itself.
 *
 * @param observers - Who receives each outcome.
 * @param logger - Receives observer failures. @defaultValue `noopLogger`
 * @returns An Express middleware.
 * @example
 * ```ts
 * useBulwark(app, options, {
 *   mount: (app) => app.use(monitorRequests([createRequestLog(pino()), metrics, detector])),
 * });
 * ```
 */
export function monitorRequests(
  observers: readonly RequestObserver[],
  logger: Logger = noopLogger,
): RequestHandler {
  const list = [...observers];
  return (request: Request, response: Response, next: NextFunction): void => {
    response.once('finish', () => {
      const outcome = outcomeOf(request, response);
      if (outcome === null) return;
      for (const observer of list) {
        try {
          observer.onRequest(outcome);
        } catch (error) {
          logger.error('A request observer failed.', {
            requestId: outcome.requestId,
            error: error instanceof Error ? error.message : String(error),
          });
        }
      }
    });
    next();
  };
}
