import type { RawRuleOf } from '@casl/ability';
import { createPrincipal, type Principal } from '../principal/principal';
import type { AppAbility, PermissionsDefinition, RuleBuilder } from './define-permissions';

/** What one rule says, read without a real principal. */
export interface RuleFact {
  readonly actions: readonly string[];
  readonly subjects: readonly string[];
  readonly isConditional: boolean;
  readonly isInverted: boolean;
  readonly fields: readonly string[] | null;
  /** Field paths the rule's conditions read, such as `ownerId` or `owner.role`. */
  readonly conditionFields: readonly string[];
  /** The reason given with `.because(...)`, mostly on `cannot` rules. */
  readonly reason: string | null;
}

/** The rules of every role and scope, read once at start-up. */
export interface RuleFacts {
  readonly roles: Readonly<Record<string, readonly RuleFact[]>>;
  readonly scopes: Readonly<Record<string, readonly RuleFact[]>>;
}

const PROBE_ID = '\u0000bulwark-probe';

/**
 * Runs every role's and scope's rule builder once against a probe principal to learn which
 * action/subject pairs each mentions and whether the permission depends on conditions. The probe
 * answers every attribute with a placeholder so conditions that read the principal still build.
 */
export function collectRuleFacts(
  definition: PermissionsDefinition,
  build: (apply: (builder: RuleBuilder) => void) => RawRuleOf<AppAbility>[],
): RuleFacts {
  const read = (name: string, rules: PermissionsDefinition['roles'][string]): RuleFact[] => {
    // createPrincipal copies attributes, which would drop the proxy's answers: attach it after.
    const probe: Principal = Object.freeze({
      ...createPrincipal({
        id: PROBE_ID,
        kind: 'user',
        scheme: 'probe',
        roles: [name],
        tenant: PROBE_ID,
      }),
      attributes: new Proxy({}, { get: () => PROBE_ID }),
    });
    return build((builder) => rules(builder, probe)).map(toFact);
  };
  const roles: Record<string, RuleFact[]> = Object.create(null);
  for (const [name, rules] of Object.entries(definition.roles)) roles[name] = read(name, rules);
  const scopes: Record<string, RuleFact[]> = Object.create(null);
  for (const [name, rules] of Object.entries(definition.scopes ?? {})) {
    scopes[name] = read(name, rules);
  }
  return Object.freeze({ roles: Object.freeze(roles), scopes: Object.freeze(scopes) });
}

function toFact(rule: RawRuleOf<AppAbility>): RuleFact {
  const list = (value: unknown): string[] =>
    value === undefined ? ['all'] : Array.isArray(value) ? value.map(String) : [String(value)];
  const conditions = rule.conditions as Record<string, unknown> | undefined;
  return Object.freeze({
    actions: Object.freeze(list(rule.action)),
    subjects: Object.freeze(list(rule.subject)),
    isConditional: conditions !== undefined && Object.keys(conditions).length > 0,
    isInverted: rule.inverted === true,
    fields: rule.fields === undefined ? null : Object.freeze(list(rule.fields)),
    conditionFields: Object.freeze(conditions === undefined ? [] : [...fieldPaths(conditions)]),
    reason: typeof rule.reason === 'string' ? rule.reason : null,
  });
}

/**
 * The top-level keys of a condition object: field paths such as `ownerId` or `owner.role`, and any
 * `$`-key, which CASL's default matcher would read as a field name (it does not interpret `$or`
 * or `$and` at the top of a condition), so the start-up check can refuse it.
 */
function fieldPaths(conditions: Record<string, unknown>): Set<string> {
  return new Set(Object.keys(conditions));
}

/**
 * Tells whether a rule applies to an action/subject pair, honouring CASL's `manage` and `all`
 * wildcards.
 */
export function ruleCovers(fact: RuleFact, action: string, subject: string): boolean {
  const actionMatches = fact.actions.includes(action) || fact.actions.includes('manage');
  const subjectMatches = fact.subjects.includes(subject) || fact.subjects.includes('all');
  return actionMatches && subjectMatches;
}

/** How a set of rules grants a pair: `allowed` outright, `conditional`, or `denied`. */
export type Grant = 'allowed' | 'conditional' | 'denied';

/**
 * Decides, for one role's or scope's rules, whether a pair is granted without conditions, only
 * under conditions, or not at all, reading the rules as CASL does: a later rule takes precedence
 * over an earlier one. An unconditional `cannot` hides every earlier rule; a conditional `cannot`
 * above an outright `can` makes the grant conditional. Field lists do not matter here: CASL
 * answers an action without a field from every `can` rule, and field-limited `cannot` rules only
 * restrict fields (which the property-level checks enforce).
 *
 * @param facts - The rules of one role or scope, in declaration order.
 * @param action - The action.
 * @param subject - The subject type.
 * @returns `allowed`, `conditional` or `denied`.
 */
export function grantOf(facts: readonly RuleFact[], action: string, subject: string): Grant {
  let isPossible = false;
  let isRestricted = false;
  for (let index = facts.length - 1; index >= 0; index -= 1) {
    const fact = facts[index] as RuleFact;
    if (!ruleCovers(fact, action, subject)) continue;
    if (fact.isInverted) {
      if (fact.fields !== null) continue;
      if (!fact.isConditional) return isPossible ? 'conditional' : 'denied';
      isRestricted = true;
    } else if (!fact.isConditional) {
      return isRestricted ? 'conditional' : 'allowed';
    } else {
      isPossible = true;
    }
  }
  return isPossible ? 'conditional' : 'denied';
}
