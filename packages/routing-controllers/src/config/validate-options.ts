import { BulwarkError, isLogger, noopLogger, Permissions, type Logger } from '@bulwark/core';
import type { AuditRecorder } from '@bulwark/audit';
import type { Authenticator } from '@bulwark/auth';
import type { RateLimitEnforcer } from '@bulwark/rate-limit';
import { DEFAULTS } from './defaults';
import type { BulwarkOptions, CorsOptions } from './options';
import { resolveHardening, type ResolvedHardening } from './resolve-hardening';

/** Options after validation, with every default filled in. */
export interface ResolvedOptions extends ResolvedHardening {
  readonly controllers: readonly Function[];
  readonly permissions: Permissions;
  readonly authenticators: readonly Authenticator[];
  readonly defaultSchemes: readonly string[];
  readonly audit: AuditRecorder | null;
  readonly rateLimiter: RateLimitEnforcer | undefined;
  readonly strict: boolean;
  readonly globalRateLimits: NonNullable<BulwarkOptions['globalRateLimits']>;
  readonly auditMutatingByDefault: boolean;
  readonly onAuditFailure: 'fail' | 'continue';
  readonly routePrefix: string;
  readonly logger: Logger;
  readonly hasLogger: boolean;
  readonly exposeStackTraces: boolean;
  readonly trustedProxies: readonly string[];
  readonly body: {
    readonly maxBytes: number | string;
    readonly maxDepth: number;
    readonly maxArrayLength: number;
    readonly maxStringLength: number;
  };
  readonly cors: CorsOptions | null;
  readonly muteWarnings: ReadonlySet<string>;
}

const KEYS = new Set<string>([
  'controllers',
  'permissions',
  'authenticators',
  'defaultSchemes',
  'audit',
  'rateLimiter',
  'strict',
  'globalRateLimits',
  'auditMutatingByDefault',
  'onAuditFailure',
  'routePrefix',
  'logger',
  'exposeStackTraces',
  'trustedProxies',
  'body',
  'cors',
  'muteWarnings',
  'isProduction',
  'https',
  'csrf',
  'query',
]);

/**
 * Validates the whole option object once, reporting every problem together, and returns it with
 * defaults applied and frozen.
 *
 * @param options - The options as given to `useBulwark`.
 * @returns The resolved options.
 * @throws BulwarkError `ERR_CONFIG_INVALID` listing every problem in `details.problems`.
 */
