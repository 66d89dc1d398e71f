import { argumentError, classOrMethod, type ClassOrMethodDecorator } from './decorator-target';

/**
 * Marks a route, or every route of a controller, as open to anonymous callers.
 *
 * Security: a public route still gets transport hardening, validation, rate limits keyed by
 * client address and audit; only authentication and authorization are skipped. A method-level
 * `@Authorize` on a public controller makes that one route protected again.
 *
 * @returns A class or method decorator.
 * @throws BulwarkError `ERR_DECORATOR_ARGUMENT` when combined with `@Authorize` on one target.
 * @example
 * ```ts
 * @Get('/health')
 * @Public()
 * health() { return { status: 'ok' }; }
 * ```
 */
export function Public(): ClassOrMethodDecorator {
  return classOrMethod('Public', (declarations, where) => {
    if (declarations.authorize !== undefined) {
      throw argumentError(
        'Public',
        where,
        'cannot be combined with @Authorize() on the same target.',
      );
    }
    declarations.isPublic = true;
  });
}
