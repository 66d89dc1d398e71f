import type { EntityMetadata, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { valueKindOf, type ComparedColumn } from './sql-dialect';

/** A condition field resolved to a column, and what must hold for its value to exist. */
export interface ResolvedField {
  readonly column: ComparedColumn;
  /**
   * For a path through relations (`owner.role`), SQL that is true when every relation on the
   * path is present; `null` for a column of the entity itself.
   */
  readonly presence: string | null;
}

/** Resolves field paths of one query, planning one join per to-one relation on a path. */
export interface FieldResolver {
  /** The field, or a sentence explaining why it cannot be resolved. */
  resolve(path: string): ResolvedField | string;
  /** Adds the planned joins to the query; called once the whole translation succeeded. */
  applyJoins(): void;
}

/**
 * Builds the resolver of one query: a plain column of the entity (`ownerId`), or a column reached
 * through to-one relations (`owner.role`, `owner.team.name`), each relation joined once with
 * `LEFT JOIN` so that a missing relation leaves the row in place with NULLs, exactly as CASL sees
 * an absent relation (`undefined` at the end of the path).
 *
 * Limitation: paths through to-many relations, embedded columns and relation properties used as
 * values are not resolved: CASL matches arrays element by element and embedded objects by their
 * own presence, which a join cannot reproduce exactly. The resolver answers with the reason, and
 * the translation refuses the rule set rather than approximate it. An explicit foreign-key column
 * (`ownerId`) serves most such rules.
 *
 * @param query - The query builder; joins are added to it by `applyJoins`.
 * @param metadata - The metadata of the query's main entity.
 * @param alias - The query's main alias.
 * @returns The resolver; it returns a string explaining the problem for a path it cannot resolve.
 */
export function fieldResolver<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  metadata: EntityMetadata,
  alias: string,
): FieldResolver {
  const joined = new Map<string, { readonly property: string; readonly alias: string }>();
  const resolve = (path: string): ResolvedField | string => {
    const segments = path.split('.');
    let current = metadata;
    let currentAlias = alias;
    for (let index = 0; index < segments.length - 1; index += 1) {
      const name = segments[index] as string;
      const relation = current.relations.find(
        (r) => r.propertyName === name && !r.embeddedMetadata,
      );
      if (relation === undefined)
        return `"${path}": "${name}" is not a relation of ${current.name}`;
      if (!relation.isManyToOne && !relation.isOneToOne) {
        return `"${path}": "${name}" is a to-many relation`;
      }
      const prefix = segments.slice(0, index + 1).join('.');
      let join = joined.get(prefix);
      if (join === undefined) {
        join = {
          property: `${currentAlias}.${relation.propertyName}`,
          alias: `${alias}_casl_${joined.size}`,
        };
        joined.set(prefix, join);
      }
      current = relation.inverseEntityMetadata;
      currentAlias = join.alias;
    }
    const leaf = segments[segments.length - 1] as string;
    const column = current.columns.find(
      (c) => c.propertyName === leaf && c.embeddedMetadata === undefined && !c.isVirtual,
    );
    if (column === undefined) return `"${path}": "${leaf}" is not a column of ${current.name}`;
    const kind = valueKindOf(column);
    if (kind === null) {
      return `"${path}": the column type ${String(column.type)} (or its transformer or collation) does not compare as in JavaScript`;
    }
    const qualified = `${query.escape(currentAlias)}.${query.escape(column.databaseName)}`;
    const presence =
      currentAlias === alias ? null : primaryKeyPresent(query, current, currentAlias);
    return { column: { qualified, metadata: column, kind }, presence };
  };
  return {
    resolve,
    applyJoins: () => {
      for (const join of joined.values()) query.leftJoin(join.property, join.alias);
    },
  };
}

function primaryKeyPresent<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  metadata: EntityMetadata,
  alias: string,
): string {
  const key = metadata.primaryColumns[0];
  return key === undefined
    ? '1 = 0'
    : `${query.escape(alias)}.${query.escape(key.databaseName)} IS NOT NULL`;
}
