import type { AnyAbility } from '@casl/ability';
import type { EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { conditionToSql } from './condition-sql';
import { fieldResolver } from './field-resolver';
import { permittedCondition, untranslatable } from './permitted-condition';
import { dialectOf } from './sql-dialect';

/** The rows of one entity a principal may act on, ready to narrow a query. */
export interface AccessibleQuery<T extends ObjectLiteral> {
  /**
   * Narrows a query to the permitted rows: adds one `LEFT JOIN` per to-one relation the rules
   * read and `AND (<permitted>)` to the query's conditions (bracketed as a whole, so an `OR`
   * among them stays inside), every value bound as a parameter. Ordering, `offset`/`limit` and
   * `skip`/`take` keep working, since no row is duplicated.
   *
   * Security: call it after the query's own `where`/`andWhere`/`orWhere`: a later `where()`
   * replaces every condition, the rules' included, and a later `orWhere()` adds rows beside
   * them. Ordering, paging and selecting may follow.
   *
   * @param query - A select query builder over the entity, such as
   *   `repository.createQueryBuilder('note')`.
   * @returns The same query builder.
   * @throws BulwarkError `ERR_POLICY_INVALID` when the rules cannot be translated exactly (an
   *   operator such as `$regex` or `$elemMatch`, a path through a to-many relation, a value of
   *   the wrong type, a column type or database whose comparisons differ from JavaScript's), or
   *   when the query is not over the entity. Nothing is added to the query then.
   */
  applyTo<Q extends SelectQueryBuilder<T>>(query: Q): Q;
}

/** The first step of {@link accessibleBy}: choose the entity. */
export interface AccessibleBy {
  /**
   * @param entity - The entity class (or name) the query selects.
   * @param subjectType - The CASL subject type of its rows. @defaultValue the entity's name in
   *   TypeORM's metadata (its class name)
   */
  ofType<T extends ObjectLiteral>(
    entity: EntityTarget<T>,
    subjectType?: string,
  ): AccessibleQuery<T>;
}

let applications = 0;

/**
 * Turns a principal's CASL rules into a TypeORM query condition, so a list returns exactly the
 * rows `ability.can(action, row)` allows: every `can` rule (OR), every `cannot` rule above it
 * (AND NOT), with `$eq`, `$ne`, `$in`, `$nin`, `$lt`, `$lte`, `$gt`, `$gte`, `$exists`, several
 * fields and operators per condition (AND), and dot paths into to-one relations. The result is
 * exact, not an approximation: NULL columns and absent relations are answered as CASL answers
 * them, and a `can` declared after a `cannot` overrides it as in CASL.
 *
 * Security: a rule set that cannot be translated exactly raises an error instead of returning
 * more rows than the rules allow; values are always bound parameters, never SQL text. Rules on
 * relation paths assume the relation exists in the database as CASL would see it loaded; the
 * same holds for `ability.can` on an instance, which needs the relation loaded to judge it.
 *
 * Limitation: SQLite and PostgreSQL only, because MySQL, MariaDB and SQL Server compare text
 * case-insensitively under their default collations, which would permit rows CASL refuses; on
 * other databases the translation refuses to run. Adding a dialect whose text comparison is
 * binary removes the limitation.
 *
 * @param ability - The principal's ability, such as `@CurrentAbility()`.
 * @param action - The action the rows must permit. @defaultValue 'read'
 * @returns A builder: `.ofType(Entity).applyTo(query)`.
 * @example
 * ```ts
 * const query = notes.createQueryBuilder('note').orderBy('note.createdAt', 'DESC');
 * accessibleBy(ability, 'read').ofType(Note).applyTo(query);
 * return query.offset(offset).limit(limit).getMany();
 * ```
 */
export function accessibleBy(ability: AnyAbility, action = 'read'): AccessibleBy {
  return {
    ofType: <T extends ObjectLiteral>(entity: EntityTarget<T>, subjectType?: string) => ({
      applyTo: <Q extends SelectQueryBuilder<T>>(query: Q): Q =>
        narrow(ability, action, entity, subjectType, query),
    }),
  };
}

function narrow<T extends ObjectLiteral, Q extends SelectQueryBuilder<T>>(
  ability: AnyAbility,
  action: string,
  entity: EntityTarget<T>,
  explicitType: string | undefined,
  query: Q,
): Q {
  const main = query.expressionMap.mainAlias;
  const subjectType =
    explicitType ?? (main?.hasMetadata ? main.metadata.targetName : String(entity));
  const fail = (problem: string): never => {
    throw untranslatable(subjectType, action, problem);
  };
  if (main === undefined || !main.hasMetadata) return fail('the query selects no entity');
  const metadata = main.metadata;
  if (metadata.target !== entity && metadata.name !== entity) {
    return fail(`the query selects ${metadata.name}, not the entity given to ofType()`);
  }
  const driver = query.connection.driver;
  const dialect = dialectOf(String(driver.options.type));
  if (dialect === null)
    return fail(`the database type "${String(driver.options.type)}" is not supported`);

  const prefix = `casl_${(applications += 1)}_`;
  const parameters: Record<string, unknown> = {};
  const resolver = fieldResolver(query, metadata, main.name);
  const sql = conditionToSql(permittedCondition(ability, action, subjectType), {
    dialect,
    resolver,
    fail,
    prepare: (value, column) => driver.preparePersistentValue(value, column),
    bind: (value, isList) => {
      const name = `${prefix}${Object.keys(parameters).length}`;
      parameters[name] = value;
      return isList ? `:...${name}` : `:${name}`;
    },
  });

  resolver.applyJoins();
  // TypeORM writes `A OR B AND C` for an earlier `where('A OR B')` and a later `andWhere(C)`, so
  // the query's own conditions are bracketed first; otherwise their OR would escape the rules.
  const own = query.expressionMap.wheres;
  if (own.length > 0) {
    query.expressionMap.wheres = [
      { type: 'simple', condition: { operator: 'brackets', condition: own } },
    ];
  }
  query.andWhere(sql, parameters);
  return query;
}
