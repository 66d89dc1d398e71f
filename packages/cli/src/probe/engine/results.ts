import { routeLabel, type TargetRoute } from '../target/probe-target';

/** Every check the probe runs, by stable id; reports and CI filters use these names. */
export const CHECK_IDS = Object.freeze([
  'authn.no-credentials',
  'authn.unaccepted-scheme',
  'authn.alg-none',
  'authn.wrong-key',
  'authn.tampered-claims',
  'authn.hs-rs-confusion',
  'authn.expired',
  'authn.revoked-api-key',
  'authz.function-level',
  'authz.object-level',
  'authz.list-narrowing',
  'authz.mass-assignment',
  'input.unknown-properties',
  'input.prototype-keys',
  'input.wrong-types',
  'input.oversized-body',
  'input.deep-nesting',
  'input.content-type',
  'injection.sql',
  'injection.nosql',
  'injection.command',
  'injection.path-traversal',
  'injection.xss',
  'rate-limit.exhaustion',
  'rate-limit.forwarded-for',
  'rate-limit.path-variants',
  'rate-limit.brute-force',
  'response.error-leaks',
  'response.problem-format',
  'response.security-headers',
] as const);

/** One check id. */
export type CheckId = (typeof CHECK_IDS)[number];

/** The outcome of a check on a route. */
export type CheckStatus = 'pass' | 'fail' | 'skip';

/** The request behind a finding: no header, token or key, only what identifies the attempt. */
export interface Evidence {
  readonly method: string;
  /** The request path, cut at 160 characters. */
  readonly path: string;
  readonly status: number;
  /** The problem `code` of the answer, when it had one. */
  readonly code?: string;
  /** The principal the request was sent as, by its config name. */
  readonly principal?: string;
}

/** A failed attempt. */
export interface Failure {
  readonly message: string;
  readonly evidence?: Evidence;
}

/** One check on one route, after the run. */
export interface CheckResult {
  readonly check: CheckId;
  readonly status: CheckStatus;
  /** Attempts that behaved as the policy says. */
  readonly passed: number;
  readonly failures: readonly Failure[];
  /** Why attempts were not made, each reason once. */
  readonly skipped: readonly string[];
}

/** Every check of one route. */
export interface RouteResult {
  readonly id: string;
  readonly method: string;
  readonly path: string;
  /** Why the route was not attacked at all, when it was not. */
  readonly skipped?: string;
  readonly checks: readonly CheckResult[];
}

/** The failures kept per check and route; later ones are counted, not listed. */
const MAX_FAILURES_LISTED = 5;

interface Tally {
  passed: number;
  failures: Failure[];
  failureCount: number;
  skipped: Set<string>;
}

/** Collects the outcome of every attempt, by route and check. */
export class ResultBook {
  private readonly routes = new Map<
    string,
    { route: TargetRoute; checks: Map<CheckId, Tally>; skipped?: string }
  >();

  /**
   * @param routes - The routes of the target, in report order.
   */
  constructor(routes: readonly TargetRoute[]) {
    for (const route of routes) this.routes.set(route.id, { route, checks: new Map() });
  }

  /**
   * Records an attempt that behaved as expected.
   *
   * @param route - The route.
   * @param check - The check.
   */
  pass(route: TargetRoute, check: CheckId): void {
    this.tally(route, check).passed += 1;
  }

  /**
   * Records an attempt that did not.
   *
   * @param route - The route.
   * @param check - The check.
   * @param message - What happened, without credentials.
   * @param evidence - The request behind it.
   */
  fail(route: TargetRoute, check: CheckId, message: string, evidence?: Evidence): void {
    const tally = this.tally(route, check);
    tally.failureCount += 1;
    if (tally.failures.length < MAX_FAILURES_LISTED) {
      tally.failures.push(evidence === undefined ? { message } : { message, evidence });
    }
  }

  /**
   * Records why an attempt was not made.
   *
   * @param route - The route.
   * @param check - The check.
   * @param reason - Why.
   */
  skip(route: TargetRoute, check: CheckId, reason: string): void {
    this.tally(route, check).skipped.add(reason);
  }

  /**
   * Records that a whole route was left alone, and why.
   *
   * @param route - The route.
   * @param reason - Why.
   */
  skipRoute(route: TargetRoute, reason: string): void {
    const entry = this.routes.get(route.id);
    if (entry !== undefined) entry.skipped = reason;
  }

  /**
   * The results so far.
   *
   * @returns Routes in the order given, checks in {@link CHECK_IDS} order.
   */
  results(): RouteResult[] {
    return [...this.routes.values()].map(({ route, checks, skipped }) => ({
      id: route.id,
      method: route.method,
      path: route.path,
      ...(skipped === undefined ? {} : { skipped }),
      checks: CHECK_IDS.filter((id) => checks.has(id)).map((id) => summarize(id, checks.get(id)!)),
    }));
  }

  private tally(route: TargetRoute, check: CheckId): Tally {
    const entry = this.routes.get(route.id);
    if (entry === undefined) throw new Error(`unknown route ${routeLabel(route)}`);
    let tally = entry.checks.get(check);
    if (tally === undefined) {
      tally = { passed: 0, failures: [], failureCount: 0, skipped: new Set() };
      entry.checks.set(check, tally);
    }
    return tally;
  }
}

function summarize(check: CheckId, tally: Tally): CheckResult {
  const hidden = tally.failureCount - tally.failures.length;
  const failures =
    hidden > 0
      ? [...tally.failures, { message: `and ${hidden} more failed attempts like these` }]
      : tally.failures;
  const status: CheckStatus = tally.failureCount > 0 ? 'fail' : tally.passed > 0 ? 'pass' : 'skip';
  return { check, status, passed: tally.passed, failures, skipped: [...tally.skipped] };
}

/** Totals of a run. */
export interface ProbeSummary {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

/**
 * Counts check results by status.
 *
 * @param routes - The route results.
 * @returns Passed, failed and skipped checks.
 */
export function summarizeResults(routes: readonly RouteResult[]): ProbeSummary {
  const all = routes.flatMap((r) => r.checks);
  return {
    passed: all.filter((c) => c.status === 'pass').length,
    failed: all.filter((c) => c.status === 'fail').length,
    skipped: all.filter((c) => c.status === 'skip').length,
  };
}
