import { BulwarkError } from '@bulwark/core';

/** Collects configuration problems so every one is reported together. */
export type Problems = string[];

/**
 * Throws once for every problem found.
 *
 * @param problems - The problems collected.
 * @param what - What was checked, for the message.
 * @throws BulwarkError `ERR_CONFIG_INVALID` with `details.problems` when there is any.
 */
export function throwIfAny(problems: Problems, what: string): void {
  if (problems.length === 0) return;
  throw new BulwarkError('ERR_CONFIG_INVALID', `Invalid ${what} options.`, {
    details: { problems },
  });
}

/**
 * Reports keys of `given` that `known` does not list.
 *
 * @param given - The options object as given.
 * @param known - The accepted keys.
 * @param path - The dotted path of `given`, such as `redis.`, for messages.
 * @param problems - Where problems go.
 */
export function checkKnownKeys(
  given: object,
  known: ReadonlySet<string>,
  path: string,
  problems: Problems,
): void {
  for (const key of Object.keys(given))
    if (!known.has(key)) problems.push(`unknown option "${path}${key}".`);
}

/**
 * Reports a value that is set but not an integer within bounds.
 *
 * @param value - The option's value; `undefined` passes.
 * @param name - The option's name, for messages.
 * @param min - Smallest accepted.
 * @param max - Largest accepted.
 * @param problems - Where problems go.
 */
export function checkInteger(
  value: unknown,
  name: string,
  min: number,
  max: number,
  problems: Problems,
): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    problems.push(`"${name}" must be an integer from ${min} to ${max}.`);
  }
}

/**
 * Reports a key prefix that is not a string or holds braces, which would change the Redis hash
 * tag of every key.
 *
 * @param value - The `prefix` option.
 * @param problems - Where problems go.
 */
export function checkPrefix(value: unknown, problems: Problems): void {
  if (value !== undefined && (typeof value !== 'string' || /[{}]/.test(value))) {
    problems.push(
      '"prefix" must be a string without "{" or "}" (they would change the Redis hash tag).',
    );
  }
}

/**
 * Reports a clock that is neither absent nor a function.
 *
 * @param value - The `now` option.
 * @param problems - Where problems go.
 */
export function checkClock(value: unknown, problems: Problems): void {
  if (value !== undefined && typeof value !== 'function')
    problems.push('"now" must be a function.');
}

const REDIS_KNOWN = new Set(['client', 'url', 'clock', 'timeoutMs']);

/**
 * Checks the `redis` option: required with `store: 'redis'`, refused otherwise.
 *
 * @param store - The `store` option.
 * @param value - The `redis` option.
 * @param problems - Where problems go.
 */
export function checkRedisOptions(store: unknown, value: unknown, problems: Problems): void {
  if (store !== 'redis') {
    if (value !== undefined) problems.push('"redis" applies only with store: "redis".');
    return;
  }
  if (typeof value !== 'object' || value === null) {
    problems.push('store "redis" needs "redis": { client } or { url }.');
    return;
  }
  const given = value as Record<string, unknown>;
  checkKnownKeys(given, REDIS_KNOWN, 'redis.', problems);
  if ((given['client'] === undefined) === (given['url'] === undefined)) {
    problems.push('"redis" needs exactly one of "client" and "url".');
  }
  const client = given['client'] as Record<string, unknown> | null | undefined;
  const isClient =
    typeof client?.['evalsha'] === 'function' && typeof client['eval'] === 'function';
  if (client !== undefined && !isClient) {
    problems.push('"redis.client" must be an ioredis Redis or Cluster client.');
  }
  const url = given['url'];
  if (url !== undefined && (typeof url !== 'string' || !/^rediss?:\/\//.test(url))) {
    problems.push('"redis.url" must be a redis:// or rediss:// URL.');
  }
  const clock = given['clock'];
  if (clock !== undefined && clock !== 'server' && typeof clock !== 'function') {
    problems.push('"redis.clock" must be "server" or a function.');
  }
  checkInteger(given['timeoutMs'], 'redis.timeoutMs', 1, 60_000, problems);
}
