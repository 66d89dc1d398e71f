import { ERROR_CATALOG, type ClassOrMethodDecorator, type ErrorCode } from '@bulwark/core';
import { docDecorator } from './route-docs';

/**
 * Declares request error codes the handler itself throws (for example a login route answering
 * `ERR_AUTHN_INVALID` on a wrong password), so the document lists them with the refusals the
 * policy produces. On a controller it applies to every route.
 *
 * @param codes - Request codes of the error catalog.
 * @returns A class or method decorator.
 * @throws BulwarkError `ERR_DECORATOR_ARGUMENT` for no code, an unknown code or a setup code
 *   (setup codes never reach a client).
 * @example
 * ```ts
 * @Post('/token')
 * @Refuses('ERR_AUTHN_INVALID')
 * token(@Body() input: LoginInput) { ... }
 * ```
 */
export function Refuses(...codes: ErrorCode[]): ClassOrMethodDecorator {
  return docDecorator('Refuses', true, (docs, fail) => {
    if (codes.length === 0) fail('give at least one error code.');
    for (const code of codes) {
      if (typeof code !== 'string' || !Object.hasOwn(ERROR_CATALOG, code)) {
        fail(`unknown error code "${String(code)}".`);
      }
      if (ERROR_CATALOG[code].kind !== 'request') fail(`${code} never reaches a client.`);
    }
    docs.refuses.push(...codes);
  });
}
