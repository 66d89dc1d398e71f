import { subject as tagSubject } from '@casl/ability';
import { permittedFieldsOf } from '@casl/ability/extra';
import type { AppAbility } from './define-permissions';

/** The fields a principal may not write, with the reasons `cannot` rules gave. */
export interface FieldRefusal {
  readonly fields: readonly string[];
  /** Reasons from `cannot(...).because(...)`, for the audit record; never sent to clients. */
  readonly reasons: readonly string[];
}

/**
 * Checks each field a write sets against the principal's field rules.
 *
 * Security: pass the loaded instance (tagged with its subject type) as `target` on object routes,
 * so that conditional field rules ("editors may change the title of their own notes") are judged
 * on the stored object. A subject type string judges the type alone, where a conditional `can`
 * counts as allowing.
 *
 * @param ability - The principal's ability.
 * @param action - The route's action, such as `update`.
 * @param target - A subject type, or a tagged instance.
 * @param fields - The fields the write sets.
 * @returns The refused fields and reasons, or `null` when every field may be written.
 */
export function forbiddenFields(
  ability: AppAbility,
  action: string,
  target: string | object,
  fields: readonly string[],
): FieldRefusal | null {
  const refused = fields.filter((field) => !ability.can(action, target as never, field));
  if (refused.length === 0) return null;
  const reasons = new Set<string>();
  for (const field of refused) {
    const rule = ability.relevantRuleFor(action, target as never, field);
    if (rule?.inverted === true && typeof rule.reason === 'string') reasons.add(rule.reason);
  }
  return Object.freeze({ fields: Object.freeze(refused), reasons: Object.freeze([...reasons]) });
}

/**
 * The fields of an object the principal may read, among `candidates`: CASL's `permittedFieldsOf`
 * with field lists and field patterns (`author.*`) expanded over the candidates, so a rule without
 * a field list grants every candidate and a pattern grants exactly the candidates it matches.
 *
 * @param ability - The principal's ability.
 * @param action - Usually `read`.
 * @param target - A tagged instance, or a subject type.
 * @param candidates - The fields that may be returned: the subject's declared fields.
 * @returns The permitted candidates, in no particular order.
 */
export function readableFields(
  ability: AppAbility,
  action: string,
  target: string | object,
  candidates: readonly string[],
): string[] {
  return permittedFieldsOf(ability, action, target as never, {
    fieldsFrom: (rule) =>
      rule.fields === undefined
        ? [...candidates]
        : candidates.filter((field) => rule.matchesField(field)),
  });
}

/**
 * {@link readableFields} as a set, for checking many fields. When no rule of the action on the
 * target's type names fields, every rule grants or refuses all candidates at once, so the
 * answer is all of them or none, decided by one `can`; that answer reuses one set per frozen
 * candidate list instead of building a field list per call.
 *
 * @param ability - The principal's ability.
 * @param action - Usually `read`.
 * @param target - A tagged instance, or a subject type.
 * @param candidates - The fields that may be returned: the subject's declared fields.
 * @returns The permitted candidates.
 */
export function readableFieldSet(
  ability: AppAbility,
  action: string,
  target: string | object,
  candidates: readonly string[],
): ReadonlySet<string> {
  if (namesFields(ability, action, target)) {
    return new Set(readableFields(ability, action, target, candidates));
  }
  if (!ability.can(action, target as never)) return NO_FIELDS;
  if (!Object.isFrozen(candidates)) return new Set(candidates);
  let set = CANDIDATE_SETS.get(candidates);
  if (set === undefined) {
    set = new Set(candidates);
    CANDIDATE_SETS.set(candidates, set);
  }
  return set;
}

const NO_FIELDS: ReadonlySet<string> = new Set();
const CANDIDATE_SETS = new WeakMap<readonly string[], ReadonlySet<string>>();

/**
 * Answers per rule set, action and subject type: the rules array of an ability is replaced when
 * the ability is updated, so an updated ability is asked anew.
 */
const FIELD_RULES = new WeakMap<object, Map<string, Map<unknown, boolean>>>();

/** Whether any rule of `action` on the target's subject type carries a field list. */
function namesFields(ability: AppAbility, action: string, target: string | object): boolean {
  const type = ability.detectSubjectType(target as never);
  let byAction = FIELD_RULES.get(ability.rules);
  if (byAction === undefined) {
    byAction = new Map();
    FIELD_RULES.set(ability.rules, byAction);
  }
  let byType = byAction.get(action);
  if (byType === undefined) {
    byType = new Map();
    byAction.set(action, byType);
  }
  let answer = byType.get(type);
  if (answer === undefined) {
    answer = ability.possibleRulesFor(action, type).some((rule) => rule.fields !== undefined);
    byType.set(type, answer);
  }
  return answer;
}

/**
 * Checks that an object, once a write has changed it, is still one the principal may act on: a
 * write must not move an object out of the principal's reach, for example an editor handing a
 * note to someone else by changing its owner where a rule without a field list allows the field.
 *
 * @param ability - The principal's ability.
 * @param action - The route's action, such as `update`.
 * @param subjectType - The subject type.
 * @param instance - The stored object, before the write.
 * @param changes - The fields the write sets, with their new values.
 * @returns `null` when the changed object is permitted, otherwise the fields whose values change
 *   (all written fields when none changes).
 */
export function outOfReachAfter(
  ability: AppAbility,
  action: string,
  subjectType: string,
  instance: object,
  changes: Readonly<Record<string, unknown>>,
): readonly string[] | null {
  const after = tagSubject(subjectType, { ...instance, ...changes });
  if (ability.can(action, after)) return null;
  const before = instance as Record<string, unknown>;
  const written = Object.keys(changes);
  const changed = written.filter((field) => !isSame(before[field], changes[field]));
  return Object.freeze(changed.length > 0 ? changed : written);
}

function isSame(before: unknown, after: unknown): boolean {
  if (before instanceof Date && after instanceof Date) return before.getTime() === after.getTime();
  return before === after;
}
