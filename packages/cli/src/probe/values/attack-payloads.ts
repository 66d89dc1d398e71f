import type { JsonSchema } from '../target/probe-target';
import { typesOf } from '../target/schema-tools';
import { NO_SAMPLE } from './sample-values';

/** The injection classes the probe tries. */
export type InjectionClass = 'sql' | 'nosql' | 'command' | 'path-traversal' | 'xss';

/**
 * Attack strings by class, put into every text field and parameter. Few per class on purpose: a
 * parameterized query, a validator or an encoder either treats all of a class as data or none,
 * and a run must stay within the routes' rate limits. Each string carries a distinctive marker
 * so an echo is recognised as the probe's own.
 */
export const INJECTION_STRINGS: Readonly<
  Record<Exclude<InjectionClass, 'nosql'>, readonly string[]>
> = Object.freeze({
  sql: ["probe' OR '1'='1' -- ", "probe'; DROP TABLE bulwark_probe; -- ", 'probe" OR ""="'],
  command: ['probe; cat /etc/passwd', 'probe$(id)`id`'],
  'path-traversal': ['../../../../../../../../etc/passwd', '..\\..\\..\\..\\..\\windows\\win.ini'],
  xss: ["<script>alert('bulwark-probe')</script>", '"><img src=x onerror=alert(1)>'],
});

/** Operator objects in place of a text value (MongoDB-style query injection). */
export const NOSQL_OBJECTS: readonly object[] = Object.freeze([{ $ne: null }, { $gt: '' }]);

/** Query parameter suffixes that some parsers turn into operator objects (`name[$ne]=`). */
export const NOSQL_QUERY_SUFFIXES: readonly string[] = Object.freeze(['[$ne]', '[$regex]']);

/** A value that matches nothing, the baseline a changed query is measured against. */
export const NO_MATCH = 'bulwark-probe-no-such-value';

/** Text in an answer that shows an injected command or path was acted on. */
export const EXECUTION_MARKERS: ReadonlyArray<readonly [RegExp, string]> = Object.freeze([
  [/root:[x*]?:0:0:/, 'the content of /etc/passwd'],
  [/\buid=\d+\([\w-]+\)\s+gid=\d+/, 'the output of the id command'],
  [/\[(?:fonts|extensions|mci extensions)\]/i, 'the content of win.ini'],
] as const);

/**
 * Names that tend to hold privileges or server-owned facts. Sent in a body that does not declare
 * them, each must be refused (400), never stored.
 */
export const PRIVILEGED_FIELDS: readonly string[] = Object.freeze([
  'id',
  '_id',
  'ownerId',
  'owner',
  'userId',
  'role',
  'roles',
  'isAdmin',
  'admin',
  'permissions',
  'scopes',
  'tenantId',
  'createdAt',
  'updatedAt',
  'passwordHash',
]);

/**
 * A JSON value of the wrong type for a schema: a number for text, text for a number or an
 * object, a string for a boolean, an object for a list.
 *
 * @param schema - A resolved schema.
 * @returns The value, or {@link NO_SAMPLE} when the schema admits any type.
 */
export function wrongTypeOf(schema: JsonSchema): unknown {
  const types = typesOf(schema);
  if (types.length === 0) return NO_SAMPLE;
  if (!types.includes('object')) return types.includes('array') ? { probe: 1 } : wrongScalar(types);
  return types.includes('string') ? NO_SAMPLE : 'probe-not-an-object';
}

function wrongScalar(types: readonly string[]): unknown {
  if (types.includes('string'))
    return types.includes('number') || types.includes('integer') ? [1] : 12345;
  if (types.includes('integer') || types.includes('number')) return 'probe-not-a-number';
  return 'probe-not-a-boolean';
}

/**
 * A query or path value the schema refuses: a word for a number, an unlisted word for an enum, a
 * malformed UUID or date, one character too many.
 *
 * @param schema - A resolved parameter schema.
 * @returns The text, or {@link NO_SAMPLE} when every text is valid.
 */
export function invalidTextOf(schema: JsonSchema): string | typeof NO_SAMPLE {
  const types = typesOf(schema);
  if (types.includes('integer') || types.includes('number')) return 'probe-not-a-number';
  if (types.includes('boolean')) return 'probe-maybe';
  if (Array.isArray(schema['enum'])) return 'probe-not-listed';
  if (typeof schema['format'] === 'string' && schema['format'] !== 'password')
    return 'probe-not-formatted';
  const members = (schema['oneOf'] ?? schema['anyOf']) as JsonSchema[] | undefined;
  if (Array.isArray(members) && members.every((m) => typeof m['format'] === 'string')) {
    return 'probe-not-formatted';
  }
  const max = schema['maxLength'];
  return typeof max === 'number' && max < 4096 ? 'p'.repeat(max + 1) : NO_SAMPLE;
}
