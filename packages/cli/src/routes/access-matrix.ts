import type { Grant, RoutePolicy } from '@bulwark/core';

/** One route's row of the matrix: the access of each column's principal. */
export interface MatrixRow {
  readonly id: string;
  readonly method: string;
  readonly path: string;
  readonly cells: Readonly<Record<string, Grant>>;
}

/** Roles and scopes (and anonymous callers) × routes. */
export interface AccessMatrix {
  /** `anonymous`, then `role:<name>`, then `scope:<name>`. */
  readonly columns: readonly string[];
  readonly rows: readonly MatrixRow[];
}

/**
 * Computes, for a principal holding exactly one role (or one scope), whether it may call each
 * route: `allowed` outright, `conditional` (it depends on the instance, the narrowed list or a
 * custom check) or `denied`. It reads the compiled policies only, following the rules of
 * `decide`: one of the route's roles, all of its scopes, then the CASL permission.
 *
 * @param policies - The app's compiled policies.
 * @returns The matrix.
 */
export function accessMatrix(policies: readonly RoutePolicy[]): AccessMatrix {
  const columns = ['anonymous', ...principalColumns(policies)];
  const rows = policies.map((policy) => {
    const cells: Record<string, Grant> = Object.create(null);
    for (const column of columns) cells[column] = accessOf(policy, column);
    return { id: policy.id, method: policy.method, path: policy.path, cells };
  });
  return { columns, rows };
}

function principalColumns(policies: readonly RoutePolicy[]): string[] {
  const names = new Set<string>();
  for (const policy of policies) {
    const authz = policy.authorization;
    if (authz === null) continue;
    for (const name of Object.keys(authz.grants)) names.add(name);
    for (const role of authz.roles) names.add(`role:${role}`);
    for (const scope of authz.scopes) names.add(`scope:${scope}`);
  }
  const all = [...names];
  const of = (kind: string) => all.filter((n) => n.startsWith(kind)).sort();
  return [...of('role:'), ...of('scope:')];
}

function accessOf(policy: RoutePolicy, column: string): Grant {
  const authz = policy.authorization;
  if (authz === null) return 'allowed';
  if (authz.isDenyAll || column === 'anonymous') return 'denied';
  const [kind, name] = splitColumn(column);
  const roles = kind === 'role' ? [name] : [];
  const scopes = kind === 'scope' ? [name] : [];
  if (authz.roles.length > 0 && !authz.roles.some((role) => roles.includes(role))) return 'denied';
  if (!authz.scopes.every((scope) => scopes.includes(scope))) return 'denied';

  let grant: Grant = 'allowed';
  if (authz.action !== null && authz.subject !== null) grant = authz.grants[column] ?? 'denied';
  if (grant === 'allowed' && authz.check !== null) return 'conditional';
  return grant;
}

function splitColumn(column: string): [string, string] {
  const at = column.indexOf(':');
  return [column.slice(0, at), column.slice(at + 1)];
}
