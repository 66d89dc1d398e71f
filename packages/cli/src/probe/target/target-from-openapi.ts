import type {
  JsonSchema,
  ProbeMethod,
  ProbeTarget,
  TargetAuthorization,
  TargetBodyLimits,
  TargetParameter,
  TargetRateLimit,
  TargetRoute,
  TargetScheme,
} from './probe-target';
import { WRITE_METHODS } from './probe-target';
import { pointer, resolveSchema } from './schema-tools';

type Json = Record<string, unknown>;

const METHODS: readonly ProbeMethod[] = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
];

/**
 * Reads an OpenAPI 3.x document into the probe's model of the app. Bulwark's `x-bulwark-…`
 * members (authorization, rate limits, body limits) make the policy-driven checks possible; a
 * document without them still gives routes, schemes and schemas, and the checks that need a
 * policy are then skipped with a reason.
 *
 * @param document - The parsed document.
 * @returns The target.
 * @throws Error when the value is not an OpenAPI document with `paths`.
 */
export function targetFromOpenApi(document: unknown): ProbeTarget {
  const doc = asObject(document);
  if (doc === null || typeof doc['openapi'] !== 'string' || asObject(doc['paths']) === null) {
    throw new Error('not an OpenAPI 3 document: "openapi" and "paths" are required.');
  }
  const schemes = schemesOf(doc);
  const routes: TargetRoute[] = [];
  let hasPolicies = false;
  for (const [path, rawItem] of Object.entries(asObject(doc['paths']) ?? {})) {
    const item = asObject(rawItem) ?? {};
    const shared = Array.isArray(item['parameters']) ? item['parameters'] : [];
    for (const method of METHODS) {
      const operation = asObject(item[method.toLowerCase()]);
      if (operation === null) continue;
      hasPolicies ||= typeof operation['x-bulwark-policy'] === 'string';
      routes.push(routeOf(doc, path, method, operation, shared));
    }
  }
  const info = asObject(doc['info']);
  return Object.freeze({
    title: typeof info?.['title'] === 'string' ? info['title'] : 'API',
    routes: Object.freeze(routes),
    schemes: Object.freeze(schemes),
    bodyLimits: bodyLimitsOf(doc['x-bulwark-body-limits']),
    hasPolicies,
  });
}

function routeOf(
  doc: Json,
  path: string,
  method: ProbeMethod,
  operation: Json,
  shared: readonly unknown[],
): TargetRoute {
  const requirements = (operation['security'] ?? doc['security'] ?? []) as unknown[];
  const names = requirements.flatMap((r) => Object.keys(asObject(r) ?? {}));
  const isPublic = requirements.length === 0 || requirements.some((r) => isEmptyObject(r));
  const id =
    typeof operation['x-bulwark-policy'] === 'string'
      ? operation['x-bulwark-policy']
      : typeof operation['operationId'] === 'string'
        ? operation['operationId']
        : `${method} ${path}`;
  const { body, examples } = bodyOf(doc, operation);
  return Object.freeze({
    id,
    method,
    path,
    isPublic,
    isMutating: WRITE_METHODS.has(method),
    schemes: Object.freeze(isPublic ? [] : [...new Set(names)]),
    authorization: isPublic ? null : authorizationOf(operation['x-bulwark-authorization']),
    rateLimits: rateLimitsOf(operation['x-bulwark-rate-limits']),
    parameters: Object.freeze(parametersOf(doc, [...shared, ...asArray(operation['parameters'])])),
    body,
    examples: Object.freeze(examples),
  });
}

function parametersOf(doc: Json, raw: readonly unknown[]): TargetParameter[] {
  const byKey = new Map<string, TargetParameter>();
  for (const entry of raw) {
    let parameter = asObject(entry);
    if (typeof parameter?.['$ref'] === 'string')
      parameter = asObject(pointer(doc, parameter['$ref']));
    const location = parameter?.['in'];
    const name = parameter?.['name'];
    if (typeof name !== 'string') continue;
    if (location !== 'path' && location !== 'query' && location !== 'header') continue;
    byKey.set(`${location}:${name}`, {
      name,
      location,
      required: parameter?.['required'] === true || location === 'path',
      schema: resolveSchema(parameter?.['schema'], doc),
    });
  }
  return [...byKey.values()];
}

