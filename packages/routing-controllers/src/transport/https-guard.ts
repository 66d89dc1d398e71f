import { BulwarkError } from '@bulwark/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { ResolvedHttps } from '../config/resolve-hardening';
import { isSecureRequest } from './request-protocol';

/**
 * Builds the middleware that keeps plain HTTP out, per `https.plainHttp`: refuse with 403
 * `ERR_HTTPS_REQUIRED`, or redirect GET and HEAD with 308 to `redirectOrigin` and refuse the rest.
 *
 * Security: a state-changing request that arrived in clear is refused rather than redirected: its
 * credentials and body already crossed the network, and a redirect would make clients silently
 * repeat them. The redirect target is the configured origin, never the `Host` header.
 *
 * @param https - The resolved HTTPS settings.
 * @returns The middleware, or `null` when plain HTTP is allowed.
 */
export function createHttpsGuard(https: ResolvedHttps): RequestHandler | null {
  if (https.plainHttp === 'allow') return null;
  const origin = https.redirectOrigin;
  return (request: Request, response: Response, next: NextFunction): void => {
    if (isSecureRequest(request)) {
      next();
      return;
    }
    const isSafe = request.method === 'GET' || request.method === 'HEAD';
    if (https.plainHttp === 'redirect' && origin !== null && isSafe) {
      response.set('Cache-Control', 'no-store');
      response.redirect(308, `${origin}${pathOf(request.originalUrl)}`);
      return;
    }
    next(
      new BulwarkError('ERR_HTTPS_REQUIRED', 'This service accepts HTTPS requests only.', {
        reason: `plain ${request.method} refused`,
      }),
    );
  };
}

/** Keeps an origin-relative path; anything else (absolute-form, `//host`) redirects to the root. */
function pathOf(url: string): string {
  return /^\/(?!\/)/.test(url) ? url : '/';
}
