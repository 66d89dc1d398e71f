import { REDACTED } from './redaction';
import { sensitivePropertiesOf } from './sensitive.decorator';

/** A copy of an instance's own fields, taken before a handler changes it. */
export type FieldSnapshot = Readonly<Record<string, unknown>>;

/** The fields a call changed, each with its value before and after. */
export type FieldChanges = Readonly<
  Record<string, { readonly before: unknown; readonly after: unknown }>
>;

/**
 * Copies the own enumerable fields of an instance, so a later change to the instance does not
 * change the copy. Nested objects are copied through JSON, dates become ISO text, functions are
 * left out, and `@Sensitive()` fields are replaced with `[REDACTED]` while the class is still
 * known.
 *
 * @param instance - The loaded entity or object, or `null`.
 * @returns The snapshot, or `null` for a missing instance.
 */
export function snapshotFields(instance: object | null | undefined): FieldSnapshot | null {
  if (instance === null || instance === undefined || typeof instance !== 'object') return null;
  const sensitive = new Set(sensitivePropertiesOf(instance.constructor));
  const snapshot: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(instance)) {
    if (key === '__proto__' || typeof value === 'function' || value === undefined) continue;
    snapshot[key] = sensitive.has(key) ? REDACTED : jsonCopy(value);
  }
  return Object.freeze(snapshot);
}

/**
 * Lists the fields whose value differs between two snapshots. A field present on one side only
 * counts as changed, with `null` on the other side.
 *
 * @param before - The snapshot taken before the call.
 * @param after - The snapshot taken after it.
 * @returns The changed fields, or `null` when nothing changed or a side is missing.
 */
export function changedFields(
  before: FieldSnapshot | null,
  after: FieldSnapshot | null,
): FieldChanges | null {
  if (before === null || after === null) return null;
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const was = before[key] ?? null;
    const now = after[key] ?? null;
    if (JSON.stringify(was) !== JSON.stringify(now)) changes[key] = { before: was, after: now };
  }
  return Object.keys(changes).length === 0 ? null : changes;
}

function jsonCopy(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  try {
    return JSON.parse(JSON.stringify(value)) as unknown;
  } catch {
    return '[UNSERIALIZABLE]';
  }
}
