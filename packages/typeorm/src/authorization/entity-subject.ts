import { BulwarkError, type SubjectDeclaration } from '@bulwark/core';
import { getMetadataArgsStorage } from 'typeorm';

/**
 * Declares a permission subject from a TypeORM entity class: the class itself (so its instances
 * carry the subject type by class identity) and its field names, read from the column, relation
 * and embedded decorators of the class and its ancestors. No data source is needed, so the
 * permission model can be defined at module load.
 *
 * The fields let `definePermissions` refuse a field rule or a condition that names a field the
 * entity lacks, let start-up refuse a write DTO with a property the entity lacks, and bound what a
 * filtered response may contain.
 *
 * @param entity - The entity class.
 * @param extraFields - Fields the entity's decorators do not declare but responses carry, such as
 *   a computed property.
 * @returns A subject declaration for `definePermissions({ subjects: { Note: entitySubject(Note) } })`.
 * @throws BulwarkError `ERR_CONFIG_INVALID` when the class declares no column: it is not an entity.
 * @example
 * ```ts
 * export const permissions = definePermissions({
 *   subjects: { Note: entitySubject(Note), User: entitySubject(User) },
 *   roles: { viewer: ({ can }) => can('read', 'Note', { isPublished: true }) },
 * });
 * ```
 */
export function entitySubject(
  entity: Function,
  extraFields: readonly string[] = [],
): SubjectDeclaration {
  const lineage = inheritance(entity);
  const storage = getMetadataArgsStorage();
  const columns = storage.filterColumns(lineage).map((column) => column.propertyName);
  if (columns.length === 0) {
    throw new BulwarkError(
      'ERR_CONFIG_INVALID',
      `${entity.name} declares no TypeORM column; pass an entity class to entitySubject().`,
    );
  }
  const fields = new Set([
    ...columns,
    ...storage.filterRelations(lineage).map((relation) => relation.propertyName),
    ...storage.filterEmbeddeds(lineage).map((embedded) => embedded.propertyName),
    ...extraFields,
  ]);
  return Object.freeze({ entity, fields: Object.freeze([...fields]) });
}

function inheritance(entity: Function): Function[] {
  const lineage: Function[] = [];
  for (let current: unknown = entity; typeof current === 'function';) {
    if (current === Function.prototype) break;
    lineage.push(current as Function);
    current = Object.getPrototypeOf(current);
  }
  return lineage;
}
