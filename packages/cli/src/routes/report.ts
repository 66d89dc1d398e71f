import type { Grant } from '@bulwark/core';
import type { Style } from '../terminal/style';
import type { AccessMatrix } from './access-matrix';
import type { RouteRow } from './route-rows';
import type { StrictViolation } from './strict-check';
import { textTable } from './text-table';

/** Everything `bulwark routes` prints. */
export interface RouteReport {
  readonly app: string;
  readonly rows: readonly RouteRow[];
  readonly matrix: AccessMatrix | null;
  /** Present with `--strict`. */
  readonly violations: readonly StrictViolation[] | null;
}

/** The report formats. */
export const REPORT_FORMATS = ['table', 'json', 'markdown', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The cells of a route row, shared by the table, Markdown and HTML formats. */
export function rowCells(row: RouteRow): string[][] {
  const permission: string[] = [];
  if (row.access === 'public') permission.push('public');
  else if (row.access === 'deny-all') permission.push('DENY ALL (no policy)');
  else {
    permission.push(row.permission ?? 'authenticated');
    if (row.roles.length > 0) permission.push(`roles: ${row.roles.join(' | ')}`);
    if (row.scopes.length > 0) permission.push(`scopes: ${row.scopes.join(' ')}`);
    if (row.check !== null) permission.push(`check: ${row.check}`);
    if (row.isList) permission.push('list (query narrowed)');
  }
  const audit =
    row.audit === null ? '-' : row.isAuditImplicit ? `${row.audit} (implicit)` : row.audit;
  return [
    [row.method],
    [row.path],
    row.schemes.length === 0 ? ['-'] : [row.schemes.join(', ')],
    permission,
    [row.loader ?? '-'],
    row.rateLimits.length === 0 ? ['-'] : [...row.rateLimits],
    row.validation.length === 0 ? ['-'] : [...row.validation],
    [audit],
  ];
}

export const ROUTE_HEADER = Object.freeze([
  'METHOD',
  'PATH',
  'SCHEMES',
  'PERMISSION',
  'LOADER',
  'RATE LIMITS',
  'VALIDATION',
  'AUDIT',
]);

/**
 * Renders the report as an aligned text table (with colours when the style allows).
 *
 * @param report - The report.
 * @param style - Colours, or plain.
 * @returns The text.
 */
export function formatTable(report: RouteReport, style: Style): string {
  const paint = (row: RouteRow, cells: string[][]): string[][] => {
    if (row.access === 'public') cells[3] = cells[3]!.map((line) => style.yellow(line));
    if (row.access === 'deny-all') cells[3] = cells[3]!.map((line) => style.red(line));
    return cells;
  };
  let text = `${style.bold(`Routes of ${report.app}`)} (${report.rows.length})\n\n`;
  text += textTable(
    ROUTE_HEADER,
    report.rows.map((row) => paint(row, rowCells(row))),
  );
  if (report.matrix !== null) {
    const grant = (g: Grant): string =>
      g === 'allowed' ? style.green(g) : g === 'conditional' ? style.yellow(g) : style.dim(g);
    text += `\n${style.bold('Access matrix')}\n\n`;
    text += textTable(
      ['ROUTE', ...report.matrix.columns],
      report.matrix.rows.map((row) => [
        [`${row.method} ${row.path}`],
        ...report.matrix!.columns.map((c) => [grant(row.cells[c]!)]),
      ]),
    );
  }
  return text + formatViolations(report, style);
}

function formatViolations(report: RouteReport, style: Style): string {
  if (report.violations === null) return '';
  if (report.violations.length === 0) return `\n${style.green('strict: every route passes')}\n`;
  const lines = report.violations.map((v) => `  ${style.red(v.problem)}  ${v.message}`);
  return `\n${style.red(`strict: ${report.violations.length} problem(s)`)}\n${lines.join('\n')}\n`;
}

/**
 * Renders the report as GitHub-flavoured Markdown tables.
 *
 * @param report - The report.
 * @returns The Markdown.
 */
export function formatMarkdown(report: RouteReport): string {
  const escape = (text: string): string => text.replace(/\|/g, '\\|');
  const table = (header: readonly string[], rows: string[][]): string =>
    [
      `| ${header.join(' | ')} |`,
      `| ${header.map(() => '---').join(' | ')} |`,
      ...rows.map((cells) => `| ${cells.map(escape).join(' | ')} |`),
    ].join('\n');
  let text = `# Routes of ${report.app}\n\n`;
  text += table(
    ROUTE_HEADER,
    report.rows.map((row) => rowCells(row).map((cell) => cell.join('<br>'))),
  );
  if (report.matrix !== null) {
    const { columns } = report.matrix;
    text += `\n\n## Access matrix\n\n`;
    text += table(
      ['Route', ...columns],
      report.matrix.rows.map((row) => [
        `${row.method} ${row.path}`,
        ...columns.map((c) => row.cells[c]!),
      ]),
    );
  }
  if (report.violations !== null) {
    text += `\n\n## Strict check\n\n`;
    text +=
      report.violations.length === 0
        ? 'Every route passes.'
        : report.violations.map((v) => `- **${v.problem}**: ${escape(v.message)}`).join('\n');
  }
  return `${text}\n`;
}

/**
 * Renders the report as JSON: the rows, the matrix and the strict result as data.
 *
 * @param report - The report.
 * @returns The JSON text.
 */
export function formatJson(report: RouteReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
