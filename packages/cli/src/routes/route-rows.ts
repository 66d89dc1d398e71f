import type { CompiledRateLimit, RoutePolicy } from '@bulwark/core';

/** One route of the report, as plain text cells and the facts behind them. */
export interface RouteRow {
  readonly id: string;
  readonly method: string;
  readonly path: string;
  /** `public`, `deny-all` (no policy, non-strict mode) or `protected`. */
  readonly access: 'public' | 'deny-all' | 'protected';
  readonly schemes: readonly string[];
  /** `action Subject`, or `null` when the route checks no CASL permission. */
  readonly permission: string | null;
  readonly roles: readonly string[];
  readonly scopes: readonly string[];
  readonly check: string | null;
  /** The loader's function name, `(anonymous)`, or `null` without a loader. */
  readonly loader: string | null;
  readonly isList: boolean;
  readonly rateLimits: readonly string[];
  /** `body: CreateNoteInput`, `query: ListNotesQuery`, ... */
  readonly validation: readonly string[];
  /** The audit action, or `null` when the route is not audited. */
  readonly audit: string | null;
  readonly isAuditImplicit: boolean;
  readonly isMutating: boolean;
}

/**
 * Turns compiled policies into report rows, in route order.
 *
 * @param policies - The app's compiled policies.
 * @returns One row per route.
 */
export function routeRows(policies: readonly RoutePolicy[]): RouteRow[] {
  return policies.map((policy) => {
    const authz = policy.authorization;
    const hasPermission = authz !== null && authz.action !== null && authz.subject !== null;
    return {
      id: policy.id,
      method: policy.method,
      path: policy.path,
      access: policy.isPublic ? 'public' : authz?.isDenyAll === true ? 'deny-all' : 'protected',
      schemes: [...policy.schemes],
      permission: hasPermission ? `${authz.action} ${authz.subject}` : null,
      roles: [...(authz?.roles ?? [])],
      scopes: [...(authz?.scopes ?? [])],
      check: authz?.check ?? null,
      loader: authz?.load == null ? null : authz.load.name === '' ? '(anonymous)' : authz.load.name,
      isList: authz?.isList === true,
      rateLimits: policy.rateLimits.map(describeLimit),
      validation: describeValidation(policy),
      audit: policy.audit?.action ?? null,
      isAuditImplicit: policy.audit?.isImplicit === true,
      isMutating: policy.isMutating,
    };
  });
}

/**
 * Describes a compiled limit as `name: 10/1m by ip (fixed-window)`.
 *
 * @param limit - A compiled limit.
 * @returns One line.
 */
export function describeLimit(limit: CompiledRateLimit): string {
  const key = typeof limit.key === 'function' ? 'custom key' : limit.key;
  const cost = limit.cost === 1 ? '' : `, cost ${limit.cost}`;
  return `${limit.name}: ${limit.limit}/${formatWindow(limit.windowMs)} by ${key} (${limit.algorithm}${cost})`;
}

function formatWindow(ms: number): string {
  const units: Array<[number, string]> = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'm'],
    [1000, 's'],
  ];
  for (const [size, unit] of units) if (ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

function describeValidation(policy: RoutePolicy): string[] {
  const parts: string[] = [];
  const { validation } = policy;
  for (const place of ['body', 'query', 'params', 'headers', 'response'] as const) {
    const dto = validation[place];
    if (dto !== null) parts.push(`${place}: ${dto.name || '(anonymous)'}`);
  }
  return parts;
}
