import { randomUUID } from 'node:crypto';
import type {
  OpenApiDocument,
  OperationObject,
  ParameterObject,
  SchemaObject,
} from '@bulwark/openapi';

/** One documented operation, with what a test needs to call it. */
export interface DocumentedOperation {
  readonly method: string;
  /** The OpenAPI path template, such as `/notes/{id}`. */
  readonly template: string;
  readonly operation: OperationObject;
}

/** Every operation of a document. */
export function operationsOf(document: OpenApiDocument): DocumentedOperation[] {
  return Object.entries(document.paths).flatMap(([template, item]) =>
    Object.entries(item).map(([method, operation]) => ({
      method: method.toUpperCase(),
      template,
      operation: operation as OperationObject,
    })),
  );
}

/** The Express pattern of a template: `/notes/{id}` → `/notes/:id`. */
export function expressPath(template: string): string {
  return template.replace(/\{([^}]+)\}/g, ':$1');
}

/**
 * A concrete path for an operation: each path parameter gets `values[name]`, or a fresh UUID
 * when its schema asks for one, or a short word.
 */
export function concretePath(
  operation: DocumentedOperation,
  values: Readonly<Record<string, string>> = {},
): string {
  const parameters = (operation.operation.parameters ?? []) as ParameterObject[];
  return operation.template.replace(/\{([^}]+)\}/g, (_whole, name: string) => {
    if (values[name] !== undefined) return encodeURIComponent(values[name]);
    const schema = parameters.find((p) => p.in === 'path' && p.name === name)?.schema ?? {};
    return schema.format === 'uuid' ? randomUUID() : 'x';
  });
}

/** Follows a `$ref` into `components.schemas`. */
export function resolveSchema(document: OpenApiDocument, schema: SchemaObject): SchemaObject {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const name = ref.replace('#/components/schemas/', '');
  return (document.components.schemas[name] ?? {}) as SchemaObject;
}

/** The body schema and first request example of an operation, when it has both. */
export function bodyOf(
  document: OpenApiDocument,
  operation: OperationObject,
): { schema: SchemaObject; example: Record<string, unknown> } | null {
  const media = operation.requestBody?.content['application/json'];
  const example = Object.values(media?.examples ?? {})[0]?.value;
  if (media?.schema === undefined || typeof example !== 'object' || example === null) return null;
  return {
    schema: resolveSchema(document, media.schema),
    example: example as Record<string, unknown>,
  };
}

/** The codes a documented problem response can carry. */
export function documentedCodes(operation: OperationObject, status: number): string[] {
  const media = operation.responses[String(status)]?.content?.['application/problem+json'];
  const narrowed = (media?.schema?.allOf as SchemaObject[] | undefined)?.[1] as
    { properties: { code: { enum: string[] } } } | undefined;
  return narrowed?.properties.code.enum ?? [];
}

/**
 * Bodies the schema forbids, one per kind of rule, each built from a valid example: an unknown
 * property, a string one character too long, a missing required property, a value of the wrong
 * JSON type.
 */
export function forbiddenBodies(
  schema: SchemaObject,
  example: Record<string, unknown>,
): { readonly rule: string; readonly body: Record<string, unknown> }[] {
  const properties = (schema.properties ?? {}) as Record<string, SchemaObject>;
  const bodies: { rule: string; body: Record<string, unknown> }[] = [
    { rule: 'additionalProperties', body: { ...example, notInTheSchema: true } },
  ];
  const long = Object.entries(properties).find(
    ([, p]) => typeof p.maxLength === 'number' && p.pattern === undefined && p.format === undefined,
  );
  if (long !== undefined) {
    const [name, property] = long;
    bodies.push({
      rule: `${name}.maxLength`,
      body: { ...example, [name]: 'x'.repeat((property.maxLength as number) + 1) },
    });
  }
  const required = ((schema.required ?? []) as string[])[0];
  if (required !== undefined) {
    const body = { ...example };
    delete body[required];
    bodies.push({ rule: `${required} required`, body });
  }
  const [typed, property] = Object.entries(properties)[0] ?? [];
  if (typed !== undefined && property !== undefined) {
    const isString =
      property.type === 'string' ||
      (Array.isArray(property.type) && property.type.includes('string'));
    bodies.push({
      rule: `${typed}.type`,
      body: { ...example, [typed]: isString ? 12345 : 'not-this-type' },
    });
  }
  return bodies;
}
