import { parseDuration } from '@bulwark/core';
import { AUTH_DEFAULTS } from '../config/defaults';
import { isNonEmptyString, isOptionsObject, ProblemList } from '../internal/options';
import type { JwtAuthenticatorOptions } from './jwt-authenticator';
import type { KeySource } from './key-source';
import { keySourceOf } from './jwt-key-source';
import { VerifiedTokenCache } from './verified-token-cache';
import type { VerifierSettings } from './jwt-verifier';

const KNOWN_OPTIONS = [
  'issuer',
  'audience',
  'key',
  'algorithms',
  'clockTolerance',
  'maxTokenLength',
  'requireType',
  'requiredClaims',
  'maxTokenAge',
  'claims',
  'mapClaims',
  'realm',
  'scheme',
  'clock',
  'cache',
  'isRevoked',
];

/** The checked, frozen form of the JWT authenticator's options. */
export interface CheckedJwtOptions {
  readonly keys: KeySource;
  readonly settings: VerifierSettings;
  /** `undefined` when caching is turned off. */
  readonly cache: VerifiedTokenCache | undefined;
}

/**
 * Checks every option of the JWT authenticator and reports all problems together.
 *
 * @param options - The options as given.
 * @param where - The calling function, for messages.
 * @returns The key source and frozen verifier settings.
 * @throws BulwarkError `ERR_CONFIG_INVALID` listing every problem.
 */
export function checkJwtOptions(
  options: JwtAuthenticatorOptions,
  where: string,
): CheckedJwtOptions {
  const problems = new ProblemList();
  if (!isOptionsObject(options)) {
    problems.check(true, 'options must be an object.');
    problems.throwIfAny(where);
  }
  problems.rejectUnknownKeys(where, options, KNOWN_OPTIONS);
  problems.check(!isNameList(options.issuer), 'issuer: a non-empty string or list is required.');
  problems.check(
    !isNameList(options.audience),
    'audience: a non-empty string or list is required.',
  );
  const tolerance = options.clockTolerance ?? AUTH_DEFAULTS.clockToleranceSeconds;
  problems.check(
    !Number.isFinite(tolerance) ||
      tolerance < 0 ||
      tolerance > AUTH_DEFAULTS.maxClockToleranceSeconds,
    `clockTolerance: seconds between 0 and ${AUTH_DEFAULTS.maxClockToleranceSeconds}.`,
  );
  const maxLength = options.maxTokenLength ?? AUTH_DEFAULTS.maxTokenLength;
  problems.check(
    !Number.isInteger(maxLength) || maxLength < 64,
    'maxTokenLength: a whole number of at least 64.',
  );
  checkOptionalTypes(options, problems);
  const maxAge = durationSeconds(options.maxTokenAge, 'maxTokenAge', problems);
  const clock = options.clock ?? Date.now;
  checkAlgorithms(options.algorithms, problems);
  const keys = keySourceOf(options.key, options.algorithms, clock, problems);
  const cache = cacheOf(options.cache, problems);
  problems.throwIfAny(where);

  const settings: VerifierSettings = Object.freeze({
    issuer: freezeList(options.issuer),
    audience: freezeList(options.audience),
    clockToleranceSeconds: tolerance,
    maxTokenLength: maxLength,
    requireType: options.requireType,
    requiredClaims: Object.freeze(['sub', ...(options.requiredClaims ?? [])]),
    maxTokenAgeSeconds: maxAge,
    clock,
  });
  return { keys: keys as KeySource, settings, cache };
}

function checkOptionalTypes(options: JwtAuthenticatorOptions, problems: ProblemList): void {
  for (const name of ['requireType', 'realm', 'scheme'] as const) {
    const value = options[name];
    problems.check(value !== undefined && !isNonEmptyString(value), `${name}: a non-empty string.`);
  }
  for (const name of ['mapClaims', 'clock', 'isRevoked'] as const) {
    const value = options[name];
    problems.check(value !== undefined && typeof value !== 'function', `${name}: a function.`);
  }
  const required = options.requiredClaims;
  problems.check(
    required !== undefined && (!Array.isArray(required) || !required.every(isNonEmptyString)),
    'requiredClaims: a list of claim names.',
  );
  const claims = options.claims;
  if (claims !== undefined) {
    problems.check(!isOptionsObject(claims), 'claims: an object.');
    if (isOptionsObject(claims)) {
      new Set(Object.keys(claims)).forEach((k) =>
        problems.check(
          !['rolesClaim', 'tenantClaim', 'attributeClaims', 'kind'].includes(k),
          `claims: unknown option "${k}".`,
        ),
      );
    }
  }
}

function checkAlgorithms(algorithms: unknown, problems: ProblemList): void {
  if (algorithms === undefined) return;
  problems.check(
    !Array.isArray(algorithms) || !isNameList(algorithms),
    'algorithms: a non-empty list.',
  );
  problems.check(
    Array.isArray(algorithms) && algorithms.some((a) => String(a).toLowerCase() === 'none'),
    'algorithms: "none" is never accepted.',
  );
}

function cacheOf(
  option: JwtAuthenticatorOptions['cache'],
  problems: ProblemList,
): VerifiedTokenCache | undefined {
  if (option === false) return undefined;
  const settings = option ?? {};
  if (!isOptionsObject(settings)) {
    problems.check(true, 'cache: false or { maxEntries, maxAge }.');
    return undefined;
  }
  for (const name of Object.keys(settings)) {
    problems.check(!['maxEntries', 'maxAge'].includes(name), `cache: unknown option "${name}".`);
  }
  const maxEntries = settings.maxEntries ?? AUTH_DEFAULTS.tokenCacheMaxEntries;
  problems.check(
    !Number.isInteger(maxEntries) || maxEntries < 1,
    'cache.maxEntries: a positive whole number.',
  );
  const maxAge = durationSeconds(
    settings.maxAge ?? AUTH_DEFAULTS.tokenCacheMaxAge,
    'cache.maxAge',
    problems,
  );
  return new VerifiedTokenCache(maxEntries, (maxAge ?? 0) * 1000);
}

function durationSeconds(
  value: JwtAuthenticatorOptions['maxTokenAge'],
  name: string,
  problems: ProblemList,
): number | undefined {
  if (value === undefined) return undefined;
  try {
    return Math.ceil(parseDuration(value) / 1000);
  } catch {
    problems.check(true, `${name}: a positive duration such as '10m'.`);
    return undefined;
  }
}

function isNameList(value: unknown): boolean {
  if (typeof value === 'string') return value.length > 0;
  return Array.isArray(value) && value.length > 0 && value.every(isNonEmptyString);
}

function freezeList(value: string | readonly string[]): string | readonly string[] {
  return typeof value === 'string' ? value : Object.freeze([...value]);
}
