import { BulwarkError } from '../errors/bulwark.error';
import { parseDuration } from '../internal/duration';
import type { Logger } from '../logging/logger';
import type { AuthorizeDeclaration, RateLimitDeclaration } from '../metadata/declarations';
import { assertSingleInstall } from '../metadata/registry';
import type { Permissions } from '../permissions/define-permissions';
import { routeDeclarations, type RouteDeclarations } from './merge-declarations';
import type {
  AuditPolicy,
  CompiledRateLimit,
  HttpMethod,
  RouteDescriptor,
  RoutePolicy,
} from './route-policy';
import { checkBodyFields, compileAuthorization } from './compile-authorization';
import { compileValidation } from './compile-validation';

/** Options of {@link compilePolicies}. */
export interface CompileOptions {
  readonly routes: readonly RouteDescriptor[];
  readonly permissions: Permissions;
  /** Refuse to start on any route without a policy or with an unenforceable one. @defaultValue true */
  readonly strict?: boolean;
  /** Schemes the app can authenticate with, by name. */
  readonly knownSchemes: readonly string[];
  /** Schemes a route accepts when it names none. */
  readonly defaultSchemes: readonly string[];
  /** Limits every route gets in addition to its own. @defaultValue [] */
  readonly globalRateLimits?: readonly RateLimitDeclaration[];
  /** Audit mutating routes that have no `@Audit`, as `<controller>.<method>`. @defaultValue true */
  readonly auditMutatingByDefault?: boolean;
  /** Receives advisory warnings, such as a route denied in non-strict mode. */
  readonly logger?: Logger;
}

const MUTATING: ReadonlySet<HttpMethod> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Compiles every route's declarations into one frozen {@link RoutePolicy} per route, checking
 * each against the permission model. All problems are collected and reported together.
 *
 * @param options - The routes found by the framework adapter, the permissions and defaults.
 * @returns Frozen policies in route order.
 * @throws BulwarkError `ERR_POLICY_MISSING` when, in strict mode, routes declare no policy.
 * @throws BulwarkError `ERR_POLICY_INVALID` when a policy cannot be enforced.
 * @throws BulwarkError `ERR_DUPLICATE_INSTALL` when two copies of the core are loaded.
 */
export function compilePolicies(options: CompileOptions): readonly RoutePolicy[] {
  assertSingleInstall();
  const isStrict = options.strict ?? true;
  const missing: string[] = [];
  const problems: string[] = [];
  const policies: RoutePolicy[] = [];
  const seen = new Set<string>();

  for (const route of options.routes) {
    const id = `${route.controller.name}.${route.handler}`;
    if (seen.has(id)) problems.push(`${id}: the same handler is routed twice.`);
    seen.add(id);
    const declarations = routeDeclarations(route.controller, route.handler);
    const report = (problem: string): void =>
      void problems.push(`${id} (${route.method} ${route.path}): ${problem}`);
    const resolved = resolveAccess(declarations);
    if (resolved === 'missing') {
      if (isStrict) missing.push(`${route.method} ${route.path} (${id})`);
      else
        options.logger?.warn('Route has no policy; every request to it is refused.', {
          code: 'W_POLICY_MISSING',
          route: id,
        });
    }
    policies.push(compileRoute(route, id, declarations, resolved, options, report));
  }

  if (missing.length > 0) {
    throw new BulwarkError(
      'ERR_POLICY_MISSING',
      `Routes without @Authorize or @Public: ${missing.join(', ')}.`,
      { details: { routes: missing } },
    );
  }
  if (problems.length > 0) {
    throw new BulwarkError(
      'ERR_POLICY_INVALID',
      `Invalid route policies:\n- ${problems.join('\n- ')}`,
      {
        details: { problems },
      },
    );
  }
  return Object.freeze(policies);
}

type Access = 'public' | 'missing' | AuthorizeDeclaration;

