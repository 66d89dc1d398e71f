import type { CompiledRateLimit } from '@bulwark/core';
import type { LimitOutcome } from '../stores/store';

/** One limit's contribution to the headers. */
export interface HeaderEntry {
  readonly name: string;
  readonly limit: CompiledRateLimit;
  readonly outcome: LimitOutcome;
}

const LIST_FIELDS = ['RateLimit-Policy', 'RateLimit'] as const;

/**
 * Builds the `RateLimit-Policy` and `RateLimit` fields of draft-ietf-httpapi-ratelimit-headers,
 * one list member per limit, plus `Retry-After` (whole seconds, at least 1) when a limit refused.
 *
 * `RateLimit-Policy: "burst";q=10;w=1` gives the quota `q` per window `w` seconds;
 * `RateLimit: "burst";r=3;t=1` gives the units remaining `r` and the seconds `t` until the
 * quota is whole again. A concurrency limit has no window, so it carries `q` and `r` only.
 *
 * @param entries - The limits checked and what each answered.
 * @returns The header fields; empty when no limit was checked.
 */
export function rateLimitHeaders(entries: readonly HeaderEntry[]): Record<string, string> {
  if (entries.length === 0) return {};
  const only = entries.length === 1 ? entries[0]! : null;
  // One admitting limit, the common case, is written without the lists below.
  if (only?.outcome.isAllowed === true) {
    return {
      'RateLimit-Policy': policyMember(only.name, only.limit),
      RateLimit: stateMember(only),
    };
  }
  const policy = entries.map(({ name, limit }) => policyMember(name, limit));
  const state = entries.map(stateMember);
  const headers: Record<string, string> = {
    'RateLimit-Policy': policy.join(', '),
    RateLimit: state.join(', '),
  };
  const waits = entries.filter((e) => !e.outcome.isAllowed).map((e) => e.outcome.retryAfterMs);
  if (waits.length > 0) headers['Retry-After'] = String(seconds(Math.max(...waits)));
  return headers;
}

/**
 * Joins the headers of the pre-authentication and post-authentication checks of one request:
 * list fields are concatenated, `Retry-After` keeps the longer wait.
 *
 * @param first - Headers of the first check.
 * @param second - Headers of the second check.
 * @returns The headers to send.
 */
export function mergeRateLimitHeaders(
  first: Readonly<Record<string, string>>,
  second: Readonly<Record<string, string>>,
): Record<string, string> {
  const merged: Record<string, string> = { ...first, ...second };
  for (const field of LIST_FIELDS) {
    const parts = [first[field], second[field]].filter((v): v is string => v !== undefined);
    if (parts.length > 0) merged[field] = parts.join(', ');
  }
  const waits = [first['Retry-After'], second['Retry-After']].filter((v) => v !== undefined);
  if (waits.length > 0) merged['Retry-After'] = String(Math.max(...waits.map(Number)));
  return merged;
}

/** One limit's `RateLimit` member: units remaining and, for windows, seconds until whole. */
function stateMember({ name, limit, outcome }: HeaderEntry): string {
  const reset = limit.algorithm === 'concurrency' ? '' : `;t=${seconds(outcome.resetMs, 0)}`;
  return `${sfString(name)};r=${Math.max(0, outcome.remaining)}${reset}`;
}

/** A limit's `RateLimit-Policy` member never changes, so it is built once per limit and name. */
function policyMember(name: string, limit: CompiledRateLimit): string {
  let byName = POLICY_MEMBERS.get(limit);
  if (byName === undefined) {
    byName = new Map();
    POLICY_MEMBERS.set(limit, byName);
  }
  let member = byName.get(name);
  if (member === undefined) {
    const window = limit.algorithm === 'concurrency' ? '' : `;w=${seconds(limit.windowMs)}`;
    member = `${sfString(name)};q=${limit.limit}${window}`;
    byName.set(name, member);
  }
  return member;
}

const POLICY_MEMBERS = new WeakMap<CompiledRateLimit, Map<string, string>>();

/** Whole seconds, rounded up so a client never retries early. */
function seconds(ms: number, min = 1): number {
  return Math.max(min, Math.ceil(ms / 1000));
}

/**
 * A structured-field string: printable ASCII only, with `\` and `"` escaped. Limit names come
 * from compiled policies, a fixed set, so each is quoted once.
 */
function sfString(value: string): string {
  let quoted = QUOTED.get(value);
  if (quoted === undefined) {
    quoted = quote(value);
    if (QUOTED.size < MAX_QUOTED) QUOTED.set(value, quoted);
  }
  return quoted;
}

const MAX_QUOTED = 1024;
const QUOTED = new Map<string, string>();

function quote(value: string): string {
  const printable = value.replace(/[^\x20-\x7e]/g, '?');
  return `"${printable.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
