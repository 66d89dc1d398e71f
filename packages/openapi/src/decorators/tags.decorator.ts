import type { ClassOrMethodDecorator } from '@bulwark/core';
import { docDecorator } from './route-docs';

/**
 * Groups operations under tags in the API reference. On a controller it tags every route; on a
 * method it adds to the controller's tags. Without any tag, a route is tagged after its
 * controller's name (`NotesController` → `Notes`).
 *
 * @param names - Tag names.
 * @returns A class or method decorator.
 * @throws BulwarkError `ERR_DECORATOR_ARGUMENT` when no name is given or a name is empty.
 * @example
 * ```ts
 * @JsonController('/notes')
 * @Tags('Notes')
 * class NotesController { ... }
 * ```
 */
export function Tags(...names: string[]): ClassOrMethodDecorator {
  return docDecorator('Tags', true, (docs, fail) => {
    if (names.length === 0) fail('give at least one tag.');
    for (const name of names) {
      if (typeof name !== 'string' || name.trim().length === 0 || name.length > 64) {
        fail('a tag is a non-empty string of at most 64 characters.');
      }
    }
    docs.tags.push(...names);
  });
}
