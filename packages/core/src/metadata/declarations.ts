import type { Duration } from '../internal/duration';
import type { Principal } from '../principal/principal';

/** Where a route's principal may be identified for a rate limit. */
export type RateLimitKeyKind = 'ip' | 'principal' | 'api-key' | 'client' | 'tenant';

/** What a custom rate-limit key function receives. */
export interface RateLimitKeyInput {
  readonly clientAddress: string;
  readonly principal: Principal | null;
  readonly params: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** A custom key: return a string to count against, or `null` to fall back to the address. */
export type RateLimitKeyFunction = (input: RateLimitKeyInput) => string | null;

/** The algorithms `@RateLimit` offers. */
export type RateLimitAlgorithm = 'fixed-window' | 'sliding-window' | 'token-bucket' | 'concurrency';

/** One `@RateLimit(...)` as written. */
export interface RateLimitDeclaration {
  /** Requests (or cost units) allowed per window; for `concurrency`, requests in flight. */
  readonly limit: number;
  /** The window, or for a token bucket the time to refill `limit` tokens. @defaultValue '1m' */
  readonly window?: Duration;
  /** @defaultValue 'fixed-window' */
  readonly algorithm?: RateLimitAlgorithm;
  /** What to count against. @defaultValue 'principal', or 'ip' on public routes */
  readonly key?: RateLimitKeyKind | RateLimitKeyFunction;
  /** Units one request consumes. @defaultValue 1 */
  readonly cost?: number;
  /** A name for headers and reports. @defaultValue derived from limit and window */
  readonly name?: string;
}

/** Loads the instance a route acts on, so ownership conditions can be checked before the handler. */
export type InstanceLoader = (input: {
  readonly params: Readonly<Record<string, unknown>>;
  readonly principal: Principal;
}) => Promise<object | null | undefined> | object | null | undefined;

/** One `@Authorize(...)` as written, after the short forms are expanded. */
export interface AuthorizeDeclaration {
  readonly action?: string;
  readonly subject?: string;
  /** The principal needs at least one of these roles. */
  readonly roles?: readonly string[];
  /** The principal needs every one of these scopes. */
  readonly scopes?: readonly string[];
  /** The name of a custom check from the permission model. */
  readonly check?: string;
  /** Loads the instance named by the route parameters; required for conditional permissions. */
  readonly load?: InstanceLoader;
  /** Declares a list route whose handler narrows its query with the ability. */
  readonly list?: boolean;
  /** The status for an instance the principal may not act on. @defaultValue 404 for reads, 403 otherwise */
  readonly deniedStatus?: 403 | 404;
  /** Authentication schemes accepted; defaults to the app's. */
  readonly schemes?: readonly string[];
}

/** Where a DTO applies. */
export interface ValidateDeclaration {
  readonly body?: Function;
  readonly query?: Function;
  readonly params?: Function;
  readonly headers?: Function;
  /** class-validator groups, for a DTO that serves create and update. */
  readonly groups?: readonly string[];
  /** The response DTO the result is shaped through. */
  readonly response?: Function;
}

/** What `@Audit` records beyond the standard fields. */
export interface AuditDeclaration {
  readonly action: string;
  /** Route parameters to copy into the event details. */
  readonly params?: readonly string[];
  /** Dot paths of the validated body to copy (redacted) into the event details. */
  readonly body?: readonly string[];
  /** The route parameter holding the subject id. @defaultValue 'id' when the path has one */
  readonly subjectIdParam?: string;
}

/** Everything recorded on one class or one method. */
export interface Declarations {
  authorize?: AuthorizeDeclaration;
  isPublic?: boolean;
  validate?: ValidateDeclaration;
  rateLimits: RateLimitDeclaration[];
  audit?: AuditDeclaration;
  skipAudit?: boolean;
}
