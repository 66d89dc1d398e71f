import {
  BulwarkError,
  readableFieldSet,
  type AppAbility,
  type Permissions,
  type RoutePolicy,
} from '@bulwark/core';

/** What response filtering needs for one request. */
export interface ResponseFilterInput {
  readonly policy: RoutePolicy;
  readonly permissions: Permissions;
  readonly ability: AppAbility;
}

/** Built-in objects whose inside is data, not fields: sent as they are. */
const OPAQUE: readonly Function[] = [Date, RegExp, Map, Set, ArrayBuffer, Promise, Error];

/**
 * Drops from a handler's result every field the principal may not read (excessive data
 * exposure), wherever a subject appears: the object itself, the items of a list, objects nested
 * in other objects. A subject is an object tagged with `subject('Type', value)` (the instance a
 * loader returned is tagged by the policy check) or an instance of an `entity` class the
 * permission model declares. Its permitted fields come from CASL's `permittedFieldsOf` over the
 * subject's declared fields, so a field the model does not declare is never sent.
 *
 * Objects that are not subjects are walked for subjects inside them and otherwise left alone;
 * nothing is copied unless something inside it is filtered, and copies keep their class, so
 * class-transformer's `@Exclude` and response DTOs still apply afterwards.
 *
 * Security: on a list route (`list: true`) every subject of the route's type must pass the
 * route's action on its own conditions. One that does not means the handler did not narrow its
 * query (see `accessibleBy`), and the request fails with 500 rather than leak the row.
 *
 * @param result - What the handler returned.
 * @param input - The route policy, the permission model and the principal's ability.
 * @returns The result, with unreadable fields removed.
 * @throws BulwarkError `ERR_POLICY_INVALID` when a list route returns an instance the principal
 *   may not act on, or when the result contains a cycle (which no JSON answer can carry).
 */
export function filterResponse(result: unknown, input: ResponseFilterInput): unknown {
  const authorization = input.policy.authorization;
  const guard =
    authorization?.isList === true &&
    authorization.action !== null &&
    authorization.subject !== null
      ? { action: authorization.action, subject: authorization.subject }
      : null;
  const done = new Map<object, unknown>();
  const inProgress = new Set<object>();

  const visit = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    if (OPAQUE.some((type) => value instanceof type) || ArrayBuffer.isView(value)) return value;
    if (done.has(value)) return done.get(value);
    if (inProgress.has(value)) {
      throw new BulwarkError(
        'ERR_POLICY_INVALID',
        `The route ${input.policy.id} returned a cycle.`,
      );
    }
    inProgress.add(value);
    const subjectType = input.permissions.subjectTypeOf(value);
    if (
      subjectType !== null &&
      guard?.subject === subjectType &&
      !input.ability.can(guard.action, value as never)
    ) {
      throw new BulwarkError(
        'ERR_POLICY_INVALID',
        `The list route ${input.policy.id} returned a ${subjectType} the principal may not ${guard.action}; narrow its query with accessibleBy().`,
      );
    }
    const copy =
      subjectType === null ? walk(value, visit) : keepReadable(value, subjectType, input, visit);
    inProgress.delete(value);
    done.set(value, copy);
    return copy;
  };
  return visit(result);
}

/**
 * Keeps a subject's readable fields, each visited in turn. The subject itself is answered when
 * every field it has is readable and unchanged by the visit, which is the common case; a copy is
 * made only once a field is dropped or changed.
 */
function keepReadable(
  value: object,
  subjectType: string,
  input: ResponseFilterInput,
  visit: (child: unknown) => unknown,
): object {
  const candidates = input.permissions.fieldsOf(subjectType) ?? Object.keys(value);
  const readable = readableFieldSet(input.ability, 'read', value, candidates);
  const source = value as Record<string, unknown>;
  const keys = Object.keys(source);
  let copy: Record<string, unknown> | null = null;
  for (let index = 0; index < keys.length; index += 1) {
    const key = keys[index] as string;
    const child = source[key];
    const isKept = readable.has(key);
    const kept = isKept ? visit(child) : undefined;
    if (copy === null && (!isKept || kept !== child)) {
      copy = Object.create(Object.getPrototypeOf(value) as object | null) as Record<
        string,
        unknown
      >;
      // Every field before this one was kept unchanged.
      for (const earlier of keys.slice(0, index)) copy[earlier] = source[earlier];
    }
    if (copy !== null && isKept) copy[key] = kept;
  }
  return copy ?? value;
}

/** Visits the children of a non-subject object or list; copies it only when a child changed. */
function walk(value: object, visit: (child: unknown) => unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(visit);
    return items.every((item, index) => item === value[index]) ? value : items;
  }
  const entries = Object.entries(value).map(([key, child]) => [key, child, visit(child)] as const);
  if (entries.every(([, before, after]) => before === after)) return value;
  const copy = Object.create(Object.getPrototypeOf(value) as object | null) as Record<
    string,
    unknown
  >;
  for (const [key, , after] of entries) copy[key] = after;
  return copy;
}
