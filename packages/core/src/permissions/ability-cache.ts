import type { Principal } from '../principal/principal';

/**
 * A bounded least-recently-used cache of abilities keyed by everything a rule can read from a
 * principal. Hand-written because it is a dozen lines over `Map`'s insertion order and a cache
 * library would add a dependency to the core for no gain.
 */
export class AbilityCache<T> {
  private readonly entries = new Map<string, T>();
  private anonymousEntry: T | undefined;

  constructor(private readonly capacity: number) {}

  get(principal: Principal, build: () => T): T {
    const key = keyOf(principal);
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const built = build();
    this.entries.set(key, built);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    return built;
  }

  anonymous(build: () => T): T {
    this.anonymousEntry ??= build();
    return this.anonymousEntry;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
    this.anonymousEntry = undefined;
  }
}

/**
 * Keys already computed, per principal object. A principal from `createPrincipal` is frozen with
 * its lists and attributes, so when every attribute is a primitive its key cannot change, and an
 * authenticator that serves one principal object for a repeated token pays for the
 * serialization once. A principal with nested attribute objects (which could still be changed)
 * is serialized on every call.
 */
const keys = new WeakMap<Principal, string>();

function keyOf(principal: Principal): string {
  const known = keys.get(principal);
  if (known !== undefined) return known;
  const key = principalKey(principal);
  if (isImmutable(principal)) keys.set(principal, key);
  return key;
}

function isImmutable(principal: Principal): boolean {
  return (
    Object.isFrozen(principal) &&
    Object.isFrozen(principal.roles) &&
    Object.isFrozen(principal.scopes) &&
    Object.isFrozen(principal.attributes) &&
    Object.values(principal.attributes).every(
      (value) => value === null || typeof value !== 'object',
    )
  );
}

/**
 * Serializes the fields a condition may reference. JSON with sorted lists keeps two principals
 * that differ only in role order on one entry; attributes keep their given order, which at worst
 * costs a second entry, never a wrong one.
 */
export function principalKey(principal: Principal): string {
  return JSON.stringify([
    principal.kind,
    principal.id,
    sorted(principal.roles),
    sorted(principal.scopes),
    principal.tenant ?? null,
    principal.attributes,
  ]);
}

function sorted(names: readonly string[]): readonly string[] {
  return names.length < 2 ? names : [...names].sort();
}
