import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';

const parseCookies = cookieParser();

/**
 * Parses the `Cookie` header into `request.cookies`, keeping string values only, in an object
 * without a prototype.
 *
 * Security: cookie-parser turns `j:`-prefixed values into parsed JSON objects; an authenticator
 * expecting a string token could then be handed an object, so such values are dropped.
 *
 * @param request - The Express request; `request.cookies` is set.
 * @param response - The Express response.
 * @param next - Continues the chain, or receives a parsing error.
 */
export function readCookies(request: Request, response: Response, next: NextFunction): void {
  parseCookies(request, response, (error?: unknown) => {
    if (error !== undefined && error !== null) {
      next(error);
      return;
    }
    const strings: Record<string, string> = Object.create(null);
    const parsed = (request.cookies ?? {}) as Record<string, unknown>;
    for (const name of Object.keys(parsed)) {
      const value = parsed[name];
      if (typeof value === 'string') strings[name] = value;
    }
    request.cookies = strings;
    next();
  });
}
