import {
  AbilityBuilder,
  createMongoAbility,
  type MongoAbility,
  type RawRuleOf,
} from '@casl/ability';
import { BulwarkError } from '../errors/bulwark.error';
import type { Principal } from '../principal/principal';
import { AbilityCache } from './ability-cache';
import { collectRuleFacts, type RuleFacts } from './rule-facts';

/** The CASL ability Bulwark builds for a principal. Subjects are tagged strings or instances. */
export type AppAbility = MongoAbility;

/** The `can` / `cannot` pair handed to a role's rule builder. */
export type RuleBuilder = Pick<AbilityBuilder<AppAbility>, 'can' | 'cannot'>;

/** Declares what one role or scope may do; conditions may reference the principal. */
export type RoleRules = (builder: RuleBuilder, principal: Principal) => void;

/**
 * A named check for what CASL conditions cannot express. It must return exactly `true` to
 * allow; anything else, or a throw, denies.
 */
export type CustomCheck = (input: {
  readonly principal: Principal;
  readonly ability: AppAbility;
  readonly instance: unknown;
  readonly params: Readonly<Record<string, unknown>>;
}) => boolean | Promise<boolean>;

/** A subject type the app authorizes: its name and, when known, its field names. */
export interface SubjectDeclaration {
  /** Field names, used to catch typos in field rules and in property-level checks. */
  readonly fields?: readonly string[];
}

/** The app's whole permission model, defined once. */
export interface PermissionsDefinition {
  /** Every subject type a rule or route may name. `all` is implied. */
  readonly subjects: Readonly<Record<string, SubjectDeclaration>>;
  /**
   * The app's action vocabulary. A route may name an action from this list, or one that some
   * rule names literally; `manage` alone does not vouch for an action, so a typo such as
   * `updaet` fails start-up even when admins may `manage` everything.
   * @defaultValue the actions rules name literally
   */
  readonly actions?: readonly string[];
  /** Rules per role. A principal's ability is the union of its roles' and scopes' rules. */
  readonly roles: Readonly<Record<string, RoleRules>>;
  /** Rules per OAuth scope, for clients and tokens that carry scopes. */
  readonly scopes?: Readonly<Record<string, RoleRules>>;
  /** Named custom checks that `@Authorize({ check })` may use. */
  readonly checks?: Readonly<Record<string, CustomCheck>>;
  /** How many abilities to keep built. @defaultValue 10000 */
  readonly cacheSize?: number;
}

/**
 * The compiled permission model of an app: builds (and caches) a principal's CASL ability and
 * answers the start-up questions the policy compiler asks.
 */
export class Permissions {
  readonly subjectNames: ReadonlySet<string>;
  readonly roleNames: ReadonlySet<string>;
  readonly actionNames: ReadonlySet<string>;
  readonly scopeNames: ReadonlySet<string>;
  readonly checks: Readonly<Record<string, CustomCheck>>;
  readonly subjects: Readonly<Record<string, SubjectDeclaration>>;
  /** What the rules say with no particular principal, per role and per scope. */
  readonly facts: RuleFacts;
  private readonly definition: PermissionsDefinition;
  private readonly cache: AbilityCache<AppAbility>;

  constructor(definition: PermissionsDefinition) {
    this.definition = definition;
    this.subjects = Object.freeze({ ...definition.subjects });
    this.subjectNames = new Set(Object.keys(definition.subjects));
    this.roleNames = new Set(Object.keys(definition.roles));
    this.actionNames = new Set(definition.actions ?? []);
    this.scopeNames = new Set(Object.keys(definition.scopes ?? {}));
    this.checks = Object.freeze(Object.assign(Object.create(null), definition.checks ?? {}));
    this.cache = new AbilityCache(definition.cacheSize ?? 10_000);
    this.facts = collectRuleFacts(definition, (rules) => this.buildRules(rules));
  }

  /**
   * The principal's ability: the union of the rules of its roles and scopes. Built once per
   * distinct principal and then served from a bounded cache.
   *
   * Security: the cache key covers every principal field a condition can read (id, kind, roles,
   * scopes, tenant, attributes), so two principals share an ability only when no rule can tell
   * them apart. A principal with no known role or scope gets an ability that allows nothing.
   *
   * @param principal - The authenticated principal, or `null` for an anonymous request.
   * @returns A CASL ability.
   */
  abilityFor(principal: Principal | null): AppAbility {
    if (principal === null) return this.cache.anonymous(() => createMongoAbility([], OPTIONS));
    return this.cache.get(principal, () => createMongoAbility(this.rulesFor(principal), OPTIONS));
  }

  /**
   * The raw CASL rules a principal gets, in declaration order (roles first, then scopes).
   *
   * @param principal - The principal.
   * @returns Plain rules, suitable for `createMongoAbility` or for query translation.
   */
  rulesFor(principal: Principal): RawRuleOf<AppAbility>[] {
    return this.buildRules((builder) => {
      for (const role of principal.roles) {
        const rules = Object.hasOwn(this.definition.roles, role)
          ? this.definition.roles[role]
          : undefined;
        rules?.(builder, principal);
      }
      for (const scope of principal.scopes) {
        const rules = Object.hasOwn(this.definition.scopes ?? {}, scope)
          ? this.definition.scopes?.[scope]
          : undefined;
        rules?.(builder, principal);
      }
    });
  }

  /** Forgets every cached ability, for example after the permission model is reloaded. */
  clearCache(): void {
    this.cache.clear();
  }

  private buildRules(apply: (builder: RuleBuilder) => void): RawRuleOf<AppAbility>[] {
    const builder = new AbilityBuilder<AppAbility>(createMongoAbility);
    apply(builder);
    return builder.rules;
  }
}

/**
 * The subject type of a value: tagged instances (CASL's `subject('Note', row)`) and strings
 * only. Bulwark never guesses a type from a constructor name, which minifiers and plain JSON
 * objects make meaningless.
 */
function detectSubjectType(value: unknown): string {
  if (typeof value === 'string') return value;
  const tagged = (value as { __caslSubjectType__?: unknown } | null)?.__caslSubjectType__;
  if (typeof tagged === 'string') return tagged;
  throw new BulwarkError(
    'ERR_POLICY_INVALID',
    'An object was checked without a subject type; tag it with subject("Type", value).',
  );
}

const OPTIONS = Object.freeze({ detectSubjectType });

/**
 * Defines the app's permissions once, per role and per scope, with CASL.
 *
 * @param definition - Subjects, role rules, scope rules and named checks.
 * @returns The compiled {@link Permissions}.
 * @throws BulwarkError `ERR_CONFIG_INVALID` when a rule names an undeclared subject.
 * @example
 * ```ts
 * export const permissions = definePermissions({
 *   subjects: { Note: { fields: ['id', 'title', 'body', 'ownerId'] } },
 *   roles: {
 *     admin: ({ can }) => can('manage', 'all'),
 *     editor: ({ can }, me) => {
 *       can('read', 'Note');
 *       can('update', 'Note', { ownerId: me.id });
 *     },
 *   },
 * });
 * ```
 */
export function definePermissions(definition: PermissionsDefinition): Permissions {
  return new Permissions(definition);
}
