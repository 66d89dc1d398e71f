import type { EntityMetadata } from 'typeorm';

/** A column's metadata, as TypeORM describes it. */
export type ColumnMetadata = EntityMetadata['columns'][number];

/** How a column's values compare in JavaScript, which decides how they are compared in SQL. */
export type ValueKind = 'string' | 'number' | 'boolean' | 'date';

/** A comparison operator with an SQL counterpart. */
export type Comparison = '=' | '<>' | '<' | '<=' | '>' | '>=';

/** Adds a bound parameter and returns the SQL text that refers to it. */
export type BindParameter = (value: unknown, isList: boolean) => string;

/** A column ready for comparison: its SQL, its metadata and the kind of its values. */
export interface ComparedColumn {
  /** The escaped `alias.column`. */
  readonly qualified: string;
  readonly metadata: ColumnMetadata;
  readonly kind: ValueKind;
}

/**
 * What differs between databases when a CASL comparison becomes SQL: how a column is read so that
 * it compares exactly as the hydrated JavaScript value does, and how a value is bound.
 */
export interface SqlDialect {
  /** `column <op> value`, with the value bound. */
  compare(column: ComparedColumn, op: Comparison, value: unknown, bind: BindParameter): string;
  /** `column IN (values)`, with every value bound; `values` is never empty. */
  isIn(column: ComparedColumn, values: readonly unknown[], bind: BindParameter): string;
}

const STRING_TYPES = new Set(['varchar', 'character varying', 'text', 'nvarchar', 'uuid']);
const NUMBER_TYPES = new Set([
  'int',
  'integer',
  'int2',
  'int4',
  'smallint',
  'tinyint',
  'mediumint',
  'float',
  'float4',
  'float8',
  'double',
  'double precision',
  'real',
]);
const BOOLEAN_TYPES = new Set(['boolean', 'bool']);
const DATE_TYPES = new Set([
  'datetime',
  'timestamp',
  'timestamp without time zone',
  'timestamptz',
  'timestamp with time zone',
]);

/**
 * The value kind of a column, or `null` for a type whose database comparison could differ from
 * JavaScript's: `bigint` and `decimal` (hydrated as strings), `char` (space padded), `enum` (ordered
 * by declaration), JSON, arrays, binary data, and any column with a transformer or a collation.
 *
 * @param column - The column's metadata.
 * @returns The kind, or `null`.
 */
export function valueKindOf(column: ColumnMetadata): ValueKind | null {
  if (column.transformer !== undefined || column.collation !== undefined) return null;
  const type = column.type;
  if (type === String) return 'string';
  if (type === Number) return 'number';
  if (type === Boolean) return 'boolean';
  if (type === Date) return 'date';
  if (typeof type !== 'string') return null;
  if (STRING_TYPES.has(type)) return 'string';
  if (NUMBER_TYPES.has(type)) return 'number';
  if (BOOLEAN_TYPES.has(type)) return 'boolean';
  if (DATE_TYPES.has(type)) return 'date';
  return null;
}

/**
 * SQLite (better-sqlite3 or sqlite3). Text compares byte by byte (the BINARY collation), which is
 * code point order; booleans are 0/1; dates are stored as UTC text and read through `strftime`
 * so that values written with and without milliseconds compare as the hydrated `Date`s do.
 * Every value, numbers included, is bound through TypeORM's list parameters, which never inline.
 */
export const SQLITE: SqlDialect = Object.freeze({
  compare: (column: ComparedColumn, op: Comparison, value: unknown, bind: BindParameter) =>
    `${sqliteColumn(column)} ${op} ${bind([value], true)}`,
  isIn: (column: ComparedColumn, values: readonly unknown[], bind: BindParameter) =>
    `${sqliteColumn(column)} IN (${bind(values, true)})`,
});

function sqliteColumn({ qualified, kind }: ComparedColumn): string {
  return kind === 'date' ? `strftime('%Y-%m-%d %H:%M:%f', ${qualified})` : qualified;
}

/**
 * PostgreSQL. Ordering comparisons of text use `COLLATE "C"` (code point order, as JavaScript
 * compares strings free of surrogate pairs); `uuid` columns are compared as text, as they are
 * hydrated; timestamps are truncated to milliseconds, as `Date`s are; numbers are bound as
 * `double precision` so that a fractional bound compares with an integer column.
 */
export const POSTGRES: SqlDialect = Object.freeze({
  compare: (column: ComparedColumn, op: Comparison, value: unknown, bind: BindParameter) => {
    const isOrdering = op !== '=' && op !== '<>';
    const parameter = bind(value, false);
    const typed = column.kind === 'number' ? `CAST(${parameter} AS double precision)` : parameter;
    return `${postgresColumn(column, isOrdering)} ${op} ${typed}`;
  },
  isIn: (column: ComparedColumn, values: readonly unknown[], bind: BindParameter) =>
    `${postgresColumn(column, false)} = ANY(CAST(${bind([...values], false)} AS ${postgresType(column)}[]))`,
});

function postgresColumn(
  { qualified, metadata, kind }: ComparedColumn,
  isOrdering: boolean,
): string {
  if (kind === 'date') return `date_trunc('milliseconds', ${qualified})`;
  if (kind !== 'string') return qualified;
  const text = metadata.type === 'uuid' ? `CAST(${qualified} AS text)` : qualified;
  return isOrdering ? `${text} COLLATE "C"` : text;
}

function postgresType({ metadata, kind }: ComparedColumn): string {
  if (kind === 'string') return 'text';
  if (kind === 'number') return 'double precision';
  if (kind === 'boolean') return 'boolean';
  const isZoned = metadata.type === 'timestamptz' || metadata.type === 'timestamp with time zone';
  return isZoned ? 'timestamptz' : 'timestamp';
}

/**
 * The dialect of a TypeORM driver type.
 *
 * @param type - `dataSource.options.type`.
 * @returns The dialect, or `null` for a database whose comparisons are not known to match
 *   JavaScript's (MySQL and SQL Server compare text case-insensitively by default).
 */
export function dialectOf(type: string): SqlDialect | null {
  if (type === 'better-sqlite3' || type === 'sqlite') return SQLITE;
  if (type === 'postgres') return POSTGRES;
  return null;
}
