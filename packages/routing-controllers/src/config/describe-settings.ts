import type { ResolvedOptions } from './validate-options';

/**
 * A plain, secret-free summary of the options an app started with, for tools that review a
 * configuration (the `bulwark doctor` command) without reaching into the runtime.
 */
export interface BulwarkSettings {
  /** The authentication schemes the app accepts. */
  readonly schemes: readonly string[];
  /** False when the app was started with `audit: false`. */
  readonly isAuditEnabled: boolean;
  /** Where rate-limit counters live: the enforcer's own `storeKind`, `memory` for the runtime's default. */
  readonly rateLimitStore: 'memory' | 'redis' | 'custom';
  readonly exposeStackTraces: boolean;
  readonly trustedProxies: readonly string[];
  readonly cors: {
    readonly origins: readonly string[] | '*';
    readonly credentials: boolean;
  } | null;
  readonly strict: boolean;
  readonly onAuditFailure: 'fail' | 'continue';
  readonly auditMutatingByDefault: boolean;
  /** The `WWW-Authenticate` challenge of each scheme, by scheme name (for API documentation). */
  readonly challenges: Readonly<Record<string, string>>;
  /** The limits every JSON body is held to before validation. */
  readonly body: {
    readonly maxBytes: number | string;
    readonly maxDepth: number;
    readonly maxArrayLength: number;
    readonly maxStringLength: number;
  };
  /** How query strings are held: undeclared parameters and the parameter count. */
  readonly query: {
    readonly undeclared: 'refuse' | 'ignore';
    readonly maxParameters: number;
  };
  /** What a plain-HTTP request gets: refused (403), redirected (GET and HEAD), or served. */
  readonly plainHttp: 'refuse' | 'redirect' | 'allow';
  /** Schemes whose credential is a cookie; with `isCsrfEnabled`, their mutations need a CSRF token. */
  readonly cookieSchemes: readonly string[];
  readonly isCsrfEnabled: boolean;
}

/**
 * Summarizes resolved options. Only names, flags and addresses are copied: no authenticator,
 * key, store or logger object leaves the runtime.
 *
 * @param options - The validated options.
 * @returns A frozen summary.
 */
export function describeSettings(options: ResolvedOptions): BulwarkSettings {
  const cors = options.cors;
  return Object.freeze({
    schemes: Object.freeze(options.authenticators.map((a) => a.scheme)),
    isAuditEnabled: options.audit !== null,
    rateLimitStore:
      options.rateLimiter?.storeKind ?? (options.rateLimiter === undefined ? 'memory' : 'custom'),
    exposeStackTraces: options.exposeStackTraces,
    trustedProxies: Object.freeze([...options.trustedProxies]),
    cors:
      cors === null
        ? null
        : Object.freeze({
            origins: cors.origins === '*' ? '*' : Object.freeze([...cors.origins]),
            credentials: cors.credentials ?? false,
          }),
    strict: options.strict,
    onAuditFailure: options.onAuditFailure,
    auditMutatingByDefault: options.auditMutatingByDefault,
    challenges: Object.freeze(
      Object.fromEntries(options.authenticators.map((a) => [a.scheme, a.challenge])),
    ),
    body: Object.freeze({ ...options.body }),
    query: Object.freeze({ ...options.query }),
    plainHttp: options.https.plainHttp,
    cookieSchemes: Object.freeze(
      options.authenticators.filter((a) => a.credentialCookie !== undefined).map((a) => a.scheme),
    ),
    isCsrfEnabled: options.csrf !== null,
  });
}
