import type { AuditRecorder } from '@bulwark/audit';
import type { Authenticator } from '@bulwark/auth';
import type { Logger, Permissions, RateLimitDeclaration } from '@bulwark/core';
import type { RateLimitEnforcer } from '@bulwark/rate-limit';
import type { CsrfOptions, HttpsOptions, QueryOptions } from './hardening-options';

/** Limits applied to every JSON body before validation. */
export interface BodyLimits {
  /** Largest body accepted, in bytes or as `'100kb'`. @defaultValue '100kb' */
  readonly maxBytes?: number | string;
  /** Deepest nesting of objects and arrays. @defaultValue 20 */
  readonly maxDepth?: number;
  /** Longest array. @defaultValue 1000 */
  readonly maxArrayLength?: number;
  /** Longest string value or key. @defaultValue 10000 */
  readonly maxStringLength?: number;
}

/** CORS allow-list. Without it, no cross-origin browser request is allowed. */
export interface CorsOptions {
  /** Exact origins allowed, such as `https://app.example.com`. `'*'` allows any origin without credentials. */
  readonly origins: readonly string[] | '*';
  /** Allow cookies and credentials cross-origin. Refused together with `'*'`. @defaultValue false */
  readonly credentials?: boolean;
  /** Response headers the browser may read. @defaultValue ['RateLimit', 'RateLimit-Policy', 'Retry-After', 'X-Request-Id'] */
  readonly exposedHeaders?: readonly string[];
  /** Preflight cache time in seconds. @defaultValue 600 */
  readonly maxAge?: number;
}

/**
 * Everything `useBulwark` needs. Checked once at bootstrap: unknown keys and invalid values are
 * reported together under `ERR_CONFIG_INVALID`, then the options are frozen.
 */
export interface BulwarkOptions {
  /** The routing-controllers controllers to serve. */
  readonly controllers: readonly Function[];
  /** The app's permission model from `definePermissions`. */
  readonly permissions: Permissions;
  /** How principals are authenticated; routes choose among these by scheme name. */
  readonly authenticators: readonly Authenticator[];
  /** Schemes a route accepts when it names none. @defaultValue every authenticator's scheme */
  readonly defaultSchemes?: readonly string[];
  /** Audit recorder, such as an `AuditTrail` over a TypeORM sink; `false` turns audit off. */
  readonly audit: AuditRecorder | false;
  /** Rate-limit enforcer. @defaultValue an in-memory enforcer */
  readonly rateLimiter?: RateLimitEnforcer;
  /** Refuse to start on a route without a policy. @defaultValue true */
  readonly strict?: boolean;
  /** Limits every route gets. @defaultValue [] */
  readonly globalRateLimits?: readonly RateLimitDeclaration[];
  /** Audit mutating routes without `@Audit` too. @defaultValue true */
  readonly auditMutatingByDefault?: boolean;
  /** What a mutating route does when its audit event cannot be stored. @defaultValue 'fail' */
  readonly onAuditFailure?: 'fail' | 'continue';
  /** Prefix of every route, such as `/api`. @defaultValue '' */
  readonly routePrefix?: string;
  /** Structured logger. @defaultValue a no-op logger; warnings go to `process.emitWarning` */
  readonly logger?: Logger;
  /**
   * Put stack traces into 500 responses. Development only.
   *
   * Security: stack traces reveal file paths, library versions and code structure.
   * @defaultValue false
   */
  readonly exposeStackTraces?: boolean;
  /**
   * Addresses of proxies whose `X-Forwarded-*` headers are believed (Express `trust proxy`
   * syntax: addresses, CIDRs or `loopback`). Everyone else's are ignored.
   * @defaultValue [] (the socket address is the client address)
   */
  readonly trustedProxies?: readonly string[];
  /** JSON body limits. */
  readonly body?: BodyLimits;
  /** CORS allow-list. @defaultValue none: cross-origin requests get no CORS headers */
  readonly cors?: CorsOptions;
  /** Advisory warning codes (`W_…`) to mute. @defaultValue [] */
  readonly muteWarnings?: readonly string[];
  /**
   * Production mode: plain HTTP is refused by default and `exposeStackTraces` is a start-up
   * error.
   *
   * Security: set it explicitly in deployments; the default trusts `NODE_ENV`.
   * @defaultValue `process.env.NODE_ENV === 'production'`
   */
  readonly isProduction?: boolean;
  /** Plain-HTTP handling and HSTS. */
  readonly https?: HttpsOptions;
  /** CSRF protection; required when an authenticator reads a cookie. @defaultValue none */
  readonly csrf?: CsrfOptions;
  /** Query-string handling. */
  readonly query?: QueryOptions;
}
