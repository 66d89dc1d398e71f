import { BulwarkError } from '@bulwark/core';
import { instanceToPlain, plainToInstance } from 'class-transformer';

/** Turns what a handler returned into the plain value sent to the client. */
export type ResponseShaper = (result: unknown) => unknown;

/**
 * Builds, at bootstrap, the shaper of one route's results.
 *
 * With a response DTO, the result is first made plain (honouring `@Exclude` on entities), then
 * copied into the DTO with `excludeExtraneousValues`, so only `@Expose`d properties survive —
 * an allow-list: a column added to an entity later stays private until a DTO exposes it.
 * `@Expose({ groups })` properties appear only when the route's groups include one of theirs.
 * Without a response DTO, `@Exclude`d properties are dropped and everything else is sent.
 *
 * Security: a nested value survives `excludeExtraneousValues` unfiltered unless its property
 * names a DTO class with `@Type(() => View)`; class-transformer then copies the whole nested
 * object, password hash included. The shaper therefore checks its output: a plain object below
 * the top level means a missing `@Type`, and the request fails with 500 (the log names the
 * property) instead of sending it.
 *
 * @param responseDto - The response DTO of the route, or `null`.
 * @param groups - The route's groups; they select `@Expose({ groups })` properties.
 * @returns The shaper.
 * @throws BulwarkError `ERR_POLICY_INVALID` from the shaper when a nested value has no DTO type.
 */
export function createResponseShaper(
  responseDto: Function | null,
  groups: readonly string[],
): ResponseShaper {
  const options = Object.freeze(groups.length > 0 ? { groups: [...groups] } : {});
  if (responseDto === null) {
    // A tree of plain objects, lists and primitives has no class, so no `@Exclude` can apply to
    // it: class-transformer would only copy it.
    return (result) =>
      typeof result !== 'object' || result === null || isPlainTree(result, 0)
        ? result
        : instanceToPlain(result, options);
  }
  const type = responseDto as new () => object;
  const typedOptions = Object.freeze({ ...options, excludeExtraneousValues: true });
  return (result) => {
    if (typeof result !== 'object' || result === null) return result;
    const typed = plainToInstance(type, instanceToPlain(result, options), typedOptions) as unknown;
    const untyped = findUntypedObject(typed, responseDto.name);
    if (untyped !== null) {
      throw new BulwarkError(
        'ERR_POLICY_INVALID',
        `Response DTO property ${untyped} holds an object without a DTO type; declare @Type(() => SomeView) on it.`,
      );
    }
    return instanceToPlain(typed, options);
  };
}

/** How deep {@link isPlainTree} looks before it leaves the value to class-transformer. */
const MAX_PLAIN_DEPTH = 32;

/** Whether a value holds only primitives, lists and objects without a class, at any depth. */
function isPlainTree(value: unknown, depth: number): boolean {
  if (typeof value !== 'object' || value === null) {
    return typeof value !== 'function' && typeof value !== 'bigint' && typeof value !== 'symbol';
  }
  if (depth > MAX_PLAIN_DEPTH) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!isPlainTree(item, depth + 1)) return false;
    return true;
  }
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (prototype !== Object.prototype && prototype !== null) return false;
  for (const key in value) {
    if (!isPlainTree((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

/**
 * Finds the first plain object nested in a shaped value: every object below the top must be a
 * DTO instance (or a Date), or it escaped the allow-list.
 */
function findUntypedObject(value: unknown, path: string): string | null {
  const stack: Array<{ value: unknown; path: string; isTop: boolean }> = [
    { value, path, isTop: true },
  ];
  while (stack.length > 0) {
    const item = stack.pop() as { value: unknown; path: string; isTop: boolean };
    const current = item.value;
    if (typeof current !== 'object' || current === null || current instanceof Date) continue;
    if (Array.isArray(current)) {
      current.forEach((child, index) =>
        stack.push({ value: child, path: `${item.path}[${index}]`, isTop: item.isTop }),
      );
      continue;
    }
    const prototype = Object.getPrototypeOf(current) as object | null;
    if (!item.isTop && (prototype === null || prototype === Object.prototype)) return item.path;
    for (const [key, child] of Object.entries(current)) {
      stack.push({ value: child, path: `${item.path}.${key}`, isTop: false });
    }
  }
  return null;
}
