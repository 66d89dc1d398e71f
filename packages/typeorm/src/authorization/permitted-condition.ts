import type { AnyAbility } from '@casl/ability';
import { BulwarkError } from '@bulwark/core';

/** A boolean condition over one entity's fields, in the shape the SQL writer consumes. */
export type Condition =
  | { readonly kind: 'constant'; readonly value: boolean }
  | { readonly kind: 'and' | 'or'; readonly items: readonly Condition[] }
  | { readonly kind: 'not'; readonly item: Condition }
  | {
      readonly kind: 'field';
      readonly operator: string;
      readonly field: string;
      readonly value: unknown;
    };

const TRUE: Condition = Object.freeze({ kind: 'constant', value: true });
const FALSE: Condition = Object.freeze({ kind: 'constant', value: false });

/** Conjunction with constants folded away. */
export function allOf(items: readonly Condition[]): Condition {
  const kept = items.filter((item) => !(item.kind === 'constant' && item.value));
  if (kept.some((item) => item.kind === 'constant')) return FALSE;
  if (kept.length === 0) return TRUE;
  return kept.length === 1 ? (kept[0] as Condition) : { kind: 'and', items: kept };
}

/** Disjunction with constants folded away. */
export function anyOf(items: readonly Condition[]): Condition {
  const kept = items.filter((item) => !(item.kind === 'constant' && !item.value));
  if (kept.some((item) => item.kind === 'constant')) return TRUE;
  if (kept.length === 0) return FALSE;
  return kept.length === 1 ? (kept[0] as Condition) : { kind: 'or', items: kept };
}

/** Negation with constants folded away. */
export function not(item: Condition): Condition {
  if (item.kind === 'constant') return item.value ? FALSE : TRUE;
  return item.kind === 'not' ? item.item : { kind: 'not', item };
}

/** A constant condition. */
export function constant(value: boolean): Condition {
  return value ? TRUE : FALSE;
}

/**
 * The exact condition under which `ability.can(action, row)` is true for a row of the subject
 * type, read from the rules CASL would consult, in its order of precedence (the rule declared
 * last first).
 *
 * CASL lets the first rule whose conditions match decide, so a row is permitted exactly when some
 * `can` rule matches it and no `cannot` rule of higher precedence does:
 * `OR over can-rules i of (conditions(i) AND NOT conditions(j) for every cannot-rule j above i)`.
 * An unconditional `cannot` ends the walk; an unconditional `can` permits every row that the
 * `cannot` rules above it leave. (CASL's own `rulesToQuery` applies every `cannot` to every
 * `can`, which returns too little when a `can` overrides an earlier `cannot`.)
 *
 * @param ability - The principal's ability.
 * @param action - The action, usually `read`.
 * @param subjectType - The subject type.
 * @returns The condition; a constant when no rule has conditions.
 */
export function permittedCondition(
  ability: AnyAbility,
  action: string,
  subjectType: string,
): Condition {
  const allowed: Condition[] = [];
  const deniedAbove: Condition[] = [];
  for (const rule of ability.rulesFor(action, subjectType)) {
    const matches =
      rule.conditions === undefined ? TRUE : fromAst(astOf(rule), subjectType, action);
    if (rule.inverted) {
      if (matches === TRUE) break;
      deniedAbove.push(matches);
      continue;
    }
    allowed.push(allOf([matches, ...deniedAbove.map(not)]));
    if (matches === TRUE) break;
  }
  return anyOf(allowed);
}

/** The rule's parsed conditions; CASL parses them on first use and throws on invalid ones. */
function astOf(rule: { readonly ast: unknown }): unknown {
  try {
    return rule.ast;
  } catch {
    return undefined;
  }
}

interface AstNode {
  readonly operator: string;
  readonly value: unknown;
  readonly field?: unknown;
}

function fromAst(node: unknown, subjectType: string, action: string): Condition {
  const ast = node as AstNode | undefined;
  if (ast === undefined || typeof ast.operator !== 'string') {
    throw untranslatable(subjectType, action, 'a rule has conditions CASL could not parse');
  }
  if (typeof ast.field === 'string') {
    return { kind: 'field', operator: ast.operator, field: ast.field, value: ast.value };
  }
  if (ast.operator !== 'and' || !Array.isArray(ast.value)) {
    throw untranslatable(subjectType, action, `the operator "${ast.operator}" is not supported`);
  }
  return allOf(ast.value.map((child) => fromAst(child, subjectType, action)));
}

/**
 * The error for a rule set that cannot be turned into a query: never a query that could return
 * more than the rules allow.
 *
 * @param subjectType - The subject type.
 * @param action - The action.
 * @param problem - What could not be translated.
 * @returns A `BulwarkError` with code `ERR_POLICY_INVALID` (answered to clients as a 500).
 */
export function untranslatable(subjectType: string, action: string, problem: string): BulwarkError {
  return new BulwarkError(
    'ERR_POLICY_INVALID',
    `The "${action}" rules on "${subjectType}" cannot be turned into a database query: ${problem}.`,
    { details: { subject: subjectType, action, problem } },
  );
}