function resolveAccess({ classLevel, method }: RouteDeclarations): Access {
  if (method.isPublic === true) return 'public';
  if (method.authorize !== undefined) {
    const merged: AuthorizeDeclaration = { ...classLevel.authorize, ...method.authorize };
    // `load` and `list` exclude each other: the method's choice replaces the class's.
    if (method.authorize.load !== undefined) return { ...merged, list: false };
    if (method.authorize.list === true) return { ...merged, load: undefined };
    return merged;
  }
  if (classLevel.isPublic === true) return 'public';
  return classLevel.authorize ?? 'missing';
}

function compileRoute(
  route: RouteDescriptor,
  id: string,
  declarations: RouteDeclarations,
  access: Access,
  options: CompileOptions,
  report: (problem: string) => void,
): RoutePolicy {
  const isPublic = access === 'public';
  const isMutating = MUTATING.has(route.method);
  const declaration: AuthorizeDeclaration = typeof access === 'object' ? access : {};
  const schemes = isPublic ? [] : [...(declaration.schemes ?? options.defaultSchemes)];
  for (const scheme of schemes) {
    if (!options.knownSchemes.includes(scheme))
      report(`unknown authentication scheme "${scheme}".`);
  }
  if (!isPublic && schemes.length === 0) report('no authentication scheme is configured.');

  const authorization = isPublic
    ? null
    : compileAuthorization(declaration, {
        isDenyAll: access === 'missing',
        method: route.method,
        permissions: options.permissions,
        report,
      });
  const validation = compileValidation(route, declarations, report);
  checkBodyFields({ isMutating, authorization, validation }, options.permissions, report);
  const rateLimits = compileRateLimits(
    declarations,
    options.globalRateLimits ?? [],
    isPublic,
    report,
  );
  const audit = compileAudit(
    route,
    declarations,
    isMutating,
    options.auditMutatingByDefault ?? true,
  );

  return Object.freeze({
    id,
    method: route.method,
    path: route.path,
    controller: route.controller,
    handler: route.handler,
    isPublic,
    isMutating,
    schemes: Object.freeze(schemes),
    authorization,
    validation,
    rateLimits,
    audit,
  });
}

function compileRateLimits(
  { classLevel, method }: RouteDeclarations,
  globals: readonly RateLimitDeclaration[],
  isPublic: boolean,
  report: (problem: string) => void,
): readonly CompiledRateLimit[] {
  const compile = (
    d: RateLimitDeclaration,
    origin: CompiledRateLimit['origin'],
  ): CompiledRateLimit => {
    const windowMs = parseDuration(d.window ?? '1m');
    const key = d.key ?? (isPublic ? 'ip' : 'principal');
    if (isPublic && typeof key === 'string' && key !== 'ip') {
      report(`a rate limit keyed by "${key}" on a public route has no key to count; use "ip".`);
    }
    const algorithm = d.algorithm ?? 'fixed-window';
    return Object.freeze({
      name: d.name ?? `${origin}-${d.limit}-per-${windowMs}ms`,
      limit: d.limit,
      windowMs,
      algorithm,
      key,
      cost: d.cost ?? 1,
      origin,
    });
  };
  return Object.freeze([
    ...globals.map((d) => compile(d, 'global')),
    ...classLevel.rateLimits.map((d) => compile(d, 'class')),
    ...method.rateLimits.map((d) => compile(d, 'method')),
  ]);
}

function compileAudit(
  route: RouteDescriptor,
  { classLevel, method }: RouteDeclarations,
  isMutating: boolean,
  auditMutatingByDefault: boolean,
): AuditPolicy | null {
  if (method.skipAudit === true) return null;
  const own = method.audit;
  const inherited = classLevel.audit;
  const hasIdParam = /:id\b/.test(route.path);
  const action =
    own?.action ?? (inherited !== undefined ? `${inherited.action}.${route.handler}` : null);
  const implicitAction =
    isMutating && auditMutatingByDefault ? `${route.controller.name}.${route.handler}` : null;
  const chosen = action ?? implicitAction;
  if (chosen === null) return null;
  const source = own ?? inherited;
  return Object.freeze({
    action: chosen,
    params: Object.freeze([...(source?.params ?? [])]),
    body: Object.freeze([...(source?.body ?? [])]),
    subjectIdParam: source?.subjectIdParam ?? (hasIdParam ? 'id' : null),
    isImplicit: action === null,
  });
}
