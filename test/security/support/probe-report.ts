import type { ProbeReport } from '../../../packages/cli/src/probe/engine/run-probe';
import type { CheckStatus } from '../../../packages/cli/src/probe/engine/results';

/**
 * The status of one check on one route, or `absent` when the run did not reach it.
 *
 * @param report - A probe report.
 * @param routeId - The policy id, such as `NotesController.update`.
 * @param check - The check id.
 */
export function statusOf(
  report: ProbeReport,
  routeId: string,
  check: string,
): CheckStatus | 'absent' {
  const route = report.routes.find((r) => r.id === routeId);
  return route?.checks.find((c) => c.check === check)?.status ?? 'absent';
}

/**
 * Every failed check as `Route.handler check: first failure`, for assertion messages that say
 * what the probe found.
 *
 * @param report - A probe report.
 */
export function failuresOf(report: ProbeReport): string[] {
  return report.routes.flatMap((route) =>
    route.checks
      .filter((c) => c.status === 'fail')
      .map((c) => `${route.id} ${c.check}: ${c.failures[0]?.message ?? ''}`),
  );
}

/** The ids of the routes with at least one failed check. */
export function failingRoutes(report: ProbeReport): string[] {
  return report.routes.filter((r) => r.checks.some((c) => c.status === 'fail')).map((r) => r.id);
}
