import cors from 'cors';
import type { Application } from 'express';
import helmet from 'helmet';
import { DEFAULTS } from '../config/defaults';
import type { ResolvedOptions } from '../config/validate-options';
import { readCookies } from './cookies';
import { createCsrfTokenHandler } from './csrf';
import { createHttpsGuard } from './https-guard';
import { hardenQuery, parseQueryString } from './query-string';
import { requestContext } from './request-context';

/**
 * Installs transport hardening in front of every route, in this order: no `X-Powered-By`,
 * trusted proxies only, flat query strings, request ids, helmet's headers with a CSP that suits
 * a JSON API (nothing may load or frame it) and HSTS, the plain-HTTP guard, CORS from the
 * configured allow-list only, cookie parsing, and the CSRF token route when CSRF is configured.
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
  app.use(hardenQuery);
  app.use(requestContext);
  app.use(securityHeaders(options));
  const httpsGuard = createHttpsGuard(options.https);
  if (httpsGuard !== null) app.use(httpsGuard);
  const allow = options.cors;
  if (allow !== null) {
    app.use(
      cors({
        origin: allow.origins === '*' ? '*' : [...allow.origins],
        credentials: allow.credentials ?? false,
        exposedHeaders: [...(allow.exposedHeaders ?? DEFAULTS.corsExposedHeaders)],
        maxAge: allow.maxAge ?? DEFAULTS.corsMaxAge,
      }),
    );
  }
  app.use(readCookies);
  if (options.csrf !== null) app.get(options.csrf.tokenPath, createCsrfTokenHandler(options.csrf));
}

function securityHeaders(options: ResolvedOptions) {
  const hsts = options.https.hsts;
  return helmet({
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
  });
}
