import type { ClassOrMethodDecorator } from '@bulwark/core';
import { docDecorator, type ExampleDeclaration } from './route-docs';

const EXAMPLE_NAME = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Adds a named example of the request body and/or the success response. Request examples are
 * validated against the route's body DTO when the document is generated, so the reference never
 * shows a body the route would refuse.
 *
 * @param example - The example's name, an optional summary, and `request` and/or `response`.
 * @returns A method decorator (repeatable, one name once).
 * @throws BulwarkError `ERR_DECORATOR_ARGUMENT` for a bad name, a repeated name, neither
 *   `request` nor `response`, or a value that is not JSON.
 * @example
 * ```ts
 * @Post('/')
 * @Example({ name: 'draft', request: { title: 'Groceries', body: 'Milk' } })
 * create(@Body() input: CreateNoteInput) { ... }
 * ```
 */
export function Example(example: ExampleDeclaration): ClassOrMethodDecorator {
  const frozen = Object.freeze({ ...example });
  return docDecorator('Example', false, (docs, fail) => {
    if (typeof frozen.name !== 'string' || !EXAMPLE_NAME.test(frozen.name)) {
      fail('"name" is 1 to 64 letters, digits, ".", "_" or "-".');
    }
    if (frozen.summary !== undefined && typeof frozen.summary !== 'string') {
      fail('"summary" must be a string.');
    }
    if (frozen.request === undefined && frozen.response === undefined) {
      fail('give a "request" or a "response".');
    }
    for (const part of ['request', 'response'] as const) {
      if (frozen[part] !== undefined && !isJson(frozen[part])) fail(`"${part}" is not JSON.`);
    }
    if (docs.examples.some((e) => e.name === frozen.name))
      fail(`"${frozen.name}" is declared twice.`);
    docs.examples.push(frozen);
  });
}

function isJson(value: unknown): boolean {
  try {
    return JSON.stringify(value) !== undefined;
  } catch {
    return false;
  }
}
