import type { JsonSchema } from './probe-target';

/** How deep `$ref`s are followed; a recursive schema is cut there and treated as any value. */
const MAX_REF_DEPTH = 8;

/**
 * Inlines every `$ref` of a schema against the document it comes from, so the probe can walk
 * the schema without the document. A reference cycle is cut at {@link MAX_REF_DEPTH} with `{}`.
 *
 * @param schema - A schema or a reference.
 * @param document - The whole OpenAPI document.
 * @returns The schema with references replaced by their targets.
 */
export function resolveSchema(schema: unknown, document: unknown, depth = 0): JsonSchema {
  if (typeof schema !== 'object' || schema === null) return {};
  if (Array.isArray(schema)) return {};
  const record = schema as Record<string, unknown>;
  if (typeof record['$ref'] === 'string') {
    if (depth >= MAX_REF_DEPTH) return {};
    return resolveSchema(pointer(document, record['$ref']), document, depth + 1);
  }
  const resolved: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === 'properties' && typeof value === 'object' && value !== null) {
      resolved[key] = Object.fromEntries(
        Object.entries(value).map(([name, child]) => [name, resolveSchema(child, document, depth)]),
      );
    } else if (key === 'items' || key === 'additionalProperties') {
      resolved[key] =
        typeof value === 'object' && value !== null ? resolveSchema(value, document, depth) : value;
    } else if ((key === 'oneOf' || key === 'anyOf' || key === 'allOf') && Array.isArray(value)) {
      resolved[key] = value.map((child) => resolveSchema(child, document, depth));
    } else {
      resolved[key] = value;
    }
  }
  return resolved;
}

/**
 * Follows a local JSON pointer (`#/components/schemas/Note`).
 *
 * @param document - The document.
 * @param ref - The pointer.
 * @returns The target, or `undefined` when the pointer leads nowhere or is not local.
 */
export function pointer(document: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let current: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, part)) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/**
 * The JSON types a schema admits, `null` excluded: from `type` (a name or a list), else from
 * `oneOf`/`anyOf` members, else from `enum` values; empty when the schema does not say.
 *
 * @param schema - A resolved schema.
 * @returns Type names such as `string` or `integer`.
 */
export function typesOf(schema: JsonSchema): string[] {
  const declared = schema['type'];
  if (typeof declared === 'string') return declared === 'null' ? [] : [declared];
  if (Array.isArray(declared)) return declared.filter((t): t is string => t !== 'null');
  const members = (schema['oneOf'] ?? schema['anyOf']) as JsonSchema[] | undefined;
  if (Array.isArray(members)) return [...new Set(members.flatMap(typesOf))];
  const values = schema['enum'];
  if (Array.isArray(values)) {
    return [...new Set(values.filter((v) => v !== null).map((v) => typeof v))];
  }
  return [];
}

/**
 * The declared properties of an object schema.
 *
 * @param schema - A resolved schema.
 * @returns The properties by name (empty when it declares none).
 */
export function propertiesOf(schema: JsonSchema): Readonly<Record<string, JsonSchema>> {
  const properties = schema['properties'];
  return typeof properties === 'object' && properties !== null
    ? (properties as Record<string, JsonSchema>)
    : {};
}

/**
 * The required property names of an object schema.
 *
 * @param schema - A resolved schema.
 * @returns The names.
 */
export function requiredOf(schema: JsonSchema): readonly string[] {
  const required = schema['required'];
  return Array.isArray(required) ? required.filter((r): r is string => typeof r === 'string') : [];
}

/**
 * Tells whether a schema is an object that accepts properties nobody declared: no property list
 * and no `additionalProperties: false`. Such an object lets unvalidated input through.
 *
 * @param schema - A resolved schema.
 * @returns True for a free-form object.
 */
export function isFreeFormObject(schema: JsonSchema): boolean {
  if (!typesOf(schema).includes('object')) return false;
  return Object.keys(propertiesOf(schema)).length === 0 && schema['additionalProperties'] !== false;
}

/**
 * Tells whether a schema describes free text: a string that is not one of a list of values.
 *
 * @param schema - A resolved schema.
 * @returns True for free text.
 */
export function isTextSchema(schema: JsonSchema): boolean {
  return typesOf(schema).includes('string') && !Array.isArray(schema['enum']);
}
