import type { ErrorCode } from '@bulwark/core';
import { Example } from './example.decorator';
import { Refuses } from './refuses.decorator';
import type { ExampleDeclaration } from './route-docs';
import { Summary } from './summary.decorator';
import { Tags } from './tags.decorator';

/** Everything {@link documentRoute} can record for one route. */
export interface RouteDocumentation {
  readonly summary?: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  readonly examples?: readonly ExampleDeclaration[];
  readonly refuses?: readonly ErrorCode[];
}

/**
 * Records documentation without decorator syntax: the imperative counterpart of `@Summary`,
 * `@Tags`, `@Example` and `@Refuses`, with the same checks.
 *
 * @param controller - The controller class.
 * @param method - The method name.
 * @param docs - Summary, description, tags, examples and declared refusals.
 * @throws BulwarkError `ERR_DECORATOR_ARGUMENT` as the decorators do.
 * @example
 * ```ts
 * documentRoute(HealthController, 'health', { summary: 'Liveness probe', tags: ['Operations'] });
 * ```
 */
export function documentRoute(
  controller: Function,
  method: string,
  docs: RouteDocumentation,
): void {
  const prototype = controller.prototype as object;
  if (docs.summary !== undefined || docs.description !== undefined) {
    Summary(docs.summary as string, docs.description)(prototype, method);
  }
  if (docs.tags !== undefined) Tags(...docs.tags)(prototype, method);
  for (const example of docs.examples ?? []) Example(example)(prototype, method);
  if (docs.refuses !== undefined) Refuses(...docs.refuses)(prototype, method);
}
