import { parse } from 'node:querystring';
import type { NextFunction, Request, Response } from 'express';

/** A parsed query string: flat, without a prototype, values are strings or lists of strings. */
export type ParsedQuery = Readonly<Record<string, string | readonly string[]>>;

const parsed = new WeakSet<object>();

/**
 * Parses a query string flat: `a=1&a=2` gives a list, `a[b]=1` gives the key `a[b]`, never a
 * nested object. The result has no prototype, so a `__proto__` or `constructor` parameter is an
 * ordinary key that the route's query check then refuses.
 *
 * Security: Express's default parser (qs) builds nested objects and arrays from brackets, the
 * shape of operator-injection attacks (`?user[$ne]=x`), and drops prototype keys silently, which
 * hides them from the checks. No route needs either.
 *
 * @param raw - The query string without `?`, or `undefined`.
 * @returns The parameters.
 */
export function parseQueryString(raw: string | null | undefined): ParsedQuery {
  const result =
    typeof raw !== 'string' || raw.length === 0
      ? Object.create(null)
      : parse(raw, '&', '=', { maxKeys: 0 });
  parsed.add(result as object);
  return result as ParsedQuery;
}

/**
 * Makes sure `request.query` was built by {@link parseQueryString}, re-parsing it when the app's
 * router was created with another query parser before Bulwark was installed.
 *
 * @param request - The Express request; its `query` may be replaced.
 * @param _response - Unused.
 * @param next - Continues the chain.
 */
export function hardenQuery(request: Request, _response: Response, next: NextFunction): void {
  ensureFlatQuery(request);
  next();
}

/**
 * The body of {@link hardenQuery}, for callers that run it inside another middleware.
 *
 * @param request - The Express request; its `query` may be replaced.
 */
export function ensureFlatQuery(request: Request): void {
  const current = request.query as unknown;
  if (typeof current !== 'object' || current === null || !parsed.has(current)) {
    const url = request.url;
    const mark = url.indexOf('?');
    request.query = parseQueryString(
      mark === -1 ? undefined : url.slice(mark + 1),
    ) as Request['query'];
  }
}

/**
 * Counts the parameters of a parsed query: each value of a repeated key counts.
 *
 * @param query - A parsed query.
 * @returns The number of parameters.
 */
export function countParameters(query: ParsedQuery): number {
  let count = 0;
  for (const key of Object.keys(query)) {
    const value = query[key];
    count += Array.isArray(value) ? value.length : 1;
  }
  return count;
}
