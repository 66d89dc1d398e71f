import type { AuditDeclaration } from '../metadata/declarations';
import { argumentError, classOrMethod, type ClassOrMethodDecorator } from './decorator-target';

/** Options of `@Audit(action, options)`. */
export type AuditOptions = Omit<AuditDeclaration, 'action'>;

const ACTION = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$/i;

/**
 * Records every call of the route in the audit trail under an action name, with the outcome,
 * the principal, the subject and selected, redacted details.
 *
 * On a class, `@Audit('note')` audits every route as `note.<method name>`; a method-level
 * `@Audit` replaces it. Denials, authentication failures and rate-limit refusals are audited on
 * every route, with or without this decorator.
 *
 * Security: a mutating audited route answers only after its event is durable; if the audit
 * store fails, the route refuses with 503 unless `onAuditFailure: 'continue'` is configured.
 *
 * @param action - A dotted action name such as `note.update`.
 * @param options - Route parameters and body paths to include, the subject id parameter.
 * @returns A class or method decorator.
 * @throws BulwarkError `ERR_DECORATOR_ARGUMENT` when the action name is not dotted words.
 * @example
 * ```ts
 * @Delete('/:id')
 * @Audit('note.delete', { params: ['id'] })
 * remove(@Param('id') id: string) { ... }
 * ```
 */
export function Audit(action: string, options: AuditOptions = {}): ClassOrMethodDecorator {
  const declaration: AuditDeclaration = Object.freeze({ ...options, action });
  return classOrMethod('Audit', (declarations, where) => {
    if (typeof action !== 'string' || !ACTION.test(action)) {
      throw argumentError('Audit', where, 'the action must be dotted words such as "note.update".');
    }
    for (const key of ['params', 'body'] as const) {
      const list = declaration[key];
      if (
        list !== undefined &&
        (!Array.isArray(list) || !list.every((v) => typeof v === 'string'))
      ) {
        throw argumentError('Audit', where, `"${key}" must be a list of strings.`);
      }
    }
    if (declarations.audit !== undefined) {
      throw argumentError('Audit', where, 'is declared twice.');
    }
    declarations.audit = declaration;
  });
}
