import { parseDuration } from '@bulwark/core';
import { AUTH_DEFAULTS } from '../config/defaults';
import { isNonEmptyString, isOptionsObject, ProblemList } from '../internal/options';
import type { JwtAuthenticatorOptions } from './jwt-authenticator';
import { localKeySource, type KeySource } from './key-source';
import { resolveLocalKey } from './local-key';
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
];

/** The checked, frozen form of the JWT authenticator's options. */
export interface CheckedJwtOptions {
  readonly keys: KeySource;
  readonly settings: VerifierSettings;
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
  const keys = keySourceOf(options, problems);
  problems.throwIfAny(where);

  const settings: VerifierSettings = Object.freeze({
    issuer: freezeList(options.issuer),
    audience: freezeList(options.audience),
    clockToleranceSeconds: tolerance,
    maxTokenLength: maxLength,
    requireType: options.requireType,
    requiredClaims: Object.freeze(['sub', ...(options.requiredClaims ?? [])]),
    maxTokenAgeSeconds: maxAge,
    clock: options.clock ?? Date.now,
  });
  return { keys: keys as KeySource, settings };
}

function keySourceOf(
  options: JwtAuthenticatorOptions,
  problems: ProblemList,
): KeySource | undefined {
  const key: unknown = options.key;
  const algorithms = options.algorithms;
  if (algorithms !== undefined) {
    problems.check(
      !isNameList(algorithms) || typeof algorithms === 'string',
      'algorithms: a non-empty list.',
    );
    problems.check(
      Array.isArray(algorithms) && algorithms.some((a) => String(a).toLowerCase() === 'none'),
      'algorithms: "none" is never accepted.',
    );
  }
  if (!isOptionsObject(key)) {
    problems.check(true, 'key: one of { secret } or { publicKey } is required.');
    return undefined;
  }
  const forms = ['secret', 'publicKey'].filter((name) => key[name] !== undefined);
  problems.check(forms.length !== 1, 'key: give exactly one of "secret" or "publicKey".');
  problems.check(Object.keys(key).length !== 1, 'key: unknown or extra fields.');
  if (forms.length !== 1) return undefined;
  const resolved = resolveLocalKey(key as never, algorithms, problems);
  return resolved === undefined ? undefined : localKeySource(resolved);
}

function checkOptionalTypes(options: JwtAuthenticatorOptions, problems: ProblemList): void {
  for (const name of ['requireType', 'realm', 'scheme'] as const) {
    const value = options[name];
    problems.check(value !== undefined && !isNonEmptyString(value), `${name}: a non-empty string.`);
  }
  for (const name of ['mapClaims', 'clock'] as const) {
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
