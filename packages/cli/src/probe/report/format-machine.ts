import type { ProbeReport } from '../engine/run-probe';
import type { CheckResult, RouteResult } from '../engine/results';

/**
 * The report as JSON: the run's facts, the totals and every check of every route with its
 * failures (evidence without credentials) and skip reasons.
 *
 * @param report - The run's report.
 * @returns Pretty-printed JSON, ending with a newline.
 */
export function formatJson(report: ProbeReport): string {
  return `${JSON.stringify({ tool: 'bulwark probe', ...report }, null, 2)}\n`;
}

/**
 * The report as JUnit XML for CI: one `<testsuite>` per route and one `<testcase>` per check,
 * failed checks with a `<failure>` listing the failed attempts, skipped ones with `<skipped>`.
 *
 * @param report - The run's report.
 * @returns The XML document, ending with a newline.
 */
export function formatJunit(report: ProbeReport): string {
  const seconds = (report.durationMs / 1000).toFixed(3);
  const total = report.routes.reduce((n, r) => n + Math.max(1, r.checks.length), 0);
  const suites = report.routes.map(suiteOf).join('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="bulwark probe" tests="${total}" failures="${report.summary.failed}" skipped="${report.summary.skipped + report.routes.filter((r) => r.skipped !== undefined).length}" time="${seconds}">`,
    suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function suiteOf(route: RouteResult): string {
  const name = `${route.method} ${route.path}`;
  const cases =
    route.skipped !== undefined
      ? [
          `    <testcase classname="${xml(route.id)}" name="(all checks)"><skipped message="${xml(route.skipped)}"/></testcase>`,
        ]
      : route.checks.map((check) => caseOf(route, check));
  const failures = route.checks.filter((c) => c.status === 'fail').length;
  const skipped =
    route.skipped !== undefined ? 1 : route.checks.filter((c) => c.status === 'skip').length;
  return [
    `  <testsuite name="${xml(name)}" id="${xml(route.id)}" tests="${cases.length}" failures="${failures}" skipped="${skipped}">`,
    ...cases,
    '  </testsuite>',
  ].join('\n');
}

function caseOf(route: RouteResult, check: CheckResult): string {
  const open = `    <testcase classname="${xml(route.id)}" name="${xml(check.check)}">`;
  if (check.status === 'pass') return `${open}</testcase>`;
  if (check.status === 'skip') {
    return `${open}<skipped message="${xml(check.skipped.join('; '))}"/></testcase>`;
  }
  const lines = check.failures.map((f) => {
    const e = f.evidence;
    return e === undefined
      ? f.message
      : `${f.message} [${e.method} ${e.path} -> ${e.status}${e.code === undefined ? '' : ` ${e.code}`}${e.principal === undefined ? '' : ` as ${e.principal}`}]`;
  });
  return `${open}<failure message="${xml(check.failures[0]?.message ?? 'failed')}">${xml(lines.join('\n'))}</failure></testcase>`;
}

/**
 * Escapes text for XML attributes and content, dropping characters XML 1.0 cannot carry.
 *
 * @param text - Any text.
 * @returns The escaped text.
 */
export function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
