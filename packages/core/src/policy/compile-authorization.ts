import type { AuthorizeDeclaration } from '../metadata/declarations';
import type { Permissions } from '../permissions/define-permissions';
import { grantOf, ruleCovers, type Grant } from '../permissions/rule-facts';
import type { AuthorizationPolicy, HttpMethod } from './route-policy';

interface AuthorizationContext {
  readonly isDenyAll: boolean;
  readonly method: HttpMethod;
  readonly permissions: Permissions;
  readonly report: (problem: string) => void;
}

/**
 * Resolves an `@Authorize` declaration against the permission model: names must exist, the
 * action/subject pair must be granted by some rule, and a conditional grant needs a loader or a
 * list declaration so the condition is actually evaluated.
 */
export function compileAuthorization(
  declaration: AuthorizeDeclaration,
  context: AuthorizationContext,
): AuthorizationPolicy {
  const { permissions, report } = context;
  const action = declaration.action ?? null;
  const subject = declaration.subject ?? null;
  const roles = [...(declaration.roles ?? [])];
  const scopes = [...(declaration.scopes ?? [])];

  for (const role of roles) {
    if (!permissions.roleNames.has(role)) report(`unknown role "${role}".`);
  }
  if (permissions.scopeNames.size > 0) {
    for (const scope of scopes) {
      if (!permissions.scopeNames.has(scope)) report(`unknown scope "${scope}".`);
    }
  }
  if (declaration.check !== undefined && !Object.hasOwn(permissions.checks, declaration.check)) {
    report(`unknown custom check "${declaration.check}".`);
  }

  const grants =
    action !== null && subject !== null ? grantsOf(permissions, action, subject, report) : {};
  const isConditional = Object.values(grants).includes('conditional');
  const load = declaration.load ?? null;
  const isList = declaration.list === true;
  if (isConditional && load === null && !isList) {
    report(
      `"${action}" on "${subject}" is granted only under conditions for some roles; give "load" to check the instance or "list: true" to narrow the query.`,
    );
  }
  const isRead = context.method === 'GET' || context.method === 'HEAD';
  return Object.freeze({
    action,
    subject,
    roles: Object.freeze(roles),
    scopes: Object.freeze(scopes),
    check: declaration.check ?? null,
    load,
    isList,
    deniedStatus: declaration.deniedStatus ?? (isRead ? 404 : 403),
    isConditional,
    grants: Object.freeze(grants),
    isDenyAll: context.isDenyAll,
  });
}

function grantsOf(
  permissions: Permissions,
  action: string,
  subject: string,
  report: (problem: string) => void,
): Record<string, Grant> {
  if (subject !== 'all' && !permissions.subjectNames.has(subject)) {
    report(`unknown subject "${subject}".`);
  }
  const grants: Record<string, Grant> = Object.create(null);
  let isMentioned = false;
  const sets = [
    ...Object.entries(permissions.facts.roles).map(
      ([name, facts]) => [`role:${name}`, facts] as const,
    ),
    ...Object.entries(permissions.facts.scopes).map(
      ([name, facts]) => [`scope:${name}`, facts] as const,
    ),
  ];
  for (const [name, facts] of sets) {
    grants[name] = grantOf(facts, action, subject);
    isMentioned ||= facts.some(
      (fact) => fact.actions.includes(action) && ruleCovers(fact, action, subject),
    );
  }
  if (!isMentioned && !permissions.actionNames.has(action)) {
    report(`no permission rule mentions "${action}" on "${subject}".`);
  }
  return grants;
}
