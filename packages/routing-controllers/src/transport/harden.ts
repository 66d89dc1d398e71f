import cors from 'cors';
import type { Application } from 'express';
import helmet from 'helmet';
import { DEFAULTS } from '../config/defaults';
import type { ResolvedOptions } from '../config/validate-options';
import { requestContext } from './request-context';

/**
 * Installs transport hardening in front of every route: no `X-Powered-By`, trusted proxies only,
 * request ids, helmet's headers with a CSP that suits a JSON API (nothing may load or frame), and
 * CORS from the configured allow-list only.
 *
 * @param app - The Express app.
 * @param options - The resolved options.
 */
export function hardenTransport(app: Application, options: ResolvedOptions): void {
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustedProxies.length === 0 ? false : [...options.trustedProxies]);
  app.use(requestContext);
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
      },
      crossOriginResourcePolicy: { policy: 'same-origin' },
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
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
}
