import type { Request, Response } from 'express';
import { getMetadataArgsStorage } from 'routing-controllers';

/** How a route's JSON result may be written without routing-controllers' result handling. */
export interface JsonAnswer {
  /** The `@HttpCode` status, or `null` to keep the response's status. */
  readonly status: number | null;
  /** `@Header` and `@Location` headers, in declaration order. */
  readonly headers: readonly (readonly [string, string])[];
}

/** Response decorators whose effect the direct writer reproduces, or which it never meets. */
const HANDLED = new Set(['success-code', 'header', 'location', 'on-undefined', 'on-null']);

/**
 * Decides at start-up whether a route's results can be written by {@link writeJson}: a
 * `@JsonController` action whose response decorators are only `@HttpCode`, `@Header`,
 * `@Location`, `@OnUndefined` or `@OnNull`, with no interceptor but Bulwark's own (another
 * interceptor might change the result after Bulwark's) and no `Content-Type` of its own.
 *
 * @param controller - The controller class.
 * @param handler - The method name.
 * @param ownInterceptor - Bulwark's interceptor, the one that may come before.
 * @returns The answer plan, or `null` to leave every result to routing-controllers.
 */
export function planJsonAnswer(
  controller: Function,
  handler: string,
  ownInterceptor: Function,
): JsonAnswer | null {
  const storage = getMetadataArgsStorage();
  const meta = storage.controllers.find((c) => c.target === controller);
  if (meta?.type !== 'json' || storage.interceptors.length > 0) return null;
  const others = storage.useInterceptors.filter(
    (use) =>
      use.target === controller &&
      (use.method === undefined || use.method === handler) &&
      use.interceptor !== ownInterceptor,
  );
  if (others.length > 0) return null;
  const handlers = storage.filterResponseHandlersWithTargetAndMethod(controller, handler);
  if (handlers.some((h) => !HANDLED.has(h.type))) return null;
  const headers: Array<readonly [string, string]> = [];
  for (const h of handlers) {
    if (h.type === 'location') headers.push(['Location', String(h.value)]);
    if (h.type === 'header') headers.push([String(h.value), String(h.secondaryValue)]);
  }
  if (headers.some(([name]) => name.toLowerCase() === 'content-type')) return null;
  return Object.freeze({
    status: declaredStatus(controller, handler),
    headers: Object.freeze(headers),
  });
}

/**
 * The status an action's `@HttpCode` declares, which routing-controllers sets only after the
 * interceptors have run.
 *
 * @param controller - The controller class.
 * @param handler - The method name.
 * @returns The status, or `null` when the action declares none.
 */
export function declaredStatus(controller: Function, handler: string): number | null {
  const code = getMetadataArgsStorage()
    .filterResponseHandlersWithTargetAndMethod(controller, handler)
    .find((h) => h.type === 'success-code')?.value;
  return typeof code === 'number' ? code : null;
}

/**
 * Writes an object or list result as JSON directly: status, the action's headers, a fixed
 * `Content-Type` and `Content-Length`, then the body (none for `HEAD`). This is what Express's
 * `res.json` sends, without its per-response `Content-Type` parsing and ETag hashing.
 *
 * Only for answers marked `Cache-Control: no-store` (authenticated ones): an ETag serves
 * conditional requests from caches, and such an answer is never cached. Declines — returns
 * `false` and writes nothing — when the result is not a plain JSON value holder, the status
 * carries no body (204, 304), a `Content-Type` is already set, or the app changed Express's
 * JSON settings.
 *
 * @param request - The Express request.
 * @param response - The Express response.
 * @param answer - The route's answer plan.
 * @param result - The shaped result.
 * @returns Whether the answer was written.
 */
export function writeJson(
  request: Request,
  response: Response,
  answer: JsonAnswer,
  result: unknown,
): boolean {
  if (typeof result !== 'object' || result === null || Buffer.isBuffer(result)) return false;
  if (typeof (result as { pipe?: unknown }).pipe === 'function' || response.headersSent)
    return false;
  // A handler that chose its own content type keeps it, through Express.
  if (response.getHeader('Content-Type') !== undefined) return false;
  const settings = request.app.settings as Record<string, unknown>;
  const isCustomJson =
    settings['json spaces'] !== undefined ||
    settings['json replacer'] !== undefined ||
    settings['json escape'] === true;
  const status = answer.status ?? response.statusCode;
  if (isCustomJson || status === 204 || status === 304) return false;
  const body = JSON.stringify(result) as string | undefined;
  if (body === undefined) return false;

  if (response.statusCode !== status) response.statusCode = status;
  for (const [name, value] of answer.headers) response.setHeader(name, value);
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.setHeader('Content-Length', Buffer.byteLength(body));
  if (request.method === 'HEAD') response.end();
  else response.end(body);
  return true;
}
