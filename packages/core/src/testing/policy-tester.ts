import { subject as tagSubject } from '@casl/ability';
import type { AppAbility, Permissions } from '../permissions/define-permissions';
import { forbiddenFields, readableFields, type FieldRefusal } from '../permissions/field-access';
import { createPrincipal, type Principal, type PrincipalKind } from '../principal/principal';
import { decide, type Decision } from '../policy/decide';
import type { RoutePolicy } from '../policy/route-policy';

/** A principal as a test states it; lists and attributes default to empty. */
export interface TestPrincipal {
  readonly id: string;
  /** @defaultValue 'user' */
  readonly kind?: PrincipalKind;
  readonly roles?: readonly string[];
  readonly scopes?: readonly string[];
  readonly tenant?: string;
  readonly attributes?: Readonly<Record<string, unknown>>;
}

/** What one principal may do, asked without HTTP. */
export interface PrincipalPolicy {
  readonly principal: Principal;
  readonly ability: AppAbility;
  /**
   * Whether the principal may perform `action` on a subject type, or on one object of it.
   *
   * @param action - The action, such as `update`.
   * @param subjectType - The subject type, such as `Note`.
   * @param instance - The object's fields; omitted, the type alone is asked (where a conditional
   *   `can` counts as allowing, as in CASL).
   * @param field - One field, for field rules.
   */
  can(action: string, subjectType: string, instance?: object, field?: string): boolean;
  /** The negation of {@link PrincipalPolicy.can}. */
  cannot(action: string, subjectType: string, instance?: object, field?: string): boolean;
  /** The declared fields of the object the principal may read, sorted. */
  readableFields(subjectType: string, instance: object): string[];
  /** The fields among `fields` the principal may not write on the object, or `null`. */
  forbiddenFields(
    action: string,
    subjectType: string,
    instance: object | undefined,
    fields: readonly string[],
  ): FieldRefusal | null;
  /**
   * The runtime's decision on a compiled route, with the instance its loader would return.
   *
   * @param policy - A compiled route policy, such as `bulwark.policy('NotesController.update')`.
   * @param input - The loaded instance (`null`: not found) and the route parameters.
   */
  route(
    policy: RoutePolicy,
    input?: { readonly instance?: object | null; readonly params?: Record<string, unknown> },
  ): Promise<Decision>;
}

/** States "this principal can / cannot do this to that" in an app's own tests. */
export interface PolicyTester {
  /** The policy of one principal. */
  as(principal: TestPrincipal | Principal): PrincipalPolicy;
}

/**
 * Builds a tester over an app's permission model, so the app's tests can assert permissions
 * without HTTP, a database or a token: the same abilities, field rules and route decisions the
 * runtime uses.
 *
 * @param permissions - The app's permission model.
 * @returns The tester.
 * @example
 * ```ts
 * const policy = policyTester(permissions);
 * const erin = policy.as({ id: 'erin', roles: ['editor'] });
 * expect(erin.can('update', 'Note', { ownerId: 'erin' })).to.equal(true);
 * expect(erin.cannot('update', 'Note', { ownerId: 'eve' })).to.equal(true);
 * expect(erin.forbiddenFields('update', 'Note', { ownerId: 'erin' }, ['ownerId'])?.fields)
 *   .to.deep.equal(['ownerId']);
 * ```
 */
export function policyTester(permissions: Permissions): PolicyTester {
  return {
    as: (given) => {
      const principal = Object.hasOwn(given, 'scheme')
        ? (given as Principal)
        : createPrincipal({ kind: 'user', ...given, scheme: 'test' });
      return principalPolicy(permissions, principal);
    },
  };
}

function principalPolicy(permissions: Permissions, principal: Principal): PrincipalPolicy {
  const ability = permissions.abilityFor(principal);
  const target = (subjectType: string, instance: object | undefined): string | object =>
    instance === undefined ? subjectType : tagSubject(subjectType, { ...instance });
  const can = (action: string, subjectType: string, instance?: object, field?: string) =>
    ability.can(action, target(subjectType, instance) as never, field);
  return {
    principal,
    ability,
    can,
    cannot: (action, subjectType, instance, field) => !can(action, subjectType, instance, field),
    readableFields: (subjectType, instance) => {
      const candidates = permissions.fieldsOf(subjectType) ?? Object.keys(instance);
      return readableFields(ability, 'read', target(subjectType, instance), candidates).sort();
    },
    forbiddenFields: (action, subjectType, instance, fields) =>
      forbiddenFields(ability, action, target(subjectType, instance), fields),
    route: (policy, input = {}) =>
      policy.authorization === null
        ? Promise.resolve(Object.freeze({ isAllowed: true as const }))
        : decide(policy.authorization, {
            principal,
            ability,
            ...(input.instance === undefined
              ? {}
              : { instance: input.instance === null ? null : { ...input.instance } }),
            params: input.params ?? {},
            checks: permissions.checks,
          }),
  };
}
