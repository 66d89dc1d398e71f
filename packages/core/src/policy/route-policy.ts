import type { Grant } from '../permissions/rule-facts';
import type {
  InstanceLoader,
  RateLimitAlgorithm,
  RateLimitKeyFunction,
  RateLimitKeyKind,
} from '../metadata/declarations';

/** HTTP methods a route can have. */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

/** Where a handler parameter comes from, as the web framework reports it. */
export type ParamSource = 'body' | 'query' | 'params' | 'param' | 'header' | 'headers' | 'other';

/** One handler parameter, as the framework adapter describes it. */
export interface ParamDescriptor {
  readonly source: ParamSource;
  readonly name?: string;
  /** The declared class of the parameter, when it has one. */
  readonly type?: Function;
}

/** A route as the framework adapter found it, before Bulwark's declarations are merged in. */
export interface RouteDescriptor {
  readonly controller: Function;
  readonly handler: string;
  readonly method: HttpMethod;
  /** The full route pattern, such as `/notes/:id`. */
  readonly path: string;
  readonly params: readonly ParamDescriptor[];
}

/** A rate limit after defaults and durations are resolved. */
export interface CompiledRateLimit {
  readonly name: string;
  readonly limit: number;
  readonly windowMs: number;
  readonly algorithm: RateLimitAlgorithm;
  readonly key: RateLimitKeyKind | RateLimitKeyFunction;
  readonly cost: number;
  /** Where the limit was declared: `global`, `class` or `method`. */
  readonly origin: 'global' | 'class' | 'method';
}

/** The authorization step of a route. */
export interface AuthorizationPolicy {
  readonly action: string | null;
  readonly subject: string | null;
  /** At least one of these roles is required (empty: no role requirement). */
  readonly roles: readonly string[];
  /** Every one of these scopes is required. */
  readonly scopes: readonly string[];
  readonly check: string | null;
  readonly load: InstanceLoader | null;
  readonly isList: boolean;
  readonly deniedStatus: 403 | 404;
  /** True when some role holds the permission only under conditions. */
  readonly isConditional: boolean;
  /** How each role and scope holds the action/subject permission, for reports. */
  readonly grants: Readonly<Record<string, Grant>>;
  /** True for a route that had no policy in non-strict mode: every request is refused. */
  readonly isDenyAll: boolean;
}

/** The validation step of a route. */
export interface ValidationPolicy {
  readonly body: Function | null;
  readonly query: Function | null;
  readonly params: Function | null;
  readonly headers: Function | null;
  readonly groups: readonly string[];
  readonly response: Function | null;
}

/** The audit step of a route. */
export interface AuditPolicy {
  readonly action: string;
  readonly params: readonly string[];
  readonly body: readonly string[];
  readonly subjectIdParam: string | null;
  /** True when derived from the app's default rather than an `@Audit` on the route. */
  readonly isImplicit: boolean;
}

/**
 * Everything Bulwark enforces on one route, compiled and frozen at start-up. The request
 * pipeline, the OpenAPI generator and the route report all read this one object, so what is
 * documented is what is enforced.
 */
export interface RoutePolicy {
  /** `Controller.method`, unique per app. */
  readonly id: string;
  readonly method: HttpMethod;
  readonly path: string;
  readonly controller: Function;
  readonly handler: string;
  readonly isPublic: boolean;
  readonly isMutating: boolean;
  /** Accepted authentication schemes; empty on public routes. */
  readonly schemes: readonly string[];
  /** `null` on public routes. */
  readonly authorization: AuthorizationPolicy | null;
  readonly validation: ValidationPolicy;
  readonly rateLimits: readonly CompiledRateLimit[];
  /** `null` when the route is not audited (denials are audited regardless). */
  readonly audit: AuditPolicy | null;
}
