import 'reflect-metadata';
import type { RoutePolicy } from '@bulwark/core';
import { getMetadataArgsStorage } from 'routing-controllers';
import type { SchemaRegistry } from '../schemas/schema-registry';
import { hasType, PARAMETER_MAX_LENGTH, type ParameterBounds } from '../schemas/schema-finishing';
import type { ParameterObject, SchemaObject } from './openapi-types';
import type { PathTemplate } from './path-template';

/** The parameters of one operation and what they imply for its refusals. */
export interface OperationParameters {
  readonly parameters: ParameterObject[];
  /** True when routing-controllers itself refuses a malformed or missing single parameter. */
  readonly hasFrameworkChecks: boolean;
}

/** Headers OpenAPI describes elsewhere (content negotiation, security schemes). */
const RESERVED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

interface SingleParameter {
  readonly type: string;
  readonly name?: string;
  readonly required: boolean;
  readonly declared: Function | undefined;
}

/**
 * Lists an operation's path, query and header parameters. A location validated by a DTO is
 * documented from the DTO, property by property; the path and headers of a route without one
 * are documented from its single `@Param()` and `@HeaderParam()` parameters. The query is
 * documented from the query DTO only: without one, Bulwark's query check hands the handler no
 * parameter at all (refusing them, or ignoring them, as the app is configured).
 *
 * @param policy - The route's policy.
 * @param path - Its path template.
 * @param registry - The schema registry, for nested DTOs.
 * @param queryBounds - What the query check bounds values by.
 * @returns The parameters, path ones first.
 */
export function parametersOf(
  policy: RoutePolicy,
  path: PathTemplate,
  registry: SchemaRegistry,
  queryBounds: ParameterBounds,
): OperationParameters {
  const { validation } = policy;
  const singles = singleParameters(policy);
  const headerBounds = { maxLength: PARAMETER_MAX_LENGTH };
  const dtoProperties = (dto: Function | null, bounds: ParameterBounds): DtoProperties | null =>
    dto === null ? null : propertiesOf(registry.parameters(dto, validation.groups, bounds));

  const pathDto = dtoProperties(validation.params, headerBounds);
  const parameters: ParameterObject[] = path.parameters.map(({ name, pattern }) => {
    const fromDto = pathDto?.properties[name];
    const single = singles.find((p) => p.type === 'param' && p.name === name);
    const schema = fromDto ?? scalarSchema(single?.declared);
    return {
      name,
      in: 'path',
      required: true,
      schema: pattern === undefined ? schema : { ...schema, pattern },
    };
  });

  const query = dtoProperties(validation.query, queryBounds);
  if (query !== null) parameters.push(...fromProperties(query, 'query'));
  const headers = dtoProperties(validation.headers, headerBounds);
  if (headers !== null) parameters.push(...fromProperties(headers, 'header'));
  else parameters.push(...fromSingles(singles));

  // A matched route always has its path parameters; a missing query or header one, or a value
  // that does not convert to the declared type, is refused by routing-controllers with 400.
  const hasFrameworkChecks = singles.some(
    (p) =>
      (p.required && p.type !== 'param') ||
      (p.declared !== undefined && p.declared !== String && p.declared !== Object),
  );
  return { parameters: parameters.filter((p) => !isReserved(p)), hasFrameworkChecks };
}

interface DtoProperties {
  readonly properties: Record<string, SchemaObject>;
  readonly required: readonly string[];
}

function propertiesOf(schema: SchemaObject): DtoProperties {
  return {
    properties: (schema.properties ?? {}) as Record<string, SchemaObject>,
    required: (schema.required ?? []) as string[],
  };
}

function fromProperties(dto: DtoProperties, location: 'query' | 'header'): ParameterObject[] {
  return Object.entries(dto.properties).map(([name, schema]) => ({
    name,
    in: location,
    required: dto.required.includes(name),
    ...(location === 'query' && (hasType(schema, 'object') || schema.$ref !== undefined)
      ? { style: 'deepObject' as const, explode: true }
      : {}),
    schema,
  }));
}

function fromSingles(singles: readonly SingleParameter[]): ParameterObject[] {
  return singles
    .filter((p) => p.type === 'header' && p.name !== undefined)
    .map((p) => ({
      name: p.name as string,
      in: 'header' as const,
      required: p.required,
      schema: scalarSchema(p.declared),
    }));
}

function singleParameters(policy: RoutePolicy): SingleParameter[] {
  const declaredTypes = (Reflect.getMetadata(
    'design:paramtypes',
    policy.controller.prototype as object,
    policy.handler,
  ) ?? []) as Function[];
  return getMetadataArgsStorage()
    .filterParamsWithTargetAndMethod(policy.controller, policy.handler)
    .filter((p) => p.type === 'param' || p.type === 'query' || p.type === 'header')
    .map((p) => ({
      type: p.type,
      ...(p.name === undefined ? {} : { name: p.name }),
      required: p.required === true,
      declared: (p.explicitType as Function | undefined) ?? declaredTypes[p.index],
    }));
}

function scalarSchema(declared: Function | undefined): SchemaObject {
  if (declared === Number) return { type: 'number' };
  if (declared === Boolean) return { type: 'boolean' };
  return { type: 'string', maxLength: PARAMETER_MAX_LENGTH };
}

function isReserved(parameter: ParameterObject): boolean {
  return parameter.in === 'header' && RESERVED_HEADERS.has(parameter.name.toLowerCase());
}
