import { randomUUID } from 'node:crypto';
import type { JsonSchema } from '../target/probe-target';
import { propertiesOf, requiredOf, typesOf } from '../target/schema-tools';

/** Returned when no value satisfying the schema could be made. */
export const NO_SAMPLE = Symbol('no sample');

type Sample = unknown | typeof NO_SAMPLE;

/**
 * Makes a value the schema accepts, as plain as possible: the first `enum`/`const` value, a
 * short word within the length bounds and pattern, the smallest allowed number, `false`, the
 * fewest array items, and an object with its required properties only. Formats `uuid`,
 * `date-time`, `date`, `email` and `uri` get well-formed values; a fresh UUID each time, so a
 * sampled identifier names nothing that exists.
 *
 * Limitation: a `pattern` is met by trying a few candidate words; a pattern none of them
 * matches gives no sample, and the checks that need one are skipped with a reason (give a body
 * in the config's `bodies`). A full regular-expression inverter would remove this.
 *
 * @param schema - A resolved schema.
 * @param depth - Nesting so far (objects deeper than 6 levels give no sample).
 * @returns A value, or {@link NO_SAMPLE}.
 */
export function sampleOf(schema: JsonSchema, depth = 0): Sample {
  if (depth > 6) return NO_SAMPLE;
  if (schema['const'] !== undefined) return schema['const'];
  const values = schema['enum'];
  if (Array.isArray(values)) return values.find((v) => v !== null) ?? NO_SAMPLE;
  const members = (schema['oneOf'] ?? schema['anyOf']) as JsonSchema[] | undefined;
  if (Array.isArray(members) && schema['type'] === undefined) {
    for (const member of members) {
      const value = sampleOf(member, depth + 1);
      if (value !== NO_SAMPLE) return value;
    }
    return NO_SAMPLE;
  }
  const type = typesOf(schema)[0];
  switch (type) {
    case 'string':
      return sampleString(schema);
    case 'integer':
    case 'number':
      return sampleNumber(schema, type === 'integer');
    case 'boolean':
      return false;
    case 'array':
      return sampleArray(schema, depth);
    case 'object':
      return sampleObject(schema, depth);
    default:
      return typesOf(schema).length === 0 ? 'probe' : NO_SAMPLE;
  }
}

/**
 * An object with the schema's required properties, each sampled.
 *
 * @param schema - An object schema.
 * @param depth - Nesting so far.
 * @returns The object, or {@link NO_SAMPLE} when a required property cannot be sampled.
 */
export function sampleObject(schema: JsonSchema, depth = 0): Sample {
  const properties = propertiesOf(schema);
  const result: Record<string, unknown> = {};
  for (const name of requiredOf(schema)) {
    const value = properties[name] === undefined ? 'probe' : sampleOf(properties[name], depth + 1);
    if (value === NO_SAMPLE) return NO_SAMPLE;
    result[name] = value;
  }
  return result;
}

function sampleString(schema: JsonSchema): Sample {
  const format = schema['format'];
  if (format === 'uuid') return randomUUID();
  if (format === 'date-time') return new Date().toISOString();
  if (format === 'date') return new Date().toISOString().slice(0, 10);
  if (format === 'email') return 'probe@example.com';
  if (format === 'uri' || format === 'url') return 'https://example.com/probe';
  const min = Number(schema['minLength'] ?? 0);
  const max = Number(schema['maxLength'] ?? Number.MAX_SAFE_INTEGER);
  const pattern = compile(schema['pattern']);
  for (const candidate of candidates(min, max)) {
    if (candidate.length >= min && candidate.length <= max && (pattern?.test(candidate) ?? true)) {
      return candidate;
    }
  }
  return NO_SAMPLE;
}

/** Words to try, short first, then one of each length the bounds allow (up to 64). */
function candidates(min: number, max: number): string[] {
  const words = ['probe', 'probe-1', 'probe_1', 'probe.1', 'p', '1', 'a1'];
  const lengths: string[] = [];
  for (let n = Math.max(1, min); n <= Math.min(max, 64); n += 1) {
    lengths.push('p'.repeat(n), `p${'1'.repeat(n - 1)}`);
  }
  return [...words, ...lengths];
}

function compile(pattern: unknown): RegExp | null {
  if (typeof pattern !== 'string') return null;
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return null;
  }
}

function sampleNumber(schema: JsonSchema, isInteger: boolean): Sample {
  const min = typeof schema['minimum'] === 'number' ? schema['minimum'] : null;
  const max = typeof schema['maximum'] === 'number' ? schema['maximum'] : null;
  let value = min ?? Math.min(1, max ?? 1);
  if (typeof schema['exclusiveMinimum'] === 'number') value = schema['exclusiveMinimum'] + 1;
  if (isInteger) value = Math.ceil(value);
  return max !== null && value > max ? NO_SAMPLE : value;
}

function sampleArray(schema: JsonSchema, depth: number): Sample {
  const items = (schema['items'] ?? {}) as JsonSchema;
  const count = Math.max(1, Number(schema['minItems'] ?? 1));
  const distinct = Array.isArray(items['enum']) ? items['enum'].filter((v) => v !== null) : null;
  if (distinct !== null) return distinct.length >= count ? distinct.slice(0, count) : NO_SAMPLE;
  const value = sampleOf(items, depth + 1);
  if (value === NO_SAMPLE) return NO_SAMPLE;
  return schema['uniqueItems'] === true && count > 1 ? NO_SAMPLE : Array(count).fill(value);
}
