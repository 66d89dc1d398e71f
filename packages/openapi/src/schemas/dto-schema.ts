import 'reflect-metadata';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { validationMetadataArrayToSchemas } from 'class-validator-jsonschema';
import type { SchemaObject } from '../document/openapi-types';
import { transformerStorage } from '../internal/transformer-storage';
import { lengthBoundsOf } from './regex-bounds';
import { finishObjectSchema } from './schema-finishing';

/** Gives the `$ref` of a nested DTO, registering it as a component on first use. */
export type NestedRef = (dto: Function) => string;

type Converter = (meta: ValidationMetadata) => SchemaObject;

/**
 * Turns a DTO class into the JSON Schema of what Bulwark's validator accepts for it, reading the
 * same class-validator metadata with the same groups the runtime validates with.
 *
 * On top of the constraints, the schema says what the validator options enforce: unknown
 * properties are refused (`additionalProperties: false`), `@IsOptional()` properties also accept
 * `null`, properties with a class default are not required and carry that `default`, and an
 * integer bounded by `@Min`/`@Max` gets the `int32` or `int64` format its range fits.
 *
 * @param dto - The DTO class.
 * @param groups - The route's validation groups.
 * @param nestedRef - Resolves nested DTOs (`@ValidateNested` with `@Type`) to component refs.
 * @param isJson - True for a JSON body, where `@IsOptional()` also admits `null`.
 * @returns The object schema.
 */
export function dtoSchema(
  dto: Function,
  groups: readonly string[],
  nestedRef: NestedRef,
  isJson: boolean,
): SchemaObject {
  const metadatas = validationMetadatasOf(dto, groups);
  const schemas = validationMetadataArrayToSchemas(metadatas, {
    refPointerPrefix: '#/components/schemas/',
    classTransformerMetadataStorage: transformerStorage,
    additionalConverters: converters(nestedRef),
  }) as Record<string, SchemaObject>;
  const schema = schemaOfClass(schemas, dto) ?? { type: 'object', properties: {} };
  // In a query string, path or header there is no null, only absence.
  const optional = new Set(
    (isJson ? metadatas : [])
      .filter((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION && m.name === 'isOptional')
      .map((m) => m.propertyName),
  );
  return finishObjectSchema(schema, { optional, defaults: defaultsOf(dto) });
}

/** The metadata the runtime validator uses: same groups, `strictGroups` when groups are given. */
function validationMetadatasOf(dto: Function, groups: readonly string[]): ValidationMetadata[] {
  const storage = getMetadataStorage();
  const hasGroups = groups.length > 0;
  const metadatas = storage.getTargetValidationMetadatas(
    dto,
    '',
    false,
    hasGroups,
    hasGroups ? [...groups] : undefined,
  );
  return metadatas.map((meta) => {
    if (meta.constraintCls === undefined) return { ...meta } as ValidationMetadata;
    const constraint = storage.getTargetValidatorConstraints(meta.constraintCls)[0];
    return { ...meta, type: constraint?.name ?? meta.type } as ValidationMetadata;
  });
}

function schemaOfClass(schemas: Record<string, SchemaObject>, dto: Function): SchemaObject | null {
  for (
    let current: unknown = dto;
    typeof current === 'function' && current !== Function.prototype;
  ) {
    const name = (current as Function).name;
    if (name !== '' && Object.hasOwn(schemas, name)) return schemas[name] as SchemaObject;
    current = Object.getPrototypeOf(current);
  }
  return null;
}

function converters(nestedRef: NestedRef): Record<string, Converter> {
  return {
    [ValidationTypes.NESTED_VALIDATION]: (meta) => {
      const typeMeta = transformerStorage.findTypeMetadata(
        meta.target as Function,
        meta.propertyName,
      );
      const declared = Reflect.getMetadata(
        'design:type',
        (meta.target as Function).prototype,
        meta.propertyName,
      ) as Function | undefined;
      const nested = typeMeta?.typeFunction() as Function | undefined;
      // Without @Type the runtime refuses the nested value (forbidUnknownValues): say so.
      const item: SchemaObject = nested === undefined ? { not: {} } : { $ref: nestedRef(nested) };
      return declared === Array && meta.each !== true ? { type: 'array', items: item } : item;
    },
    isUuid: () => ({ type: 'string', format: 'uuid', minLength: 36, maxLength: 36 }),
    isInt: () => ({ type: 'integer' }),
    matches: (meta) => {
      const [pattern, modifiers] = meta.constraints as [RegExp | string, string | undefined];
      const regex = typeof pattern === 'string' ? new RegExp(pattern, modifiers) : pattern;
      const bounds = lengthBoundsOf(regex);
      // JSON Schema patterns carry no flags: a flagged pattern is described, not copied.
      return regex.flags === '' || regex.flags === 'u'
        ? { type: 'string', pattern: regex.source, ...bounds }
        : { type: 'string', description: `Matches ${String(regex)}.`, ...bounds };
    },
  };
}

/** The class defaults class-transformer fills in (`exposeDefaultValues`), when they are plain JSON. */
function defaultsOf(dto: Function): Map<string, unknown> {
  const defaults = new Map<string, unknown>();
  let instance: Record<string, unknown>;
  try {
    instance = new (dto as new () => Record<string, unknown>)();
  } catch {
    return defaults;
  }
  for (const [key, value] of Object.entries(instance)) {
    if (value === undefined) continue;
    if (isPlainJson(value)) defaults.set(key, value);
  }
  return defaults;
}

function isPlainJson(value: unknown): boolean {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
    return typeof value !== 'number' || Number.isFinite(value);
  }
  return Array.isArray(value) && value.every(isPlainJson);
}
