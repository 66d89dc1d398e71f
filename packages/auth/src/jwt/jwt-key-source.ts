import { parseDuration, type Duration } from '@bulwark/core';
import { AUTH_DEFAULTS } from '../config/defaults';
import { isOptionsObject, type ProblemList } from '../internal/options';
import type { JwsAlgorithm } from './algorithms';
import { indexKeySet, type JsonWebKeySet } from './jwk-set';
import type { KeySource } from './key-source';
import { localKeySource } from './key-source';
import { resolveLocalKey, type PublicKeyOption, type SecretKeyOption } from './local-key';
import { RemoteKeySet, type FetchLike } from './remote-key-set';
import { TokenError } from './token-error';

/**
 * A key set held in process: a fixed set, or a function returning the current set (such as
 * `() => ring.jwks()` of this app's own token endpoint). The function's result is re-indexed
 * whenever it returns a different object, which also drops cached verifications.
 */
export interface JwksKeyOption {
  readonly jwks: JsonWebKeySet | (() => JsonWebKeySet);
}

/** Keys fetched from an issuer's JWKS endpoint. */
export interface JwksUrlKeyOption {
  /** `https:` URL of the key set; `http:` is accepted only for loopback hosts. */
  readonly jwksUrl: string | URL;
  /** @defaultValue '10m' */
  readonly cacheMaxAge?: Duration;
  /** @defaultValue '30s' */
  readonly cooldown?: Duration;
  /** @defaultValue '1h' */
  readonly maxStale?: Duration;
  /** @defaultValue '5s' */
  readonly timeout?: Duration;
  /** @defaultValue 65536 */
  readonly maxResponseBytes?: number;
  /** Replaces the global `fetch`, for tests or a proxy agent. @defaultValue globalThis.fetch */
  readonly fetch?: FetchLike;
}

/** Every form the authenticator's `key` option takes. */
export type JwtKeyOption = SecretKeyOption | PublicKeyOption | JwksKeyOption | JwksUrlKeyOption;

/** Asymmetric algorithms, the default allow-list for key sets (which never hold secrets). */
const ASYMMETRIC: readonly JwsAlgorithm[] = [
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
];

const FORMS = ['secret', 'publicKey', 'jwks', 'jwksUrl'] as const;
const REMOTE_KEYS = [
  'jwksUrl',
  'cacheMaxAge',
  'cooldown',
  'maxStale',
  'timeout',
  'maxResponseBytes',
  'fetch',
];
const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * Builds the key source of the `key` option, recording every problem.
 *
 * @param key - The `key` option.
 * @param algorithms - The `algorithms` option.
 * @param clock - The authenticator's clock.
 * @param problems - Where problems are recorded.
 * @returns The source, or `undefined` when a problem was recorded.
 */
export function keySourceOf(
  key: unknown,
  algorithms: readonly JwsAlgorithm[] | undefined,
  clock: () => number,
  problems: ProblemList,
): KeySource | undefined {
  if (!isOptionsObject(key)) {
    problems.check(
      true,
      'key: one of { secret }, { publicKey }, { jwks } or { jwksUrl } is required.',
    );
    return undefined;
  }
  const forms = FORMS.filter((name) => key[name] !== undefined);
  problems.check(
    forms.length !== 1,
    'key: give exactly one of secret, publicKey, jwks or jwksUrl.',
  );
  if (forms.length !== 1) return undefined;
  const form = forms[0] as (typeof FORMS)[number];
  const known = form === 'jwksUrl' ? REMOTE_KEYS : [form];
  for (const name of Object.keys(key))
    problems.check(!known.includes(name), `key: unknown field "${name}".`);

  if (form === 'secret' || form === 'publicKey') {
    const resolved = resolveLocalKey(key as never, algorithms, problems);
    return resolved === undefined ? undefined : localKeySource(resolved);
  }
  const allowed = setAlgorithms(algorithms, problems);
  if (form === 'jwks') return staticKeySource(key['jwks'], allowed, problems);
  return remoteKeySource(key as unknown as JwksUrlKeyOption, allowed, clock, problems);
}

function setAlgorithms(
  requested: readonly JwsAlgorithm[] | undefined,
  problems: ProblemList,
): readonly JwsAlgorithm[] {
  if (requested === undefined) return ASYMMETRIC;
  for (const algorithm of requested) {
    problems.check(
      !ASYMMETRIC.includes(algorithm),
      `algorithms: "${algorithm}" cannot be used with a key set.`,
    );
  }
  return Object.freeze([...requested]);
}

function staticKeySource(
  jwks: unknown,
  algorithms: readonly JwsAlgorithm[],
  problems: ProblemList,
): KeySource | undefined {
  const read = typeof jwks === 'function' ? (jwks as () => unknown) : () => jwks;
  let current = read();
  let index = indexKeySet(current, algorithms);
  let generation = 0;
  problems.check(index.size === 0, 'key.jwks: holds no usable verification key.');
  const refresh = (): void => {
    const latest = read();
    if (latest === current) return;
    current = latest;
    index = indexKeySet(latest, algorithms);
    generation += 1;
  };
  return Object.freeze({
    algorithms,
    generation: () => {
      refresh();
      return generation;
    },
    resolve: (header: { kid?: string; alg?: string }) => {
      refresh();
      const found = index.select(header.kid, header.alg as string);
      return found === undefined
        ? Promise.reject(new TokenError('jwt.kid-unknown'))
        : Promise.resolve(found);
    },
  });
}

function remoteKeySource(
  option: JwksUrlKeyOption,
  algorithms: readonly JwsAlgorithm[],
  clock: () => number,
  problems: ProblemList,
): KeySource | undefined {
  const url = parseUrl(option.jwksUrl);
  problems.check(url === undefined, 'key.jwksUrl: an https URL (http only for loopback hosts).');
  const ms = (name: string, value: Duration | undefined, fallback: Duration): number => {
    try {
      return parseDuration(value ?? fallback);
    } catch {
      problems.check(true, `key.${name}: a positive duration.`);
      return 0;
    }
  };
  const maxBytes = option.maxResponseBytes ?? AUTH_DEFAULTS.jwksMaxResponseBytes;
  problems.check(
    !Number.isInteger(maxBytes) || maxBytes < 1024,
    'key.maxResponseBytes: at least 1024.',
  );
  problems.check(
    option.fetch !== undefined && typeof option.fetch !== 'function',
    'key.fetch: a function.',
  );
  const settings = {
    algorithms,
    cacheMaxAgeMs: ms('cacheMaxAge', option.cacheMaxAge, AUTH_DEFAULTS.jwksCacheMaxAge),
    cooldownMs: ms('cooldown', option.cooldown, AUTH_DEFAULTS.jwksCooldown),
    maxStaleMs: ms('maxStale', option.maxStale, AUTH_DEFAULTS.jwksMaxStale),
    timeoutMs: ms('timeout', option.timeout, AUTH_DEFAULTS.jwksTimeout),
    maxResponseBytes: maxBytes,
    fetch: option.fetch ?? ((input: string, init: RequestInit) => fetch(input, init)),
    clock,
  };
  return url === undefined ? undefined : new RemoteKeySet({ ...settings, url });
}

function parseUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string' && !(value instanceof URL)) return undefined;
  const url = URL.canParse(String(value)) ? new URL(String(value)) : undefined;
  if (url === undefined || url.username !== '' || url.password !== '') return undefined;
  if (url.protocol === 'https:') return url;
  return url.protocol === 'http:' && LOOPBACK.has(url.hostname) ? url : undefined;
}
