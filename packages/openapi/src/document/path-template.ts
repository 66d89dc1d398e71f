/** One path parameter of a route pattern. */
export interface PathParameter {
  readonly name: string;
  /** The pattern Express matches the segment with, when the route declares one. */
  readonly pattern?: string;
}

/** A route pattern turned into an OpenAPI path template. */
export interface PathTemplate {
  /** Such as `/notes/{id}`. */
  readonly template: string;
  readonly parameters: readonly PathParameter[];
}

const PARAMETER = /^:([A-Za-z0-9_]+)(\((?:\\.|[^()\\])+\))?/;

/**
 * Turns an Express route pattern (`/notes/:id`, `/files/:name([a-z]+)`) into an OpenAPI path
 * template (`/notes/{id}`).
 *
 * Express patterns that OpenAPI cannot express exactly (optional or repeated parameters, `*`
 * wildcards, unnamed groups) are refused rather than approximated: a template that matched
 * more or less than the route would document a different API.
 *
 * @param path - The full route pattern.
 * @returns The template and its parameters, or a problem description.
 */
export function toPathTemplate(path: string): PathTemplate | { readonly problem: string } {
  const parameters: PathParameter[] = [];
  let template = '';
  for (let index = 0; index < path.length;) {
    const rest = path.slice(index);
    const match = PARAMETER.exec(rest);
    if (match !== null) {
      const [whole, name, group] = match as unknown as [string, string, string | undefined];
      const next = path[index + whole.length];
      if (next === '?' || next === '*' || next === '+') {
        return {
          problem: `${path}: the optional or repeated parameter ":${name}" has no OpenAPI form.`,
        };
      }
      if (parameters.some((p) => p.name === name)) {
        return { problem: `${path}: the parameter ":${name}" appears twice.` };
      }
      parameters.push(
        group === undefined ? { name } : { name, pattern: `^${group.slice(1, -1)}$` },
      );
      template += `{${name}}`;
      index += whole.length;
      continue;
    }
    const char = path[index] as string;
    if ('*()?+{}'.includes(char) || char === ':') {
      return { problem: `${path}: "${char}" in a route pattern has no OpenAPI form.` };
    }
    template += char;
    index += 1;
  }
  return { template, parameters };
}
