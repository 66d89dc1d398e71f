import { getMetadataStorage } from 'class-validator';
import type { AuthorizeDeclaration } from '../metadata/declarations';
import type { Permissions } from '../permissions/define-permissions';
import { grantOf, ruleCovers, type Grant } from '../permissions/rule-facts';
import type { AuthorizationPolicy, HttpMethod, RoutePolicy } from './route-policy';

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

/** The parts of a route policy that decide whether its body is checked field by field. */
export type WriteCheckInput = Pick<RoutePolicy, 'isMutating' | 'authorization' | 'validation'>;

/**
 * Tells whether a route's validated body is checked field by field against the principal's field
 * rules: a mutating route (POST, PUT, PATCH, DELETE) with a body DTO whose action and subject are
 * named and whose action is not `read` (a search posted as a body sets no fields).
 *
 * @param route - The route's policy.
 * @returns `true` when the property-level write check runs on the route.
 */
export function checksWrittenFields(route: WriteCheckInput): boolean {
  const authorization = route.authorization;
  return (
    route.isMutating &&
    route.validation.body !== null &&
    authorization !== null &&
    authorization.action !== null &&
    authorization.action !== 'read' &&
    authorization.subject !== null
  );
}

/**
 * Checks, at start-up, that every property of a write route's body DTO is a declared field of the
 * route's subject. The property-level write check judges the DTO's set properties as subject
 * fields, so a property the subject does not declare would be judged against no field rule of its
 * own; start-up refuses it instead.
 *
 * @param route - The route's policy parts.
 * @param permissions - The permission model, for the subject's declared fields.
 * @param report - Collects problems.
 */
export function checkBodyFields(
  route: WriteCheckInput,
  permissions: Permissions,
  report: (problem: string) => void,
): void {
  const body = route.validation.body;
  const subject = route.authorization?.subject ?? null;
  if (!checksWrittenFields(route) || body === null || subject === null) return;
  const declared = permissions.fieldsOf(subject);
  if (declared === null) return;
  for (const property of dtoProperties(body)) {
    if (!declared.includes(property)) {
      report(
        `the body DTO ${body.name} has the property "${property}", which subject "${subject}" does not declare; no field rule could cover it.`,
      );
    }
  }
}

/** The properties class-validator knows on a DTO (the only ones a whitelisted body can carry). */
function dtoProperties(dto: Function): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', false, false);
  return [...new Set(metadata.map((entry) => entry.propertyName))];
}