export function validateOptions(options: BulwarkOptions): ResolvedOptions {
  const problems: string[] = [];
  const given = (options ?? {}) as unknown as Record<string, unknown>;
  for (const key of Object.keys(given))
    if (!KEYS.has(key)) problems.push(`unknown option "${key}".`);

  if (
    !Array.isArray(options.controllers) ||
    options.controllers.length === 0 ||
    !options.controllers.every((c) => typeof c === 'function')
  ) {
    problems.push('"controllers" must be a non-empty list of controller classes.');
  }
  if (!(options.permissions instanceof Permissions)) {
    problems.push('"permissions" must come from definePermissions().');
  }
  const schemes = checkAuthenticators(options.authenticators, problems);
  const defaultSchemes = options.defaultSchemes ?? schemes;
  for (const scheme of defaultSchemes) {
    if (!schemes.includes(scheme))
      problems.push(`"defaultSchemes" names unknown scheme "${scheme}".`);
  }
  if (options.audit !== false && !isRecorder(options.audit)) {
    problems.push('"audit" must be an audit recorder (record, flush, close) or false.');
  }
  if (options.rateLimiter !== undefined && typeof options.rateLimiter?.check !== 'function') {
    problems.push('"rateLimiter" must have a check() method.');
  }
  if (options.logger !== undefined && !isLogger(options.logger)) {
    problems.push('"logger" must have debug, info, warn and error methods.');
  }
  if (
    options.onAuditFailure !== undefined &&
    !['fail', 'continue'].includes(options.onAuditFailure)
  ) {
    problems.push('"onAuditFailure" must be "fail" or "continue".');
  }
  if (options.routePrefix !== undefined && !/^(\/[\w.-]+)*$/.test(options.routePrefix)) {
    problems.push('"routePrefix" must look like "/api".');
  }
  checkBody(options.body, problems);
  checkCors(options.cors, problems);
  const hardening = resolveHardening(options, problems);

  if (problems.length > 0) {
    throw new BulwarkError(
      'ERR_CONFIG_INVALID',
      `Invalid Bulwark options:\n- ${problems.join('\n- ')}`,
      {
        details: { problems },
      },
    );
  }
  return deepFreeze({
    controllers: [...options.controllers],
    permissions: options.permissions,
    authenticators: [...options.authenticators],
    defaultSchemes: [...defaultSchemes],
    audit: options.audit === false ? null : options.audit,
    rateLimiter: options.rateLimiter,
    strict: options.strict ?? DEFAULTS.strict,
    globalRateLimits: [...(options.globalRateLimits ?? [])],
    auditMutatingByDefault: options.auditMutatingByDefault ?? DEFAULTS.auditMutatingByDefault,
    onAuditFailure: options.onAuditFailure ?? DEFAULTS.onAuditFailure,
    routePrefix: options.routePrefix ?? '',
    logger: options.logger ?? noopLogger,
    hasLogger: options.logger !== undefined,
    exposeStackTraces: options.exposeStackTraces ?? DEFAULTS.exposeStackTraces,
    trustedProxies: [...(options.trustedProxies ?? DEFAULTS.trustedProxies)],
    body: {
      maxBytes: options.body?.maxBytes ?? DEFAULTS.bodyMaxBytes,
      maxDepth: options.body?.maxDepth ?? DEFAULTS.bodyMaxDepth,
      maxArrayLength: options.body?.maxArrayLength ?? DEFAULTS.bodyMaxArrayLength,
      maxStringLength: options.body?.maxStringLength ?? DEFAULTS.bodyMaxStringLength,
    },
    cors: options.cors ?? null,
    muteWarnings: new Set(options.muteWarnings ?? []),
    ...hardening,
  });
}

function checkAuthenticators(list: unknown, problems: string[]): string[] {
  if (!Array.isArray(list)) {
    problems.push('"authenticators" must be a list (it may be empty for an all-public API).');
    return [];
  }
  const schemes: string[] = [];
  for (const auth of list as Authenticator[]) {
    if (typeof auth?.authenticate !== 'function' || typeof auth.scheme !== 'string') {
      problems.push('every authenticator needs a "scheme" name and an authenticate() method.');
    } else if (schemes.includes(auth.scheme)) {
      problems.push(`two authenticators share the scheme "${auth.scheme}".`);
    } else {
      schemes.push(auth.scheme);
    }
  }
  return schemes;
}

function isRecorder(value: unknown): value is AuditRecorder {
  const r = value as Partial<AuditRecorder> | undefined;
  return (
    typeof r?.record === 'function' &&
    typeof r.flush === 'function' &&
    typeof r.close === 'function'
  );
}

function checkBody(body: BulwarkOptions['body'], problems: string[]): void {
  if (body === undefined) return;
  for (const key of ['maxDepth', 'maxArrayLength', 'maxStringLength'] as const) {
    const value = body[key];
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      problems.push(`"body.${key}" must be a positive integer.`);
    }
  }
}

function checkCors(cors: CorsOptions | undefined, problems: string[]): void {
  if (cors === undefined) return;
  if (cors.origins !== '*' && (!Array.isArray(cors.origins) || !cors.origins.every(isOrigin))) {
    problems.push(
      '"cors.origins" must be "*" or a list of origins such as "https://app.example.com".',
    );
  }
  if (cors.origins === '*' && cors.credentials === true) {
    problems.push('"cors" allows any origin together with credentials; list the origins instead.');
  }
}

function isOrigin(value: unknown): boolean {
  return typeof value === 'string' && /^https?:\/\/[^/\s*]+$/.test(value);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    const isPlain = Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype;
    if (isPlain) {
      Object.freeze(value);
      for (const child of Object.values(value)) deepFreeze(child);
    }
  }
  return value;
}
