import type { ClassOrMethodDecorator } from '@bulwark/core';
import { docDecorator } from './route-docs';

const MAX_SUMMARY_LENGTH = 120;

/**
 * Gives an operation a summary (a short line) and, optionally, a longer description in
 * CommonMark. What the policy already says (authentication, permission, limits, audit) is
 * written into the description by the generator; add only what the code cannot tell.
 *
 * @param summary - One line, at most 120 characters.
 * @param description - More detail, appended before the generated policy summary.
 * @returns A method decorator.
 * @throws BulwarkError `ERR_DECORATOR_ARGUMENT` for an empty or overlong summary, a non-string
 *   description, a second `@Summary` on the method, or use on a class.
 * @example
 * ```ts
 * @Get('/:id')
 * @Summary('Read one note', 'Drafts are visible to their owner only.')
 * one(@LoadedInstance() note: Note) { ... }
 * ```
 */
export function Summary(summary: string, description?: string): ClassOrMethodDecorator {
  return docDecorator('Summary', false, (docs, fail) => {
    if (typeof summary !== 'string' || summary.trim().length === 0) fail('give a summary.');
    if (summary.length > MAX_SUMMARY_LENGTH || /[\r\n]/.test(summary)) {
      fail(`a summary is one line of at most ${MAX_SUMMARY_LENGTH} characters.`);
    }
    if (description !== undefined && (typeof description !== 'string' || description === '')) {
      fail('the description must be a non-empty string.');
    }
    if (docs.summary !== undefined) fail('is declared twice.');
    docs.summary = summary;
    if (description !== undefined) docs.description = description;
  });
}
