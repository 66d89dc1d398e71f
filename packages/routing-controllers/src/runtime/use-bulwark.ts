import { BulwarkError, compilePolicies, type RoutePolicy } from '@bulwark/core';
import { createRateLimitEnforcer } from '@bulwark/rate-limit';
import type { Application, NextFunction, Request, Response } from 'express';
import { useExpressServer } from 'routing-controllers';
import type { BulwarkOptions } from '../config/options';
import { describeSettings, type BulwarkSettings } from '../config/describe-settings';
import { validateOptions } from '../config/validate-options';
import { createErrorHandler } from '../errors/error-handler';
import { hardenTransport } from '../transport/harden';
import { discoverRoutes } from './discover-routes';
import { buildPlans } from './route-plan';
import { installRouteHooks, registerRuntime, routeInterceptor } from './route-hooks';
import { createWarner, type Runtime } from './runtime';

/** What `useBulwark` returns: the compiled policies and a way to shut down cleanly. */
export interface BulwarkApp {
  /** Every route's compiled, frozen policy: what the OpenAPI document and route report read. */
  readonly policies: readonly RoutePolicy[];
  /** Finds a route's policy by `Controller.method`. */
  policy(id: string): RoutePolicy | undefined;
  /** A secret-free summary of the resolved options, for configuration reviews. */
  readonly settings: BulwarkSettings;
  /** Flushes the audit trail and closes the stores Bulwark owns. */
  close(): Promise<void>;
}

/** Extra options of {@link useBulwark}. */
export interface MountOptions {
  /**
   * Called after transport hardening and before the controllers, to add routers that are not
   * controllers (token endpoint, metrics, API reference page). They get the request id, headers
   * and the error handler, but no route policy: they must protect themselves.
   */
  readonly mount?: (app: Application) => void;
}

/**
 * Secures a routing-controllers app on Express: validates the options, compiles every route's
 * policy (refusing to start on an undeclared route in strict mode), installs transport
 * hardening, the per-route pipeline, and the error handler, then registers the controllers.
 *
 * @param app - An Express app with nothing mounted yet.
 * @param options - Controllers, permissions, authenticators, audit, limits.
 * @param mount - Routers to add before the controllers.
 * @returns The compiled policies and `close()`.
 * @throws BulwarkError `ERR_CONFIG_INVALID`, `ERR_POLICY_MISSING`, `ERR_POLICY_INVALID`,
 *   `ERR_DUPLICATE_INSTALL`
 * @example
 * ```ts
 * const app = express();
 * const bulwark = useBulwark(app, {
 *   controllers: [NotesController],
 *   permissions,
 *   authenticators: [createJwtAuthenticator({ issuer, audience, key: { secret } })],
 *   audit: new AuditTrail({ sink }),
 * });
 * app.listen(3000, '127.0.0.1');
 * ```
 */
export function useBulwark(
  app: Application,
  options: BulwarkOptions,
  mount: MountOptions = {},
): BulwarkApp {
  const resolved = validateOptions(options);
  const routes = discoverRoutes(resolved.controllers, resolved.routePrefix);
  const policies = compilePolicies({
    routes,
    permissions: resolved.permissions,
    strict: resolved.strict,
    knownSchemes: resolved.authenticators.map((a) => a.scheme),
    defaultSchemes: resolved.defaultSchemes,
    globalRateLimits: resolved.globalRateLimits,
    auditMutatingByDefault: resolved.auditMutatingByDefault,
    logger: resolved.logger,
  });
  // Copied body values lose their class, so the audit trail learns `@Sensitive()` names up front.
  resolved.audit?.registerSensitiveClasses?.(
    policies
      .flatMap(({ validation: v }) => [v.body, v.query, v.params, v.headers, v.response])
      .filter((type): type is Function => type !== null),
  );
  const ownsLimiter = resolved.rateLimiter === undefined;
  const runtime: Runtime = {
    options: resolved,
    policies,
    plans: buildPlans(policies, resolved, routeInterceptor),
    rateLimiter: resolved.rateLimiter ?? createRateLimitEnforcer({ store: 'memory' }),
    audit: resolved.audit,
    logger: resolved.logger,
    warn: createWarner(resolved),
  };
  if (resolved.audit === null)
    runtime.warn('W_AUDIT_DISABLED', 'Bulwark audit is disabled: nothing is recorded.');

  hardenTransport(app, resolved);
  registerRuntime(app, runtime);
  mount.mount?.(app);
  for (const policy of policies) installRouteHooks(policy.controller, policy.handler, policy.id);
  useExpressServer(app, {
    controllers: [...resolved.controllers],
    routePrefix: resolved.routePrefix,
    validation: false,
    classTransformer: false,
    defaultErrorHandler: false,
    development: false,
  });
  app.use(notFound);
  app.use(createErrorHandler(runtime));

  const byId = new Map(policies.map((p) => [p.id, p]));
  return Object.freeze({
    policies,
    policy: (id: string) => byId.get(id),
    settings: describeSettings(resolved),
    close: async () => {
      await runtime.audit?.close();
      if (ownsLimiter) await runtime.rateLimiter.close();
    },
  });
}

function notFound(request: Request, response: Response, next: NextFunction): void {
  if (response.headersSent) return;
  next(new BulwarkError('ERR_ROUTE_NOT_FOUND', 'No route matches this method and path.'));
}
