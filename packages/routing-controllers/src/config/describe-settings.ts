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
  /** `memory` when the runtime made its own in-process limiter, `custom` when one was given. */
  readonly rateLimitStore: 'memory' | 'custom';
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
    rateLimitStore: options.rateLimiter === undefined ? 'memory' : 'custom',
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
  });
}
