import 'reflect-metadata';
import {
  BulwarkError,
  type HttpMethod,
  type ParamDescriptor,
  type ParamSource,
  type RouteDescriptor,
} from '@bulwark/core';
import { getMetadataArgsStorage } from 'routing-controllers';

const METHODS: Readonly<Record<string, HttpMethod>> = Object.freeze({
  get: 'GET',
  head: 'HEAD',
  post: 'POST',
  put: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
  options: 'OPTIONS',
});

const SOURCES: Readonly<Record<string, ParamSource>> = Object.freeze({
  body: 'body',
  // A single body property is still unvalidated body input: it needs a body DTO too.
  'body-param': 'body',
  queries: 'query',
  query: 'query',
  params: 'params',
  param: 'param',
  headers: 'headers',
  header: 'header',
});

/**
 * Lists the routes routing-controllers will register for the given controllers, with full paths
 * and parameter types, read once at bootstrap from its metadata and from TypeScript's emitted
 * `design:paramtypes`.
 *
 * @param controllers - Controller classes.
 * @param routePrefix - The app's route prefix.
 * @returns One descriptor per action.
 * @throws BulwarkError `ERR_CONFIG_INVALID` for a class that is not a controller, a RegExp route
 *   or an `@All`/`@Method` route, which cannot be given one policy per HTTP method.
 */
export function discoverRoutes(
  controllers: readonly Function[],
  routePrefix: string,
): RouteDescriptor[] {
  const storage = getMetadataArgsStorage();
  const problems: string[] = [];
  const routes: RouteDescriptor[] = [];
  for (const controller of controllers) {
    const meta = storage.controllers.find((c) => c.target === controller);
    if (meta === undefined) {
      problems.push(`${controller.name} is not decorated with @Controller or @JsonController.`);
      continue;
    }
    for (const action of storage.filterActionsWithTarget(controller)) {
      const method = METHODS[action.type];
      const where = `${controller.name}.${action.method}`;
      if (method === undefined)
        problems.push(
          `${where}: routes for every HTTP method cannot be secured one policy per method.`,
        );
      if (typeof action.route !== 'string' && action.route !== undefined)
        problems.push(`${where}: RegExp routes are not supported.`);
      if (method === undefined || (typeof action.route !== 'string' && action.route !== undefined))
        continue;
      routes.push({
        controller,
        handler: action.method,
        method,
        path: joinPath(routePrefix, meta.route ?? '', action.route ?? ''),
        params: describeParams(controller, action.method),
      });
    }
  }
  if (problems.length > 0) {
    throw new BulwarkError(
      'ERR_CONFIG_INVALID',
      `Invalid controllers:\n- ${problems.join('\n- ')}`,
      { details: { problems } },
    );
  }
  return routes;
}

function describeParams(controller: Function, method: string): ParamDescriptor[] {
  const declared = (Reflect.getMetadata(
    'design:paramtypes',
    controller.prototype as object,
    method,
  ) ?? []) as Function[];
  return getMetadataArgsStorage()
    .filterParamsWithTargetAndMethod(controller, method)
    .map((param) => {
      const type = (param.explicitType as Function | undefined) ?? declared[param.index];
      return {
        source: SOURCES[param.type] ?? 'other',
        ...(param.name === undefined ? {} : { name: param.name }),
        ...(type === undefined ? {} : { type }),
      };
    });
}

function joinPath(...parts: string[]): string {
  // Express matches `/things` and `/things/` alike (non-strict routing), so the policy is named
  // without the trailing slash.
  const joined = parts
    .filter((p) => p.length > 0)
    .join('')
    .replace(/\/{2,}/g, '/')
    .replace(/(.)\/$/, '$1');
  return joined.length === 0 ? '/' : joined;
}
