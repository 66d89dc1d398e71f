import { BulwarkError } from '@bulwark/core';

/** Property names marked sensitive, per class (own declarations only). */
const SENSITIVE = new WeakMap<Function, Set<string>>();

/**
 * Marks a DTO or entity property whose value must never be stored in the audit trail.
 *
 * The audit trail redacts the property wherever an instance of the class (or a subclass) appears
 * in event details, and, once the class is registered with the trail (the runtime registers the
 * DTO classes of every route at bootstrap), wherever a details key or body path has the same
 * name, since a copied value no longer knows its class.
 *
 * Security: marking a property keeps it out of the audit trail only; keep it out of responses
 * with class-transformer's `@Exclude()` and out of logs by not logging it.
 *
 * @returns A property decorator.
 * @throws BulwarkError `ERR_DECORATOR_ARGUMENT` when applied to a symbol-named or static property.
 * @example
 * ```ts
 * class CreateUserDto {
 *   @IsString() name!: string;
 *   @IsString() @Sensitive() socialSecurityNumber!: string;
 * }
 * ```
 */
export function Sensitive(): PropertyDecorator {
  return (target, propertyKey) => {
    if (typeof propertyKey !== 'string' || typeof target === 'function') {
      throw new BulwarkError(
        'ERR_DECORATOR_ARGUMENT',
        '@Sensitive() applies to named instance properties only.',
      );
    }
    const owner = target.constructor;
    const names = SENSITIVE.get(owner) ?? new Set<string>();
    names.add(propertyKey);
    SENSITIVE.set(owner, names);
  };
}

/**
 * Imperative form of `@Sensitive()`: marks properties of a class you cannot decorate.
 *
 * @param target - The class.
 * @param names - Property names to mark.
 */
export function markSensitive(target: Function, ...names: string[]): void {
  const set = SENSITIVE.get(target) ?? new Set<string>();
  for (const name of names) set.add(name);
  SENSITIVE.set(target, set);
}

/**
 * Lists the sensitive properties of a class, including those declared on its base classes.
 *
 * @param target - A class, or `undefined`.
 * @returns The property names, possibly empty.
 */
export function sensitivePropertiesOf(target: Function | undefined): readonly string[] {
  const names = new Set<string>();
  for (let type = target; typeof type === 'function' && type !== Object;) {
    for (const name of SENSITIVE.get(type) ?? []) names.add(name);
    type = Object.getPrototypeOf(type) as Function | undefined;
  }
  return [...names];
}
