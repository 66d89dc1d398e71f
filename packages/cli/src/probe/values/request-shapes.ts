import type { ProbeConfig } from '../config/probe-config';
import { routeLabel, type TargetParameter, type TargetRoute } from '../target/probe-target';
import { NO_SAMPLE, sampleObject, sampleOf } from './sample-values';

/**
 * Fills a route's path template. The object id, when given, goes into the last path parameter
 * (the one an object route loads by); every other parameter gets a sampled value. Values are
 * percent-encoded, so an attack string stays inside its path segment.
 *
 * @param route - The route.
 * @param values - Values by parameter name, taking precedence.
 * @param objectId - The id of the object to address.
 * @returns The path, or `null` when a parameter has no value and cannot be sampled.
 */
export function pathOf(
  route: TargetRoute,
  values: Readonly<Record<string, string>> = {},
  objectId?: string,
): string | null {
  const names = [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const last = names[names.length - 1];
  let path = route.path;
  for (const name of names) {
    let value: unknown = values[name] ?? (name === last ? objectId : undefined);
    if (value === undefined) {
      const parameter = route.parameters.find((p) => p.location === 'path' && p.name === name);
      value = sampleOf(parameter?.schema ?? { type: 'string' });
    }
    if (value === NO_SAMPLE) return null;
    path = path.replace(`{${name}}`, encodeURIComponent(String(value)));
  }
  return path;
}

/**
 * Appends query parameters, percent-encoded. A value given as a list repeats the name.
 *
 * @param path - A path without a query string.
 * @param entries - Name and value pairs.
 * @returns The path with its query string.
 */
export function withQuery(path: string, entries: ReadonlyArray<readonly [string, string]>): string {
  if (entries.length === 0) return path;
  const query = entries.map(([n, v]) => `${encodeURIComponent(n)}=${encodeURIComponent(v)}`);
  return `${path}?${query.join('&')}`;
}

/**
 * The query parameters a valid request needs: the required ones, sampled.
 *
 * @param route - The route.
 * @returns Name and value pairs, or `null` when a required parameter cannot be sampled.
 */
export function requiredQuery(route: TargetRoute): Array<[string, string]> | null {
  const entries: Array<[string, string]> = [];
  for (const parameter of queryParameters(route).filter((p) => p.required)) {
    const value = sampleOf(parameter.schema);
    if (value === NO_SAMPLE) return null;
    entries.push([parameter.name, String(value)]);
  }
  return entries;
}

/**
 * The route's query parameters.
 *
 * @param route - The route.
 * @returns Its parameters in the query string.
 */
export function queryParameters(route: TargetRoute): TargetParameter[] {
  return route.parameters.filter((p) => p.location === 'query');
}

/**
 * A body the route should accept: the config's body for the route (by id or `METHOD /path`), else
 * the document's first request example, else one sampled from the schema (required properties
 * only). On a route that changes an existing object the sampled body comes before the example:
 * an example such as `{ "isPublished": true }` would change who may see the object the later
 * checks attack, while the required-only body changes as little as possible.
 *
 * @param route - A route with a body.
 * @param config - The probe config.
 * @returns A JSON object, or `null` when none can be made.
 */
export function baselineBody(
  route: TargetRoute,
  config: ProbeConfig,
): Record<string, unknown> | null {
  const given = config.bodies[route.id] ?? config.bodies[routeLabel(route)];
  if (isObject(given)) return { ...given };
  const sampled = route.body === null ? null : sampleObject(route.body);
  const example = route.examples.find(isObject);
  const ordered =
    route.authorization?.loadsInstance === true ? [sampled, example] : [example, sampled];
  const chosen = ordered.find(isObject);
  return chosen === undefined ? null : { ...chosen };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
