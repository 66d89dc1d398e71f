import { expect } from 'chai';
import { plainToInstance, type ClassTransformOptions } from 'class-transformer';
import { validate, type ValidatorOptions } from 'class-validator';
import fc from 'fast-check';

/** The options the runtime's DTO validator uses for a JSON body. */
export const BODY_TRANSFORM: ClassTransformOptions = Object.freeze({
  enableImplicitConversion: false,
  exposeDefaultValues: true,
});

/** The options the runtime's DTO validator uses for query, path and header values. */
export const TEXT_TRANSFORM: ClassTransformOptions = Object.freeze({
  enableImplicitConversion: true,
  exposeDefaultValues: true,
});

/** The validator options of the runtime's DTO validator, for a route with these groups. */
export function validatorOptions(groups: readonly string[] = []): ValidatorOptions {
  return Object.freeze({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: true },
    always: true,
    strictGroups: true,
    ...(groups.length > 0 ? { groups: [...groups] } : {}),
  });
}

/**
 * What class-transformer and class-validator make of a plain object: the reference. `threw`
 * when they throw (class-transformer cannot convert a null-prototype object to a string, for
 * one), which the runtime reports as a server fault.
 */
export async function reference(
  dto: new () => object,
  plain: object,
  transform: ClassTransformOptions,
  options: ValidatorOptions,
): Promise<{ instance: object | null; isValid: boolean; threw: boolean }> {
  try {
    const instance = plainToInstance(dto, plain, transform) as object;
    const errors = await validate(instance, options);
    return { instance, isValid: errors.length === 0, threw: false };
  } catch {
    return { instance: null, isValid: false, threw: true };
  }
}

/** Asserts two instances are indistinguishable: class, own keys in order, values (`Object.is`). */
export function expectSameInstance(actual: object, expected: object | null): void {
  if (expected === null) throw new Error('the reference built no instance');
  expect(Object.getPrototypeOf(actual)).to.equal(Object.getPrototypeOf(expected));
  expect(Object.keys(actual)).to.deep.equal(Object.keys(expected));
  for (const key of Object.keys(expected)) {
    const a = (actual as Record<string, unknown>)[key];
    const e = (expected as Record<string, unknown>)[key];
    expect(Object.is(a, e), `${key}: ${String(a)} vs ${String(e)}`).to.equal(true);
  }
}

/** Keys that trip naive copying: prototype members and the names class-transformer skips. */
export const AWKWARD_KEYS = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'extra',
];

/** Primitive values around the edges of the built-in checks. */
export const primitive: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('', ' ', 'a', 'aaa', 'tools', 'x@y.io', '123', '-1', '1.5', 'true', 'false'),
  fc.constantFrom('0', 'NaN', '1e3', '   7', 'c9a1e3b4-1d2e-4f5a-9b8c-7d6e5f4a3b2c'),
  fc.integer({ min: -5, max: 1_000_010 }),
  fc.double(),
  fc.constantFrom(0, -0, 1, 2, 100, 1000, 1_000_000, 1_000_001, NaN, Infinity, -Infinity, 0.5),
  fc.boolean(),
  fc.constant(null),
);

/** Any value a parsed body or query may hold, mostly primitives. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: primitive },
  { weight: 1, arbitrary: fc.array(primitive, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 3 }), primitive) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

/**
 * Plain objects over the given keys plus awkward ones, built the way `JSON.parse` builds them
 * (own data properties, even for `__proto__`).
 */
export function plainOver(
  keys: readonly string[],
  value: fc.Arbitrary<unknown> = anyValue,
): fc.Arbitrary<Record<string, unknown>> {
  const key = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...keys) },
    { weight: 1, arbitrary: fc.constantFrom(...AWKWARD_KEYS) },
  );
  return fc
    .uniqueArray(fc.tuple(key, value), { selector: ([k]) => k, maxLength: keys.length + 2 })
    .map((entries) => Object.fromEntries(entries) as Record<string, unknown>);
}

/** True when the compiled path must answer: only known keys, only defined primitive values. */
export function isSimple(plain: Record<string, unknown>, keys: readonly string[]): boolean {
  return Object.entries(plain).every(
    ([key, value]) =>
      keys.includes(key) && value !== undefined && (typeof value !== 'object' || value === null),
  );
}
