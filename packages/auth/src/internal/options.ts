import { BulwarkError } from '@bulwark/core';

/** Collects configuration problems so they can be reported together. */
export class ProblemList {
  private readonly problems: string[] = [];

  /**
   * Records a problem when the condition holds.
   *
   * @param condition - `true` when the option is wrong.
   * @param problem - One sentence naming the option and what is wrong with it.
   */
  check(condition: boolean, problem: string): void {
    if (condition) this.problems.push(problem);
  }

  /**
   * Records every key of `options` that is not in `known`.
   *
   * @param where - The function whose options these are, for the message.
   * @param options - The options as given.
   * @param known - The accepted keys.
   */
  rejectUnknownKeys(where: string, options: object, known: readonly string[]): void {
    for (const key of Object.keys(options)) {
      this.check(!known.includes(key), `${where}: unknown option "${key}".`);
    }
  }

  /**
   * Throws when any problem was recorded.
   *
   * @param where - The function whose options were checked.
   * @throws BulwarkError `ERR_CONFIG_INVALID` listing every problem in `details.problems`.
   */
  throwIfAny(where: string): void {
    if (this.problems.length === 0) return;
    throw new BulwarkError(
      'ERR_CONFIG_INVALID',
      `Invalid options for ${where}: ${this.problems.join(' ')}`,
      { details: { problems: [...this.problems] } },
    );
  }
}

/**
 * Tells whether a value is a plain options object (not null, not an array).
 *
 * @param value - The value as given.
 * @returns `true` for an object that can hold named options.
 */
export function isOptionsObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Tells whether a value is a non-empty string.
 *
 * @param value - The value as given.
 * @returns `true` when it is a string with at least one character.
 */
export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/**
 * Freezes an object and every object reachable from it, except binary buffers and key objects.
 *
 * @param value - A configuration value.
 * @returns The same value, frozen.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  if (ArrayBuffer.isView(value) || !isPlainOrArray(value)) return value;
  for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}

function isPlainOrArray(value: object): boolean {
  if (Array.isArray(value)) return true;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A WebCrypto key, as Node exposes it. */
export type WebCryptoKey = import('node:crypto').webcrypto.CryptoKey;

/**
 * Tells whether a value is a WebCrypto `CryptoKey` (a global class in Node 20).
 *
 * @param value - The value as given.
 * @returns `true` for a `CryptoKey` instance.
 */
export function isWebCryptoKey(value: unknown): value is WebCryptoKey {
  const constructor = (globalThis as { CryptoKey?: abstract new () => unknown }).CryptoKey;
  return typeof constructor === 'function' && value instanceof constructor;
}
