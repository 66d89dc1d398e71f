import type { Permissions } from '../permissions/define-permissions';
import { grantOf, type Grant, type RuleFact } from '../permissions/rule-facts';
import type { AuthorizationPolicy, HttpMethod, RoutePolicy } from '../policy/route-policy';

/** One route of the access matrix: what each role and each scope may do there. */
export interface AccessMatrixRow {
  /** `Controller.method`. */
  readonly route: string;
  readonly method: HttpMethod;
  readonly path: string;
  readonly action: string | null;
  readonly subject: string | null;
  readonly isPublic: boolean;
  /** One cell per column, in the order of {@link AccessMatrix.columns}. */
  readonly cells: Readonly<Record<string, Grant>>;
}

/** Roles and scopes × routes → allowed, conditional or denied. */
export interface AccessMatrix {
  /** `role:<name>` for each role, then `scope:<name>` for each scope. */
  readonly columns: readonly string[];
  readonly rows: readonly AccessMatrixRow[];
}

/**
 * Computes, from the compiled policies alone, who may call which route: for each route and each
 * role or scope, `allowed` (every principal with it passes), `conditional` (it depends on the
 * instance, a custom check or the query narrowing of a list) or `denied` (no principal with it
 * passes). Nothing is called over HTTP and no handler runs.
 *
 * Each column stands for a principal holding exactly that one role, or exactly that one scope:
 * route role requirements are met only by a role column, scope requirements only by a scope
 * column that is the one scope required. Public routes are `allowed` in every column.
 *
 * Limitation: a principal holding several roles and scopes at once can be allowed where each of
 * its columns says `denied` (a route that needs both a role and a scope); the matrix shows single
 * roles and single scopes because the combinations grow exponentially. The runtime decides on the
 * whole principal regardless; a combination can be checked with `policyTester(...).route(...)`.
 *
 * @param policies - The compiled policies, such as `useBulwark(...).policies`.
 * @param permissions - The app's permission model.
 * @returns The matrix, frozen.
 */
export function accessMatrix(
  policies: readonly RoutePolicy[],
  permissions: Permissions,
): AccessMatrix {
  const columns = [
    ...Object.entries(permissions.facts.roles).map(([name, facts]) => column('role', name, facts)),
    ...Object.entries(permissions.facts.scopes).map(([name, facts]) =>
      column('scope', name, facts),
    ),
  ];
  const rows = policies.map((policy) => {
    const cells: Record<string, Grant> = Object.create(null);
    for (const entry of columns) {
      cells[entry.key] = policy.isPublic ? 'allowed' : cellOf(policy.authorization, entry);
    }
    return Object.freeze({
      route: policy.id,
      method: policy.method,
      path: policy.path,
      action: policy.authorization?.action ?? null,
      subject: policy.authorization?.subject ?? null,
      isPublic: policy.isPublic,
      cells: Object.freeze(cells),
    });
  });
  return Object.freeze({
    columns: Object.freeze(columns.map((entry) => entry.key)),
    rows: Object.freeze(rows),
  });
}

interface Column {
  readonly key: string;
  readonly kind: 'role' | 'scope';
  readonly name: string;
  readonly facts: readonly RuleFact[];
}

function column(kind: Column['kind'], name: string, facts: readonly RuleFact[]): Column {
  return { key: `${kind}:${name}`, kind, name, facts };
}

function cellOf(authorization: AuthorizationPolicy | null, entry: Column): Grant {
  if (authorization === null || authorization.isDenyAll) return 'denied';
  const { roles, scopes, action, subject } = authorization;
  if (roles.length > 0 && !(entry.kind === 'role' && roles.includes(entry.name))) return 'denied';
  if (scopes.some((scope) => !(entry.kind === 'scope' && scope === entry.name))) return 'denied';
  const grant =
    action !== null && subject !== null ? grantOf(entry.facts, action, subject) : 'allowed';
  if (grant === 'allowed' && authorization.check !== null) return 'conditional';
  return grant;
}
