import { BulwarkError } from '@bulwark/core';

/** Where a request carries parameters. */
export interface ParameterSources {
  /** Path parameters, as the router matched them (strings). */
  readonly params: Readonly<Record<string, unknown>>;
  /** The parsed query string. */
  readonly query: unknown;
  /** The parsed JSON body, before validation. */
  readonly body: unknown;
}

/**
 * Refuses a request that names the same identifier twice with different values: a path parameter
 * (`/notes/:id`) that the query string or the JSON body also carries under the same name with
 * another value, or several times in the query string with different values.
 *
 * Security: object-level checks run on the path parameter, the loader fetches by it and the
 * handler may read the body or query instead (`?id=`, `{ "id": ... }`). When they disagree, one
 * identifier was authorized and another acted on — parameter pollution. Equal values pass, so a
 * client repeating the id it already put in the path is not refused.
 *
 * Limitation: only same-named parameters are compared, at the top level of the query and body; a
 * body that names the object under another name (`noteId`) or nested (`note.id`) is not linked to
 * the path, because nothing declares that the two mean the same object. Handlers should take the
 * identifier from the path (or from `@LoadedInstance()`) only.
 *
 * @param sources - Path parameters, query and body of the request.
 * @throws BulwarkError `ERR_AUTHZ_PARAMETER_CONFLICT` (400), naming the parameter.
 */
export function checkParameterPollution(sources: ParameterSources): void {
  for (const name of Object.keys(sources.params)) {
    const pathValue = sources.params[name];
    if (typeof pathValue !== 'string') continue;
    const inQuery = isConflict(pathValue, ownValue(sources.query, name));
    const inBody = isConflict(pathValue, ownValue(sources.body, name));
    if (inQuery || inBody) {
      const conflicts = [...(inQuery ? ['query'] : []), ...(inBody ? ['body'] : [])];
      throw new BulwarkError(
        'ERR_AUTHZ_PARAMETER_CONFLICT',
        `The parameter "${name}" arrived with different values in the path and in the ${conflicts.join(' and ')}.`,
        {
          details: { parameter: name, sources: ['path', ...conflicts] },
          reason: `parameter pollution on "${name}" (path and ${conflicts.join(', ')})`,
        },
      );
    }
  }
}

function ownValue(container: unknown, name: string): unknown {
  if (typeof container !== 'object' || container === null || Array.isArray(container)) {
    return undefined;
  }
  return Object.hasOwn(container, name) ? (container as Record<string, unknown>)[name] : undefined;
}

/** True when a value is present and is not the path value (a list must repeat it exactly). */
function isConflict(pathValue: string, other: unknown): boolean {
  if (other === undefined) return false;
  if (Array.isArray(other)) return other.some((item) => isConflict(pathValue, item));
  if (typeof other === 'string') return other !== pathValue;
  if (typeof other === 'number' || typeof other === 'boolean') return String(other) !== pathValue;
  return true;
}
