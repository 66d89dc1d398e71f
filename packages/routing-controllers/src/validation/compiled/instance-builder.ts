/** Builds a DTO instance from a plain object, or `undefined` to leave it to class-transformer. */
export type InstanceBuilder = (plain: object) => Record<string, unknown> | undefined;

/** Property names class-transformer never copies. */
const SKIPPED = new Set(['__proto__', 'constructor']);

/** How class-transformer converts a primitive to a property's declared type, if at all. */
type Conversion = ((value: unknown) => unknown) | null;

/**
 * Prepares what `plainToInstance(dto, plain, options)` does for a DTO without class-transformer
 * metadata, for plain objects whose keys are all validated properties and whose values are all
 * primitives: construct the class, then copy each value in key order, converted to the declared
 * type (`String`, `Number`, `Boolean`) when implicit conversion is on. Anything else (an unknown
 * key, a nested object or array, `undefined`, a field the constructor set to a function) makes
 * the builder answer `undefined`, and the caller uses class-transformer itself.
 *
 * @param dto - The DTO class.
 * @param properties - Its validated property names.
 * @param isConverting - Whether `enableImplicitConversion` is on.
 * @returns The builder, or `null` when a property shadows something on the prototype chain or
 *   is declared with a type class-transformer turns into an object (`Date`, `Buffer`).
 */
export function planInstance(
  dto: new () => object,
  properties: readonly string[],
  isConverting: boolean,
): InstanceBuilder | null {
  const conversions = new Map<string, Conversion>();
  for (const name of properties) {
    if (SKIPPED.has(name) || isOnPrototypeChain(dto.prototype, name)) return null;
    const conversion = isConverting ? conversionOf(dto, name) : null;
    if (conversion === undefined) return null;
    conversions.set(name, conversion);
  }
  return (plain) => {
    const keys = Object.keys(plain);
    const source = plain as Record<string, unknown>;
    for (const key of keys) {
      const value = source[key];
      if (!conversions.has(key) || value === undefined) return undefined;
      if (typeof value === 'object' && value !== null) return undefined;
    }
    const instance = new dto() as Record<string, unknown>;
    for (const key of keys) {
      if (instance[key] instanceof Function) return undefined;
      const convert = conversions.get(key) as Conversion;
      const value = source[key];
      instance[key] = convert === null || value === null ? value : convert(value);
    }
    return instance;
  };
}

function isOnPrototypeChain(prototype: object, name: string): boolean {
  for (
    let p: object | null = prototype;
    p !== null;
    p = Object.getPrototypeOf(p) as object | null
  ) {
    if (Object.hasOwn(p, name)) return true;
  }
  return false;
}

/**
 * The conversion class-transformer applies to a primitive under implicit conversion, from the
 * property's `design:type`: `null` for none, `undefined` when the result would be an object.
 */
function conversionOf(dto: Function, name: string): Conversion | undefined {
  if (typeof Reflect.getMetadata !== 'function') return undefined;
  const type: unknown = Reflect.getMetadata('design:type', dto.prototype, name);
  if (type === String) return String;
  if (type === Number) return Number;
  if (type === Boolean) return Boolean;
  if (type === Date || (typeof Buffer === 'function' && type === Buffer)) return undefined;
  return null;
}
