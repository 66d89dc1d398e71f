import {
  AbilityBuilder,
  createMongoAbility,
  type MongoAbility,
  type RawRuleOf,
} from '@casl/ability';
import { BulwarkError } from '../errors/bulwark.error';
import type { Principal } from '../principal/principal';
import { AbilityCache } from './ability-cache';
import { ruleProblems } from './check-rules';
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
  /**
   * Field names, used to catch typos in field rules and conditions at start-up, to check the body
   * DTOs of write routes, and as the full field list when responses are filtered: a field not
   * listed here never leaves in a filtered response.
   */
  readonly fields?: readonly string[];
  /**
   * The class whose instances are this subject, such as a TypeORM entity. Bulwark then knows the
   * subject type of such an instance by class identity (an explicit declaration, not a guess on
   * the constructor's name), for checks and for response filtering.
   */
  readonly entity?: Function;
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
  private readonly byEntity: ReadonlyMap<Function, string>;
  private readonly options: { readonly detectSubjectType: (value: unknown) => string };

  constructor(definition: PermissionsDefinition) {
    this.definition = definition;
    this.subjects = Object.freeze({ ...definition.subjects });
    this.subjectNames = new Set(Object.keys(definition.subjects));
    this.roleNames = new Set(Object.keys(definition.roles));
    this.actionNames = new Set(definition.actions ?? []);
    this.scopeNames = new Set(Object.keys(definition.scopes ?? {}));
    this.checks = Object.freeze(Object.assign(Object.create(null), definition.checks ?? {}));
    this.cache = new AbilityCache(definition.cacheSize ?? 10_000);
    this.byEntity = entityIndex(definition.subjects);
    this.options = Object.freeze({ detectSubjectType: (value: unknown) => this.detect(value) });
    this.facts = collectRuleFacts(definition, (rules) => this.buildRules(rules));
    const problems = ruleProblems(this.facts, this.subjects);
    if (problems.length > 0) {
      throw new BulwarkError(
        'ERR_CONFIG_INVALID',
        `Invalid permissions:\n- ${problems.join('\n- ')}`,
        { details: { problems } },
      );
    }
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
    if (principal === null) return this.cache.anonymous(() => this.abilityOf([]));
    return this.cache.get(principal, () => this.abilityOf(this.rulesFor(principal)));
  }

  /**
   * Builds an ability from raw rules without the cache, detecting subject types as
   * {@link Permissions.abilityFor} does: for benchmarks and for tests that state rules directly.
   *
   * @param rules - Raw CASL rules.
   * @returns A CASL ability.
   */
  abilityOf(rules: RawRuleOf<AppAbility>[]): AppAbility {
    return createMongoAbility(rules, this.options);
  }

  /**
   * The subject type of a value: a string names itself, a value tagged with CASL's
   * `subject('Type', value)` carries its type, and an instance of a declared `entity` class has
   * that subject's type.
   *
   * @param value - A subject type or an object.
   * @returns The subject type, or `null` when the value has none.
   */
  subjectTypeOf(value: unknown): string | null {
    if (typeof value === 'string') return value;
    if (typeof value !== 'object' || value === null) return null;
    const tagged = (value as { __caslSubjectType__?: unknown }).__caslSubjectType__;
    if (typeof tagged === 'string') return tagged;
    return this.byEntity.get((value as object).constructor) ?? null;
  }

  /**
   * The declared fields of a subject type.
   *
   * @param subjectType - A subject type.
   * @returns Its field names, or `null` when the subject declares none.
   */
  fieldsOf(subjectType: string): readonly string[] | null {
    const declared = Object.hasOwn(this.subjects, subjectType)
      ? this.subjects[subjectType]
      : undefined;
    return declared?.fields ?? null;
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

  /**
   * Bulwark never guesses a type from a constructor name, which minifiers and plain JSON objects
   * make meaningless: only strings, tagged values and instances of declared entity classes have a
   * subject type.
   */
  private detect(value: unknown): string {
    const type = this.subjectTypeOf(value);
    if (type !== null) return type;
    throw new BulwarkError(
      'ERR_POLICY_INVALID',
      'An object was checked without a subject type; tag it with subject("Type", value).',
    );
  }

  private buildRules(apply: (builder: RuleBuilder) => void): RawRuleOf<AppAbility>[] {
    const builder = new AbilityBuilder<AppAbility>(createMongoAbility);
    apply(builder);
    return builder.rules;
  }
}

function entityIndex(
  subjects: Readonly<Record<string, SubjectDeclaration>>,
): Map<Function, string> {
  const index = new Map<Function, string>();
  for (const [name, declaration] of Object.entries(subjects)) {
    if (declaration.entity === undefined) continue;
    const taken = index.get(declaration.entity);
    if (taken !== undefined) {
      throw new BulwarkError(
        'ERR_CONFIG_INVALID',
        `Subjects "${taken}" and "${name}" declare the same entity class.`,
      );
    }
    index.set(declaration.entity, name);
  }
  return index;
}

/**
 * Defines the app's permissions once, per role and per scope, with CASL.
 *
 * @param definition - Subjects, role rules, scope rules and named checks.
 * @returns The compiled {@link Permissions}.
 * @throws BulwarkError `ERR_CONFIG_INVALID` when a rule names an undeclared subject, or a field
 *   (in a field list or a condition) that a subject with declared fields does not have, or when
 *   two subjects declare the same entity class.
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
