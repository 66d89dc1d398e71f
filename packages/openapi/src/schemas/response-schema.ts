import 'reflect-metadata';
import type { SchemaObject } from '../document/openapi-types';
import { transformerStorage } from '../internal/transformer-storage';
import type { NestedRef } from './dto-schema';

const SCALARS = new Map<Function, SchemaObject>([
  [String, { type: 'string' }],
  [Number, { type: 'number' }],
  [Boolean, { type: 'boolean' }],
  [Date, { type: 'string', format: 'date-time' }],
]);

/**
 * The schema of what a response DTO lets out. Bulwark shapes results through the DTO with
 * `excludeExtraneousValues`, so exactly the `@Expose()`d properties (for the route's groups, and
 * not `@Exclude()`d) can appear, and nothing else (`additionalProperties: false`).
 *
 * Types come from `@Type()` or, for scalars, the TypeScript design type. A nested object without
 * `@Type()` passes through unshaped, and a property whose type cannot be read is documented
 * without a type rather than guessed.
 *
 * @param dto - The response DTO class.
 * @param groups - The route's groups.
 * @param nestedRef - Resolves nested response DTOs to component refs.
 * @returns The object schema.
 */
export function responseSchema(
  dto: Function,
  groups: readonly string[],
  nestedRef: NestedRef,
): SchemaObject {
  const properties: Record<string, SchemaObject> = {};
  for (const expose of transformerStorage.getExposedMetadatas(dto)) {
    const key = expose.propertyName;
    if (key === undefined || transformerStorage.findExcludeMetadata(dto, key) !== undefined) {
      continue;
    }
    const exposedGroups = expose.options?.groups ?? [];
    const isInGroups =
      groups.length > 0
        ? exposedGroups.length === 0 || exposedGroups.some((g) => groups.includes(g))
        : exposedGroups.length === 0;
    if (!isInGroups) continue;
    properties[expose.options?.name ?? key] = propertySchema(dto, key, nestedRef);
  }
  return { type: 'object', properties, additionalProperties: false };
}

function propertySchema(dto: Function, key: string, nestedRef: NestedRef): SchemaObject {
  const declared = Reflect.getMetadata('design:type', dto.prototype as object, key) as
    Function | undefined;
  const typed = transformerStorage.findTypeMetadata(dto, key)?.typeFunction() as
    Function | undefined;
  if (declared === Array) {
    return { type: 'array', items: typed === undefined ? {} : typeSchema(typed, nestedRef) };
  }
  if (typed !== undefined) return typeSchema(typed, nestedRef);
  // Without @Type, class-transformer passes a nested object through unfiltered: no claim.
  const scalar = declared === undefined ? undefined : SCALARS.get(declared);
  return scalar === undefined ? {} : { ...scalar };
}

function typeSchema(type: Function, nestedRef: NestedRef): SchemaObject {
  const scalar = SCALARS.get(type);
  if (scalar !== undefined) return { ...scalar };
  return transformerStorage.getExposedMetadatas(type).length > 0 ? { $ref: nestedRef(type) } : {};
}
