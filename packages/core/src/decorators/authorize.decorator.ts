import type { AuthorizeDeclaration, InstanceLoader } from '../metadata/declarations';
import { argumentError, classOrMethod, type ClassOrMethodDecorator } from './decorator-target';

/** Options of the `@Authorize(action, subject, options)` form. */
export type AuthorizeOptions = Omit<AuthorizeDeclaration, 'action' | 'subject'>;

const KNOWN_KEYS = new Set([
  'action',
  'subject',
  'roles',
  'scopes',
  'check',
  'load',
  'list',
  'deniedStatus',
  'schemes',
]);

/**
 * Requires an authenticated principal and a permission for the route.
 *
 * Forms: `@Authorize('update', 'Note')` checks a CASL action on a subject type;
 * `@Authorize({ roles: ['admin'] })`, `@Authorize({ scopes: ['notes:write'] })` and
 * `@Authorize({ check: 'isBusinessHours' })` check roles, scopes or a named custom check; the
 * object form combines any of them, and every stated requirement must hold.
 *
 * Merging: a method-level `@Authorize` overrides the class-level one field by field, so a class
 * can fix `subject` and `schemes` while each method names its `action`. A method-level
 * `@Public()` lifts a class-level `@Authorize`.
 *
 * Security: when the permission is conditional (for example "editors may update notes they
 * own"), the route must give `load` (object routes) or `list: true` (the handler narrows its
 * query); otherwise start-up fails, because a type-only check would allow every instance.
 *
 * @param actionOrOptions - The CASL action, or the whole declaration.
 * @param subject - The subject type, in the two-argument form.
 * @param options - Loader, list flag, roles, scopes, schemes, denied status.
 * @returns A class or method decorator.
 * @throws BulwarkError `ERR_DECORATOR_ARGUMENT` when the arguments cannot form a policy.
 * @example
 * ```ts
 * @Put('/:id')
 * @Authorize('update', 'Note', { load: ({ params }) => notes.findOneBy({ id: params.id }) })
 * update(@Param('id') id: string, @Body() input: UpdateNote) { ... }
 * ```
 */
export function Authorize(
  action: string,
  subject: string,
  options?: AuthorizeOptions,
): ClassOrMethodDecorator;
export function Authorize(declaration: AuthorizeDeclaration): ClassOrMethodDecorator;
export function Authorize(
  actionOrOptions: string | AuthorizeDeclaration,
  subject?: string,
  options: AuthorizeOptions = {},
): ClassOrMethodDecorator {
  const declaration: AuthorizeDeclaration =
    typeof actionOrOptions === 'string'
      ? { ...options, action: actionOrOptions, ...(subject === undefined ? {} : { subject }) }
      : { ...actionOrOptions };
  return classOrMethod('Authorize', (declarations, where) => {
    checkAuthorize(declaration, where);
    if (declarations.isPublic === true) {
      throw argumentError(
        'Authorize',
        where,
        'cannot be combined with @Public() on the same target.',
      );
    }
    if (declarations.authorize !== undefined) {
      throw argumentError('Authorize', where, 'is declared twice; merge the two declarations.');
    }
    declarations.authorize = Object.freeze(declaration);
  });
}

function checkAuthorize(d: AuthorizeDeclaration, where: string): void {
  const fail = (problem: string): never => {
    throw argumentError('Authorize', where, problem);
  };
  for (const key of Object.keys(d)) if (!KNOWN_KEYS.has(key)) fail(`unknown option "${key}".`);
  if ((d.action === undefined) !== (d.subject === undefined) && d.action !== undefined) {
    fail('an action needs a subject.');
  }
  for (const [key, value] of [
    ['action', d.action],
    ['subject', d.subject],
    ['check', d.check],
  ]) {
    if (value !== undefined && (typeof value !== 'string' || value.length === 0)) {
      fail(`"${key}" must be a non-empty string.`);
    }
  }
  for (const key of ['roles', 'scopes', 'schemes'] as const) {
    const list = d[key];
    if (list !== undefined && (!Array.isArray(list) || list.length === 0 || !list.every(isName))) {
      fail(`"${key}" must be a non-empty list of non-empty strings.`);
    }
  }
  if (d.load !== undefined && typeof (d.load as InstanceLoader | unknown) !== 'function') {
    fail('"load" must be a function.');
  }
  if (d.list !== undefined && typeof d.list !== 'boolean') fail('"list" must be a boolean.');
  if (d.load !== undefined && d.list === true) fail('"load" and "list" exclude each other.');
  if (d.deniedStatus !== undefined && d.deniedStatus !== 403 && d.deniedStatus !== 404) {
    fail('"deniedStatus" must be 403 or 404.');
  }
}

function isName(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0;
}
