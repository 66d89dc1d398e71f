import {
  BulwarkError,
  checksWrittenFields,
  forbiddenFields,
  outOfReachAfter,
  type AppAbility,
  type RoutePolicy,
} from '@bulwark/core';

/** What the property-level write check reads from one request. */
export interface WrittenFieldsInput {
  readonly policy: RoutePolicy;
  readonly ability: AppAbility;
  /** The validated body DTO. */
  readonly body: unknown;
  /** The instance the route's loader returned (tagged with its subject type), or `null`. */
  readonly instance: object | null;
}

/**
 * Refuses a write that sets fields the principal may not write, naming them (mass assignment),
 * even when the DTO allows them: an editor whose rule lists `title` and `body` cannot set
 * `ownerId`, though admins share the DTO and may.
 *
 * The check reads the fields of the validated DTO that hold a value, so renamed, transformed and
 * defaulted properties are judged as the handler will see them. On object routes each field is
 * judged on the loaded instance, so conditional field rules ("editors may retitle their own
 * notes") see the stored owner; the object after the change must then still be one the
 * principal may act on, so a write cannot move an object out of reach (an editor handing a note
 * to someone else by changing `ownerId`, where a rule without field list would allow the field).
 *
 * Limitation: a DTO default counts as a set field, so a default on a field some principals may
 * not write refuses their requests even when they did not send it; the check cannot tell a
 * default from a sent value once class-transformer has run, and refusing is the safe answer.
 * Leave such fields without a default and let the handler decide.
 *
 * @param input - Policy, ability, validated body and loaded instance.
 * @throws BulwarkError `ERR_AUTHZ_FIELDS_DENIED` (403) with `details.fields`.
 */
export function checkWrittenFields(input: WrittenFieldsInput): void {
  const { policy, ability, body, instance } = input;
  const authorization = policy.authorization;
  if (!checksWrittenFields(policy) || authorization === null) return;
  const action = authorization.action as string;
  const subjectType = authorization.subject as string;
  const written = setFields(body);
  if (written.length === 0) return;

  const target = authorization.load !== null && instance !== null ? instance : subjectType;
  const refusal = forbiddenFields(ability, action, target, written);
  if (refusal !== null) throw fieldsDenied(action, subjectType, refusal.fields, refusal.reasons);

  if (typeof target === 'string') return;
  const values = body as Record<string, unknown>;
  const changes = Object.fromEntries(written.map((field) => [field, values[field]]));
  const moved = outOfReachAfter(ability, action, subjectType, target, changes);
  if (moved !== null) {
    throw fieldsDenied(action, subjectType, moved, [
      'the changed object would be outside what the principal may act on',
    ]);
  }
}

function setFields(body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return [];
  return Object.keys(body).filter((key) => (body as Record<string, unknown>)[key] !== undefined);
}

function fieldsDenied(
  action: string,
  subjectType: string,
  fields: readonly string[],
  reasons: readonly string[],
): BulwarkError {
  const because = reasons.length > 0 ? `: ${reasons.join('; ')}` : '';
  return new BulwarkError(
    'ERR_AUTHZ_FIELDS_DENIED',
    `You may not set these fields: ${fields.join(', ')}.`,
    {
      details: { fields: [...fields] },
      reason: `may not ${action} ${subjectType} fields ${fields.join(', ')}${because}`,
    },
  );
}
