import type { CompiledRateLimit, RoutePolicy } from '@bulwark/core';
import type { BulwarkSettings } from '@bulwark/routing-controllers';
import type { HeaderObject, ReferenceObject } from './openapi-types';

/** What decides the response headers of a document. */
export interface HeaderFacts {
  readonly policies: readonly RoutePolicy[];
  readonly challenges: Readonly<Record<string, string>>;
  readonly cors: BulwarkSettings['cors'];
}

/** Which optional headers one response can carry. */
export interface ResponseHeaderNeeds {
  readonly rateLimits: boolean;
  readonly retryAfter: boolean;
  readonly challenge: boolean;
  readonly noStore: boolean;
}

const INT32_MAX = 2 ** 31 - 1;
/** `t=` of the `RateLimit` field: whole seconds, at most a 32-bit integer. */
const RESET_DIGITS = String(INT32_MAX).length;

/**
 * The shared response headers, as `components.headers`. Every string header carries a
 * `maxLength` computed from the app itself (its limits' names and sizes, its challenges and
 * scopes, its CORS origins), so the bound is a fact, not a guess.
 *
 * @param facts - Policies, challenges and CORS settings.
 * @returns Header components by name.
 */
export function componentHeaders(facts: HeaderFacts): Record<string, HeaderObject> {
  const limits = facts.policies.map((p) => p.rateLimits).filter((l) => l.length > 0);
  const headers: Record<string, HeaderObject> = {
    'X-Request-Id': {
      description:
        'The request id: the one the client sent when it was plain and short, or a new UUID.',
      schema: { type: 'string', pattern: '^[A-Za-z0-9._-]{8,64}$', maxLength: 64 },
    },
    'Cache-Control': {
      description: 'Refusals and authenticated answers are never stored by caches.',
      schema: { type: 'string', enum: ['no-store'] },
    },
  };
  if (limits.length > 0) {
    headers.RateLimit = {
      description:
        'Quota left per limit checked (draft-ietf-httpapi-ratelimit-headers): `"name";r=<remaining>;t=<seconds until whole>`.',
      schema: { type: 'string', maxLength: longest(limits, stateLength) },
    };
    headers['RateLimit-Policy'] = {
      description: 'The limits checked: `"name";q=<quota>;w=<window seconds>`.',
      schema: { type: 'string', maxLength: longest(limits, policyLength) },
    };
    headers['Retry-After'] = {
      description: 'Whole seconds to wait before retrying.',
      required: true,
      schema: { type: 'integer', format: 'int32', minimum: 1, maximum: INT32_MAX },
    };
  }
  const challenges = Object.values(facts.challenges);
  if (challenges.length > 0) {
    headers['WWW-Authenticate'] = {
      description:
        'The accepted schemes (RFC 9110 §11.6.1); with an RFC 6750 `error` when a bearer token was refused or lacks a scope.',
      schema: { type: 'string', maxLength: challengeBound(challenges, facts.policies) },
    };
  }
  if (facts.cors !== null) {
    const origins = facts.cors.origins === '*' ? ['*'] : [...facts.cors.origins];
    headers['Access-Control-Allow-Origin'] = {
      description:
        'Sent to browsers on an allowed origin only; no other origin may read responses.',
      schema: { type: 'string', enum: origins },
    };
  }
  return headers;
}

/**
 * The headers of one response, as references to {@link componentHeaders}.
 *
 * @param available - The component headers of the document.
 * @param needs - What this response can carry.
 * @returns Header references by name.
 */
export function headersOf(
  available: Readonly<Record<string, HeaderObject>>,
  needs: ResponseHeaderNeeds,
): Record<string, ReferenceObject> {
  const names = ['X-Request-Id', 'Access-Control-Allow-Origin'];
  if (needs.rateLimits) names.push('RateLimit', 'RateLimit-Policy');
  if (needs.retryAfter) names.push('Retry-After');
  if (needs.challenge) names.push('WWW-Authenticate');
  if (needs.noStore) names.push('Cache-Control');
  const headers: Record<string, ReferenceObject> = {};
  for (const name of names) {
    if (Object.hasOwn(available, name)) headers[name] = { $ref: `#/components/headers/${name}` };
  }
  return headers;
}

function longest(
  sets: readonly (readonly CompiledRateLimit[])[],
  length: (limit: CompiledRateLimit) => number,
): number {
  // Members are joined with ", "; a repeated name gets a "#n" suffix of a few characters.
  return Math.max(...sets.map((set) => set.reduce((sum, l) => sum + length(l) + 6, 0)));
}

/** A structured-field string is at most twice the name (escapes) plus its quotes. */
function quoted(limit: CompiledRateLimit): number {
  return limit.name.length * 2 + 2;
}

function stateLength(limit: CompiledRateLimit): number {
  return quoted(limit) + 3 + String(limit.limit).length + 3 + RESET_DIGITS;
}

function policyLength(limit: CompiledRateLimit): number {
  return (
    quoted(limit) +
    3 +
    String(limit.limit).length +
    3 +
    String(Math.ceil(limit.windowMs / 1000)).length
  );
}

function challengeBound(challenges: readonly string[], policies: readonly RoutePolicy[]): number {
  const scopes = Math.max(
    0,
    ...policies.map((p) => (p.authorization?.scopes ?? []).join(' ').length),
  );
  // Every challenge joined, plus the longest error and scope parameters a refusal adds.
  const joined = challenges.reduce((sum, c) => sum + c.length + 2, 0);
  return joined + ', error="insufficient_scope"'.length + ', scope=""'.length + scopes;
}