function bodyOf(doc: Json, operation: Json): { body: JsonSchema | null; examples: unknown[] } {
  let requestBody = asObject(operation['requestBody']);
  if (typeof requestBody?.['$ref'] === 'string') {
    requestBody = asObject(pointer(doc, requestBody['$ref']));
  }
  const content = asObject(requestBody?.['content']) ?? {};
  const type = Object.keys(content).find((t) => /^application\/([\w.+-]+\+)?json$/i.test(t));
  const media = type === undefined ? null : asObject(content[type]);
  if (media === null) return { body: null, examples: [] };
  const examples: unknown[] = [];
  if (media['example'] !== undefined) examples.push(media['example']);
  for (const example of Object.values(asObject(media['examples']) ?? {})) {
    const value = asObject(example)?.['value'];
    if (value !== undefined) examples.push(value);
  }
  return { body: resolveSchema(media['schema'], doc), examples };
}

function authorizationOf(raw: unknown): TargetAuthorization | null {
  const value = asObject(raw);
  if (value === null) return null;
  const deniedStatus = value['deniedStatus'] === 404 ? 404 : 403;
  return Object.freeze({
    action: typeof value['action'] === 'string' ? value['action'] : null,
    subject: typeof value['subject'] === 'string' ? value['subject'] : null,
    roles: Object.freeze(strings(value['roles'])),
    scopes: Object.freeze(strings(value['scopes'])),
    loadsInstance: value['loadsInstance'] === true,
    isList: value['isList'] === true,
    deniedStatus,
    isDenyAll: value['isDenyAll'] === true,
    grants: Object.freeze({ ...(asObject(value['grants']) as TargetAuthorization['grants']) }),
  });
}

function rateLimitsOf(raw: unknown): readonly TargetRateLimit[] | null {
  if (!Array.isArray(raw)) return null;
  return Object.freeze(
    raw.map((entry) => {
      const limit = asObject(entry) ?? {};
      return Object.freeze({
        name: String(limit['name'] ?? 'unnamed'),
        limit: Number(limit['limit'] ?? 0),
        windowSeconds: Number(limit['windowSeconds'] ?? 0),
        algorithm: String(limit['algorithm'] ?? 'fixed-window'),
        key: String(limit['key'] ?? 'custom'),
        cost: Number(limit['cost'] ?? 1),
        scope: limit['scope'] === 'app' ? 'app' : 'route',
      } satisfies TargetRateLimit);
    }),
  );
}

function schemesOf(doc: Json): TargetScheme[] {
  const declared = asObject(asObject(doc['components'])?.['securitySchemes']) ?? {};
  return Object.entries(declared).map(([name, raw]) => {
    const scheme = asObject(raw) ?? {};
    const type = scheme['type'];
    const httpScheme = String(scheme['scheme'] ?? '').toLowerCase();
    if (type === 'apiKey') {
      const where = scheme['in'];
      return {
        name,
        kind: 'api-key',
        in: where === 'query' || where === 'cookie' ? where : 'header',
        parameterName: String(scheme['name'] ?? 'X-API-Key'),
      };
    }
    if (
      type === 'oauth2' ||
      type === 'openIdConnect' ||
      (type === 'http' && httpScheme === 'bearer')
    ) {
      return { name, kind: 'bearer' };
    }
    return { name, kind: type === 'http' && httpScheme === 'basic' ? 'basic' : 'other' };
  });
}

function bodyLimitsOf(raw: unknown): TargetBodyLimits | null {
  const limits = asObject(raw);
  if (limits === null) return null;
  const maxBytes = bytes(limits['maxBytes']);
  if (maxBytes === null) return null;
  return Object.freeze({
    maxBytes,
    maxDepth: Number(limits['maxDepth'] ?? 20),
    maxArrayLength: Number(limits['maxArrayLength'] ?? 1000),
    maxStringLength: Number(limits['maxStringLength'] ?? 10_000),
  });
}

/** `102400`, `'100kb'` or `'1mb'` in bytes. */
function bytes(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string') return null;
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(value.trim());
  if (match === null) return null;
  const unit = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[
    (match[2] ?? 'b').toLowerCase() as 'b'
  ];
  return Math.floor(Number(match[1]) * unit);
}

function asObject(value: unknown): Json | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : null;
}

function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function isEmptyObject(value: unknown): boolean {
  const object = asObject(value);
  return object !== null && Object.keys(object).length === 0;
}
