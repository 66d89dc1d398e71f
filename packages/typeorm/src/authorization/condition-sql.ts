import { mongoQueryMatcher } from '@casl/ability';
import type { ResolvedField, FieldResolver } from './field-resolver';
import type { Condition } from './permitted-condition';
import type {
  BindParameter,
  ColumnMetadata,
  Comparison,
  ComparedColumn,
  SqlDialect,
  ValueKind,
} from './sql-dialect';

/** What turning a condition into SQL needs. */
export interface SqlContext {
  readonly dialect: SqlDialect;
  readonly resolver: FieldResolver;
  readonly bind: BindParameter;
  /** Converts a value to its stored form (the driver's `preparePersistentValue`). */
  readonly prepare: (value: unknown, column: ColumnMetadata) => unknown;
  /** Throws the error for an untranslatable rule set. */
  readonly fail: (problem: string) => never;
}

const TRUE_SQL = '1 = 1';
const FALSE_SQL = '1 = 0';

const COMPARISONS: Readonly<Record<string, Comparison>> = Object.freeze({
  eq: '=',
  ne: '<>',
  lt: '<',
  lte: '<=',
  gt: '>',
  gte: '>=',
});

/** A value of the kind that stands for "present, not null" when an operator is evaluated. */
const SAMPLES: Readonly<Record<ValueKind, unknown>> = Object.freeze({
  string: '',
  number: 0,
  boolean: false,
  date: new Date(0),
});

/**
 * Writes a condition as an SQL boolean expression over the query's columns, every value bound.
 *
 * Each field comparison is written so that it is never SQL NULL, because a NOT above it would
 * otherwise drop rows CASL permits: the non-NULL case is compared in SQL, while what CASL answers
 * for a NULL column (`{ v: null }`) and for a missing relation (`undefined` at the end of the
 * path) is computed once, here, with CASL's own matcher, and written as a constant branch.
 *
 * @param condition - The condition.
 * @param context - Dialect, field resolver, parameter binding and failure.
 * @returns SQL text.
 * @throws BulwarkError `ERR_POLICY_INVALID` through `context.fail` for what cannot be translated.
 */
export function conditionToSql(condition: Condition, context: SqlContext): string {
  switch (condition.kind) {
    case 'constant':
      return condition.value ? TRUE_SQL : FALSE_SQL;
    case 'and':
    case 'or':
      return `(${condition.items.map((item) => conditionToSql(item, context)).join(condition.kind === 'and' ? ' AND ' : ' OR ')})`;
    case 'not':
      return `NOT ${conditionToSql(condition.item, context)}`;
    case 'field':
      return fieldSql(condition, context);
  }
}

type FieldNode = Extract<Condition, { kind: 'field' }>;

function fieldSql(node: FieldNode, context: SqlContext): string {
  const resolved = context.resolver.resolve(node.field);
  if (typeof resolved === 'string') context.fail(resolved);
  const { column, presence } = resolved as ResolvedField;
  const whenPresent = presentSql(node, column, context);
  const whenNull = casl(node, 'v', { v: null });
  const whenMissing = presence !== null && casl(node, 'r.v', { r: null });
  const branches: string[] = [];
  if (whenPresent !== false) {
    const parts = [
      presence,
      `${column.qualified} IS NOT NULL`,
      whenPresent === true ? null : whenPresent,
    ];
    branches.push(parts.filter((part): part is string => part !== null).join(' AND '));
  }
  if (whenNull) {
    branches.push(
      [presence, `${column.qualified} IS NULL`].filter((p) => p !== null).join(' AND '),
    );
  }
  if (whenMissing) branches.push(`NOT (${presence})`);
  if (branches.length === 0) return FALSE_SQL;
  return `(${branches.map((branch) => `(${branch})`).join(' OR ')})`;
}

/** The SQL for a non-NULL column value, or a constant where the answer does not depend on it. */
function presentSql(
  node: FieldNode,
  column: ComparedColumn,
  context: SqlContext,
): string | boolean {
  const { operator, value, field } = node;
  const comparison = COMPARISONS[operator];
  if (operator === 'exists') return casl(node, 'v', { v: SAMPLES[column.kind] });
  if (operator === 'in' || operator === 'nin') {
    if (!Array.isArray(value)) context.fail(`"${field}": $${operator} needs a list`);
    const present = (value as unknown[]).filter((item) => item !== null);
    for (const item of present) checkValue(field, item, column.kind, false, context);
    if (present.length === 0) return operator === 'nin';
    const prepared = present.map((item) => context.prepare(item, column.metadata));
    const sql = context.dialect.isIn(column, prepared, context.bind);
    return operator === 'in' ? sql : `NOT (${sql})`;
  }
  if (comparison === undefined)
    context.fail(`"${field}": the operator $${operator} is not supported`);
  const isOrdering = operator !== 'eq' && operator !== 'ne';
  if (value === null && !isOrdering) return operator === 'ne';
  checkValue(field, value, column.kind, isOrdering, context);
  const prepared = context.prepare(value, column.metadata);
  return context.dialect.compare(column, comparison as Comparison, prepared, context.bind);
}

/** Refuses a value whose comparison in SQL could differ from CASL's comparison in JavaScript. */
function checkValue(
  field: string,
  value: unknown,
  kind: ValueKind,
  isOrdering: boolean,
  context: SqlContext,
): void {
  const isValid =
    (kind === 'string' && typeof value === 'string') ||
    (kind === 'number' && typeof value === 'number' && Number.isFinite(value)) ||
    (kind === 'boolean' && typeof value === 'boolean') ||
    (kind === 'date' && value instanceof Date && !Number.isNaN(value.getTime()));
  if (!isValid) {
    context.fail(`"${field}": a ${describe(value)} value is compared with ${kind} values`);
  }
  // JavaScript orders strings by UTF-16 code unit and databases by code point; the two agree as
  // long as the bound holds no code unit from U+D800 upwards.
  if (isOrdering && kind === 'string' && /[\uD800-\uFFFF]/.test(value as string)) {
    context.fail(`"${field}": ordering against text beyond U+D7FF is not supported`);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Date) return 'invalid date';
  if (Array.isArray(value)) return 'list';
  return typeof value === 'number' && !Number.isFinite(value) ? 'non-finite number' : typeof value;
}

/** What CASL answers for one field condition on a sample object. */
function casl(node: FieldNode, path: string, sample: Record<string, unknown>): boolean {
  return mongoQueryMatcher({ [path]: { [`$${node.operator}`]: node.value } } as never)(sample);
}
