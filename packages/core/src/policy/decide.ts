import { subject as tagSubject } from '@casl/ability';
import type { ErrorCode } from '../errors/codes';
import type { AppAbility, CustomCheck } from '../permissions/define-permissions';
import type { Principal } from '../principal/principal';
import type { AuthorizationPolicy } from './route-policy';

/** The outcome of an authorization decision; a refusal names the code and an audit reason. */
export type Decision =
  | { readonly isAllowed: true }
  | {
      readonly isAllowed: false;
      readonly code: Extract<
        ErrorCode,
        'ERR_AUTHZ_DENIED' | 'ERR_AUTHZ_SCOPE_INSUFFICIENT' | 'ERR_NOT_FOUND'
      >;
      /** Why, for the audit record and the log; never sent to the client. */
      readonly reason: string;
    };

/** What a decision is made on. */
export interface DecisionInput {
  readonly principal: Principal;
  readonly ability: AppAbility;
  /** The loaded instance on object routes (`null` when the loader found none). */
  readonly instance?: object | null;
  readonly params: Readonly<Record<string, unknown>>;
  readonly checks: Readonly<Record<string, CustomCheck>>;
}

const ALLOW: Decision = Object.freeze({ isAllowed: true });

function deny(code: Exclude<Decision, { isAllowed: true }>['code'], reason: string): Decision {
  return Object.freeze({ isAllowed: false, code, reason });
}

/**
 * Decides whether a principal may call a route. Every stated requirement must hold: one of the
 * roles, all of the scopes, the CASL permission (on the loaded instance where there is one) and
 * the custom check.
 *
 * Security: fails closed. A custom check that throws or returns anything but `true` denies. An
 * object route whose loader finds nothing answers as the route's denied status, so a missing and
 * a forbidden object look alike when that status is 404. When a `cannot` rule with a reason
 * (`cannot('delete', 'Note', { isLocked: true }).because('locked notes are kept')`) decides, the
 * reason joins the decision's reason for the audit record; it never reaches the client.
 *
 * @param policy - The route's compiled authorization step.
 * @param input - Principal, ability, loaded instance, route parameters and custom checks.
 * @returns Allowed, or the refusal code with the reason for the audit record.
 */
export async function decide(policy: AuthorizationPolicy, input: DecisionInput): Promise<Decision> {
  return decideNow(policy, input);
}

/**
 * {@link decide} without a promise when none is needed: the decision itself, or a promise only
 * when the route names a custom check (which may be asynchronous). Same rules, same result.
 *
 * @param policy - The route's compiled authorization step.
 * @param input - Principal, ability, loaded instance, route parameters and custom checks.
 * @returns The decision, or a promise of it when a custom check runs.
 */
export function decideNow(
  policy: AuthorizationPolicy,
  input: DecisionInput,
): Decision | Promise<Decision> {
  if (policy.isDenyAll) return deny('ERR_AUTHZ_DENIED', 'route has no policy');
  const { principal, ability } = input;
  if (policy.roles.length > 0 && !policy.roles.some((role) => principal.roles.includes(role))) {
    return deny('ERR_AUTHZ_DENIED', `missing role: one of ${policy.roles.join(', ')}`);
  }
  const missingScopes =
    policy.scopes.length === 0
      ? policy.scopes
      : policy.scopes.filter((scope) => !principal.scopes.includes(scope));
  if (missingScopes.length > 0) {
    return deny('ERR_AUTHZ_SCOPE_INSUFFICIENT', `missing scopes: ${missingScopes.join(' ')}`);
  }
  if (policy.action !== null && policy.subject !== null) {
    const refusal = checkPermission(policy, policy.action, policy.subject, ability, input.instance);
    if (refusal !== null) return refusal;
  }
  if (policy.check !== null) return runCheck(policy.check, input);
  return ALLOW;
}

function checkPermission(
  policy: AuthorizationPolicy,
  action: string,
  subjectType: string,
  ability: AppAbility,
  instance: object | null | undefined,
): Decision | null {
  const hidden = policy.deniedStatus === 404 ? 'ERR_NOT_FOUND' : 'ERR_AUTHZ_DENIED';
  if (policy.load !== null) {
    if (instance === null || instance === undefined) return deny(hidden, 'instance not found');
    const target = tagSubject(subjectType, instance as Record<string, unknown>);
    if (!ability.can(action, target)) {
      return deny(hidden, because(`cannot ${action} this ${subjectType}`, ability, action, target));
    }
    return null;
  }
  return ability.can(action, subjectType)
    ? null
    : deny(
        'ERR_AUTHZ_DENIED',
        because(`cannot ${action} ${subjectType}`, ability, action, subjectType),
      );
}

/** Adds the reason of the `cannot` rule that decided, when it gave one with `.because()`. */
function because(base: string, ability: AppAbility, action: string, target: unknown): string {
  const rule = ability.relevantRuleFor(action, target as never);
  return rule?.inverted === true && typeof rule.reason === 'string'
    ? `${base}: ${rule.reason}`
    : base;
}

async function runCheck(name: string, input: DecisionInput): Promise<Decision> {
  const check = input.checks[name];
  try {
    const result =
      check === undefined
        ? false
        : await check({
            principal: input.principal,
            ability: input.ability,
            instance: input.instance ?? null,
            params: input.params,
          });
    return result === true ? ALLOW : deny('ERR_AUTHZ_DENIED', `custom check "${name}" refused`);
  } catch {
    return deny('ERR_AUTHZ_DENIED', `custom check "${name}" threw`);
  }
}
