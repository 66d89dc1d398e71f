import { maxHeaderSize } from 'node:http';
import type { SchemaObject } from '../document/openapi-types';

/** What the validator options add to a DTO's constraints. */
export interface ObjectFacts {
  /** Properties with `@IsOptional()`: they accept `null` as well as absence. */
  readonly optional: ReadonlySet<string>;
  /** Class defaults class-transformer fills in when the property is absent. */
  readonly defaults: ReadonlyMap<string, unknown>;
}

/** Limits the JSON body reader enforces on every string and array of a payload. */
export interface PayloadBounds {
  readonly maxStringLength: number;
  readonly maxArrayLength: number;
}

/**
 * The longest value a path, query or header parameter can have: the request line and headers
 * together never exceed the HTTP server's header size limit (Node's `http.maxHeaderSize`).
 */
export const PARAMETER_MAX_LENGTH = maxHeaderSize;

const INT32 = 2 ** 31;
const INT64 = 2 ** 63;
const CHILD_KEYS = ['items', 'anyOf', 'allOf', 'oneOf', 'not'] as const;

/**
 * Completes a DTO's object schema with what Bulwark's validator options enforce: no unknown
 * properties, `null` for optional ones, defaults (which also make a property not required), and
 * integer formats that follow from declared bounds.
 *
 * @param schema - The object schema converted from class-validator metadata; changed in place.
 * @param facts - Optional properties and class defaults.
 * @returns The completed schema.
 */
export function finishObjectSchema(schema: SchemaObject, facts: ObjectFacts): SchemaObject {
  const properties = (schema.properties ?? {}) as Record<string, SchemaObject>;
  for (const [name, property] of Object.entries(properties)) {
    visit(property, addIntegerFormat);
    let finished = facts.optional.has(name) ? nullable(property) : property;
    if (facts.defaults.has(name)) finished = { ...finished, default: facts.defaults.get(name) };
    properties[name] = finished;
  }
  const required = ((schema.required ?? []) as string[]).filter((n) => !facts.defaults.has(n));
  const finished: SchemaObject = { ...schema, type: 'object', properties };
  if (required.length > 0) finished.required = required;
  else delete finished.required;
  finished.additionalProperties = false;
  return finished;
}

/**
 * Caps every string and array of a body schema at the payload limits the body reader enforces
 * before validation (a declared bound that is looser is lowered to the enforced one). Nested
 * component references are left alone: they are capped where they are defined.
 *
 * @param schema - A body schema; changed in place.
 * @param bounds - The app's payload limits.
 * @returns The same schema.
 */
export function capToPayloadBounds(schema: SchemaObject, bounds: PayloadBounds): SchemaObject {
  visit(schema, (node) => {
    capString(node, bounds.maxStringLength);
    if (hasType(node, 'array')) {
      node.maxItems = Math.min(numberOr(node.maxItems, Infinity), bounds.maxArrayLength);
    }
  });
  return schema;
}

/** What bounds the values of one parameter location. */
export interface ParameterBounds {
  readonly maxLength: number;
  /** The most values a repeated parameter can carry, where the location bounds it. */
  readonly maxItems?: number;
}

/**
 * Caps every string (and, where given, every list) of a parameter schema at the location's
 * bounds: for the query, the payload string limit and the parameter count the query check
 * enforces; for the path and headers, {@link PARAMETER_MAX_LENGTH}.
 *
 * @param schema - A parameter schema; changed in place.
 * @param bounds - The location's bounds.
 * @returns The same schema.
 */
export function capToParameterBound(schema: SchemaObject, bounds: ParameterBounds): SchemaObject {
  visit(schema, (node) => {
    capString(node, bounds.maxLength);
    if (bounds.maxItems !== undefined && hasType(node, 'array')) {
      node.maxItems = Math.min(numberOr(node.maxItems, Infinity), bounds.maxItems);
    }
  });
  return schema;
}

function capString(node: SchemaObject, bound: number): void {
  if (hasType(node, 'string') && node.enum === undefined && node.const === undefined) {
    node.maxLength = Math.min(numberOr(node.maxLength, Infinity), bound);
  }
}

/**
 * Walks a schema tree (properties, items and combinators), calling `visitor` on each node.
 *
 * @param node - The root.
 * @param visitor - Called once per node, parents first.
 */
export function visit(node: SchemaObject, visitor: (node: SchemaObject) => void): void {
  visitor(node);
  for (const child of Object.values((node.properties ?? {}) as Record<string, SchemaObject>)) {
    visit(child, visitor);
  }
  for (const key of CHILD_KEYS) {
    const value = node[key];
    if (Array.isArray(value)) value.forEach((child) => visit(child as SchemaObject, visitor));
    else if (typeof value === 'object' && value !== null) visit(value as SchemaObject, visitor);
  }
}

/**
 * Tells whether a schema node has a JSON type, in either the single or the list form.
 *
 * @param node - The node.
 * @param type - A JSON Schema type name.
 * @returns `true` when the node allows that type.
 */
export function hasType(node: SchemaObject, type: string): boolean {
  return node.type === type || (Array.isArray(node.type) && node.type.includes(type));
}

function nullable(schema: SchemaObject): SchemaObject {
  if (schema.const !== undefined || schema.$ref !== undefined || schema.type === undefined) {
    return { anyOf: [schema, { type: 'null' }] };
  }
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
  const result: SchemaObject = { ...schema, type: [...new Set([...types, 'null'])] };
  if (Array.isArray(schema.enum)) result.enum = [...new Set([...schema.enum, null])];
  return result;
}

function addIntegerFormat(node: SchemaObject): void {
  if (!hasType(node, 'integer') || node.format !== undefined) return;
  const low = numberOr(node.minimum ?? node.exclusiveMinimum, -Infinity);
  const high = numberOr(node.maximum ?? node.exclusiveMaximum, Infinity);
  if (low >= -INT32 && high < INT32) node.format = 'int32';
  else if (low >= -INT64 && high < INT64) node.format = 'int64';
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}
