import type { ProbeReport } from '../engine/run-probe';
import type { CheckResult } from '../engine/results';
import { textTable } from '../../routes/text-table';
import type { Style } from '../../terminal/style';

/**
 * The report as text for a terminal: one block per route with a row per check (result, attempts
 * that behaved, and the first failures or the skip reasons), then the totals.
 *
 * @param report - The run's report.
 * @param style - Colours, or none.
 * @returns The text, ending with a newline.
 */
export function formatTable(report: ProbeReport, style: Style): string {
  const rows: string[][][] = [];
  for (const route of report.routes) {
    const label = `${route.method} ${route.path}`;
    if (route.skipped !== undefined) {
      rows.push([[label, style.dim(route.id)], ['(all)'], [style.yellow('skip')], [route.skipped]]);
      continue;
    }
    route.checks.forEach((check, index) => {
      const name = index === 0 ? [label, style.dim(route.id)] : [];
      rows.push([name, [check.check], [status(check, style)], detail(check)]);
    });
  }
  const { passed, failed, skipped } = report.summary;
  const totals = [
    failed > 0 ? style.red(`${failed} failed`) : style.green('0 failed'),
    `${passed} passed`,
    `${skipped} skipped`,
  ].join(', ');
  const lines = [
    `${style.bold('bulwark probe')} ${report.title} at ${report.baseUrl}${report.allowWrites ? '' : ' (reads only)'}`,
    ...report.notes.map((note) => style.yellow(`note: ${note}`)),
    '',
    textTable(['ROUTE', 'CHECK', 'RESULT', 'DETAIL'], rows).trimEnd(),
    '',
    `Checks: ${totals}. ${report.requests} requests in ${(report.durationMs / 1000).toFixed(1)} s.`,
  ];
  return `${lines.join('\n')}\n`;
}

function status(check: CheckResult, style: Style): string {
  if (check.status === 'fail') return style.red('FAIL');
  return check.status === 'pass' ? style.green('pass') : style.yellow('skip');
}

function detail(check: CheckResult): string[] {
  if (check.status === 'fail') {
    return check.failures.map((f) => {
      const e = f.evidence;
      const where =
        e === undefined
          ? ''
          : ` [${e.method} ${e.path} -> ${e.status}${e.principal === undefined ? '' : ` as ${e.principal}`}]`;
      return `${f.message}${where}`;
    });
  }
  if (check.status === 'skip') return check.skipped.slice(0, 2);
  const partly = check.skipped.length > 0 ? `; some skipped: ${check.skipped[0]}` : '';
  return [`${check.passed} attempt${check.passed === 1 ? '' : 's'}${partly}`];
}
