import cookieParser from 'cookie-parser';
import type { Application, Request } from 'express';

const parseCookies = cookieParser();

/**
 * Makes `request.cookies` of every request of `app` a lazily parsed view of the `Cookie`
 * header: string values only, in an object without a prototype, parsed on first read.
 *
 * Lazily, because most API requests carry no cookie credential and most routes never read one;
 * parsing every request's header would be work for nothing. The property is defined on the
 * app's request prototype, so it exists for every request of this app and no other, and
 * assigning `request.cookies` (as cookie middleware does) replaces it as usual.
 *
 * Security: cookie-parser turns `j:`-prefixed values into parsed JSON objects; an authenticator
 * expecting a string token could then be handed an object, so such values are dropped.
 *
 * @param app - The Express app.
 */
export function installLazyCookies(app: Application): void {
  // Express gives every app its own request prototype; its typings leave it out.
  const prototype = (app as Application & { request: object }).request;
  Object.defineProperty(prototype, 'cookies', {
    configurable: true,
    enumerable: true,
    get(this: Request): Record<string, string> {
      const cookies = readCookies(this);
      own(this, cookies);
      return cookies;
    },
    set(this: Request, value: unknown) {
      own(this, value);
    },
  });
}

function own(request: Request, value: unknown): void {
  Object.defineProperty(request, 'cookies', {
    value,
    writable: true,
    configurable: true,
    enumerable: true,
  });
}

/**
 * Parses the `Cookie` header of a request with cookie-parser, keeping string values only.
 *
 * @param request - The Express request.
 * @returns The cookies, in an object without a prototype.
 */
export function readCookies(request: Request): Record<string, string> {
  const strings: Record<string, string> = Object.create(null);
  if (request.headers.cookie === undefined) return strings;
  // cookie-parser skips a request whose `cookies` is already set; an own `undefined` shadows the
  // lazy property so it parses this one. It finishes synchronously.
  own(request, undefined);
  let failure: unknown = null;
  parseCookies(request, undefined as never, (error?: unknown) => {
    failure = error ?? null;
  });
  if (failure !== null) throw failure;
  const parsed = (request.cookies ?? {}) as Record<string, unknown>;
  for (const name of Object.keys(parsed)) {
    const value = parsed[name];
    if (typeof value === 'string') strings[name] = value;
  }
  return strings;
}
