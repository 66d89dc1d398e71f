import cors from 'cors';
import type { Application, NextFunction, Request, Response } from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import { DEFAULTS } from '../config/defaults';
import type { CorsOptions } from '../config/options';
import type { ResolvedOptions } from '../config/validate-options';
import { installLazyCookies } from './cookies';
import { createCsrfTokenHandler } from './csrf';
import { createHttpsGuard } from './https-guard';
import { parseQueryString } from './query-string';
import { createRequestContext, recordHeaders } from './request-context';

/**
 * Installs transport hardening in front of every route, in this order: no `X-Powered-By`,
 * trusted proxies only, flat query strings, request ids, helmet's headers with a CSP that suits
 * a JSON API (nothing may load or frame it) and HSTS, the plain-HTTP guard, CORS from the
 * configured allow-list only, cookies parsed on first read, and the CSRF token route when CSRF
 * is configured.
 *
 * helmet's headers do not depend on the request, so helmet runs once at start-up and its
 * headers are replayed on every response by the request-context middleware.
 *
 * @param app - The Express app.
 * @param options - The resolved options.
 */
export function hardenTransport(app: Application, options: ResolvedOptions): void {
  app.disable('x-powered-by');
  // Express's last-resort handler (reached only if an error escapes Bulwark's own handler) prints
  // the stack as HTML unless its env is production; the stack policy is `exposeStackTraces` alone.
  if (!options.exposeStackTraces) app.set('env', 'production');
  app.set('trust proxy', options.trustedProxies.length === 0 ? false : [...options.trustedProxies]);
  app.set('query parser', parseQueryString);
  app.use(
    createRequestContext({
      headers: recordHeaders(securityHeaders(options)),
      isBehindProxy: options.trustedProxies.length > 0,
    }),
  );
  const httpsGuard = createHttpsGuard(options.https);
  if (httpsGuard !== null) app.use(httpsGuard);
  if (options.cors !== null) app.use(corsAllowList(options.cors));
  installLazyCookies(app);
  if (options.csrf !== null) app.get(options.csrf.tokenPath, createCsrfTokenHandler(options.csrf));
}

function securityHeaders(options: ResolvedOptions) {
  return helmet(helmetOptions(options.https.hsts));
}

/**
 * helmet's options for a JSON API: CSP and framing refused, nosniff, no referrer, same-origin
 * resource and opener policies, HSTS. Headers that only steer how an old browser renders an
 * HTML page (`X-XSS-Protection`, `X-Download-Options`, `X-DNS-Prefetch-Control`,
 * `X-Permitted-Cross-Domain-Policies`, `Origin-Agent-Cluster`) are left out: an API answer is
 * never such a page, and every answer would carry them.
 *
 * @param hsts - The resolved HSTS settings, or `null` for none.
 * @returns The options.
 */
export function helmetOptions(hsts: ResolvedOptions['https']['hsts']): HelmetOptions {
  return {
    xXssProtection: false,
    xDownloadOptions: false,
    xDnsPrefetchControl: false,
    xPermittedCrossDomainPolicies: false,
    originAgentCluster: false,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
    strictTransportSecurity:
      hsts === null
        ? false
        : { maxAge: hsts.maxAge, includeSubDomains: hsts.includeSubDomains, preload: hsts.preload },
  };
}

/**
 * CORS from the allow-list: a listed origin gets the configured CORS headers; any other origin
 * gets none at all (not even `Access-Control-Allow-Credentials`), and its preflight falls through
 * to the 404 of an unknown route. `Vary: Origin` is always sent, so a cache never serves one
 * origin's answer to another.
 */
function corsAllowList(allow: CorsOptions) {
  const listed = allow.origins === '*' ? null : new Set(allow.origins);
  const granted = {
    origin: allow.origins === '*' ? '*' : true,
    credentials: allow.credentials ?? false,
    exposedHeaders: [...(allow.exposedHeaders ?? DEFAULTS.corsExposedHeaders)],
    maxAge: allow.maxAge ?? DEFAULTS.corsMaxAge,
  };
  const delegate = cors((request, callback) => {
    const origin = request.headers.origin;
    const isListed = listed === null || (typeof origin === 'string' && listed.has(origin));
    callback(null, isListed ? granted : { origin: false });
  });
  return (request: Request, response: Response, next: NextFunction): void => {
    response.vary('Origin');
    delegate(request, response, next);
  };
}
