import type { AuditOutcome, SealedAuditEvent } from '@bulwark/audit';
import type { DataSource } from 'typeorm';
import { AuditEventEntity, type AuditEventRow } from './audit-event.entity';
import { fromRow } from './audit-event-rows';

/** What to look for in the audit log; every given field must match. */
export interface AuditEventFilter {
  readonly actorId?: string;
  /** An exact action name such as `note.update`. */
  readonly action?: string;
  readonly subjectType?: string;
  readonly subjectId?: string;
  readonly outcome?: AuditOutcome;
  /** Events at or after this ISO 8601 time. */
  readonly from?: string;
  /** Events before this ISO 8601 time. */
  readonly to?: string;
  /** Paging cursor: only events with a smaller sequence (the previous page's `nextBefore`). */
  readonly before?: number;
  /** Page size, 1 to 500. @defaultValue 50 */
  readonly limit?: number;
}

/** One page of audit events, newest first. */
export interface AuditEventPage {
  readonly items: readonly SealedAuditEvent[];
  /** Pass as `before` for the next page; `null` on the last page. */
  readonly nextBefore: number | null;
}

const MAX_LIMIT = 500;

/**
 * Searches the stored audit events, newest first, with keyset paging on the chain sequence (so
 * pages stay stable while new events arrive).
 *
 * Every value is bound as a query parameter. Times are compared as normalized ISO 8601 text,
 * the stored form, which orders chronologically.
 *
 * Security: the audit log names actors, addresses and actions; serve it to administrators only.
 *
 * @param dataSource - The data source holding the audit table.
 * @param filter - Criteria and paging.
 * @returns A page of events.
 * @throws RangeError when `limit` is out of range or a time is not a valid date.
 */
export async function findAuditEvents(
  dataSource: DataSource,
  filter: AuditEventFilter = {},
): Promise<AuditEventPage> {
  const limit = filter.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new RangeError(`limit must be an integer from 1 to ${MAX_LIMIT}.`);
  }

  const query = dataSource
    .getRepository<AuditEventRow>(AuditEventEntity)
    .createQueryBuilder('event')
    .orderBy('event.sequence', 'DESC')
    .take(limit + 1);
  const equal = [
    ['actorId', filter.actorId],
    ['action', filter.action],
    ['subjectType', filter.subjectType],
    ['subjectId', filter.subjectId],
    ['outcome', filter.outcome],
  ] as const;
  for (const [column, value] of equal) {
    if (value !== undefined) query.andWhere(`event.${column} = :${column}`, { [column]: value });
  }
  if (filter.from !== undefined)
    query.andWhere('event.time >= :from', { from: isoTime(filter.from) });
  if (filter.to !== undefined) query.andWhere('event.time < :to', { to: isoTime(filter.to) });
  if (filter.before !== undefined)
    query.andWhere('event.sequence < :before', { before: filter.before });

  const rows = await query.getMany();
  const items = rows.slice(0, limit).map(fromRow);
  const last = items.at(-1);
  return { items, nextBefore: rows.length > limit && last !== undefined ? last.sequence : null };
}

function isoTime(value: string): string {
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw new RangeError(`Not a valid time: ${value}.`);
  return time.toISOString();
}
