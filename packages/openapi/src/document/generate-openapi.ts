import { BulwarkError } from '@bulwark/core';
import { problemSchema, PROBLEM_SCHEMA } from '../schemas/problem-schema';
import { SchemaRegistry } from '../schemas/schema-registry';
import { describeScopes, resolveSchemes } from '../security/security-schemes';
import { buildOperation } from './build-operation';
import {
  checkOpenApiOptions,
  DEFAULT_SERVER,
  type OpenApiOptions,
  type OpenApiSource,
} from './generate-options';
import type { OpenApiDocument, PathItemObject, TagObject } from './openapi-types';
import { toPathTemplate } from './path-template';
import { componentHeaders } from './response-headers';

/**
 * Generates the OpenAPI 3.1 document of a Bulwark app from what it enforces: the compiled route
 * policies, routing-controllers metadata and the DTOs' class-validator constraints.
 *
 * Every route becomes one operation with its security requirements (`[]` when public), its
 * parameters and body as validated (unknown properties refused), its success responses, and
 * exactly the refusals its pipeline can produce (400, 401, 403, 404, 413, 415, 429, 500, 503),
 * each a problem document narrowed to its codes, with the `RateLimit`, `Retry-After` and
 * `WWW-Authenticate` headers it really sends. `x-bulwark-…` members record the policy (CASL
 * action and subject, rate limits, audit) for tools.
 *
 * Limitation: refusals of optional middleware the app adds itself (the suspicious-activity
 * block, `ERR_CLIENT_BLOCKED`) are not in the policies or the settings summary, so they are not
 * listed; reporting such middleware in the settings would let the generator add them.
 *
 * @param source - The app: `useBulwark`'s return value (policies and settings).
 * @param options - Title, version, servers, permissions and scheme describers.
 * @returns The document, a plain JSON-serializable object.
 * @throws BulwarkError `ERR_CONFIG_INVALID` when the options are invalid.
 * @throws BulwarkError `ERR_OPENAPI_INVALID` when the app cannot be described exactly: a scheme
 *   no describer knows, an example the route refuses, a path OpenAPI cannot express.
 * @example
 * ```ts
 * const bulwark = useBulwark(app, options);
 * const document = generateOpenApi(bulwark, {
 *   info: { title: 'Notes API', version: '1.0.0' },
 *   permissions,
 * });
 * ```
 */
export function generateOpenApi(source: OpenApiSource, options: OpenApiOptions): OpenApiDocument {
  checkOpenApiOptions(options);
  const { policies, settings } = source;
  const problems: string[] = [];
  const schemes = resolveSchemes(
    {
      challenges: settings.challenges,
      scopes: describeScopes(options.permissions, policies),
      configured: options.securitySchemes ?? {},
      byAuthScheme: options.describers ?? {},
    },
    problems,
  );
  const registry = new SchemaRegistry(settings.body);
  const headers = componentHeaders({
    policies,
    challenges: settings.challenges,
    cors: settings.cors,
  });
  const context = {
    registry,
    schemes,
    headers,
    challenges: settings.challenges,
    isAuditFailClosed: settings.isAuditEnabled && settings.onAuditFailure === 'fail',
    settings,
    problems,
  };

  const paths: Record<string, PathItemObject> = {};
  for (const policy of policies) {
    const path = toPathTemplate(policy.path);
    if ('problem' in path) {
      problems.push(`${policy.id}: ${path.problem}`);
      continue;
    }
    const item = (paths[path.template] ??= {});
    const method = policy.method.toLowerCase() as keyof PathItemObject;
    if (item[method] !== undefined) {
      problems.push(`${policy.id}: ${policy.method} ${path.template} is routed twice.`);
      continue;
    }
    item[method] = buildOperation(policy, path, context);
  }
  if (problems.length > 0) {
    throw new BulwarkError(
      'ERR_OPENAPI_INVALID',
      `The OpenAPI document cannot describe the app:\n- ${problems.join('\n- ')}`,
      { details: { problems } },
    );
  }

  return {
    openapi: '3.1.0',
    info: { ...options.info },
    servers: (options.servers ?? [DEFAULT_SERVER]).map((server) => ({ ...server })),
    tags: tagsOf(paths, options.tags ?? []),
    paths,
    components: {
      schemas: { [PROBLEM_SCHEMA]: problemSchema(settings), ...registry.components() },
      headers,
      securitySchemes: schemes.components,
    },
    'x-bulwark-body-limits': { ...settings.body },
  };
}

function tagsOf(
  paths: Record<string, PathItemObject>,
  declared: readonly TagObject[],
): TagObject[] {
  const tags = declared.map((tag) => ({ ...tag }));
  for (const item of Object.values(paths)) {
    for (const operation of Object.values(item)) {
      for (const name of operation?.tags ?? []) {
        if (!tags.some((tag) => tag.name === name)) tags.push({ name });
      }
    }
  }
  return tags;
}
