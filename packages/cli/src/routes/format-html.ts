import type { RouteReport } from './report';
import { ROUTE_HEADER, rowCells } from './report';

const escapeHtml = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1d2430;background:#fff}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;margin-top:.5rem}
th,td{border:1px solid #d5dae1;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f2f4f7;position:sticky;top:0}
td.method{font-weight:600;font-family:ui-monospace,monospace}
td.path,td.limits,td.dto{font-family:ui-monospace,monospace}
tr.public td.permission{background:#fff6d6}tr.deny-all td.permission{background:#fde2e1}
td.allowed{background:#dff5e3}td.conditional{background:#fff3c4}td.denied{color:#7a8594}
ul.problems li{color:#a11d1d}p.meta{color:#5b6575}
`;

/**
 * Renders the report as one self-contained HTML page: inline styles, no script, no external
 * resource, every value escaped. A reviewer can open it straight from a CI artifact.
 *
 * @param report - The report.
 * @param generatedAt - The time printed on the page.
 * @returns The HTML document.
 */
export function formatHtml(report: RouteReport, generatedAt: Date): string {
  const cell = (lines: readonly string[], cls: string): string =>
    `<td class="${cls}">${lines.map(escapeHtml).join('<br>')}</td>`;
  const classes = ['method', 'path', 'schemes', 'permission', 'loader', 'limits', 'dto', 'audit'];
  const routeRows = report.rows
    .map(
      (row) =>
        `<tr class="${row.access}">${rowCells(row)
          .map((lines, i) => cell(lines, classes[i]!))
          .join('')}</tr>`,
    )
    .join('\n');
  let body = `<h1>Routes of ${escapeHtml(report.app)}</h1>
<p class="meta">${report.rows.length} routes, generated ${escapeHtml(generatedAt.toISOString())} by bulwark routes.</p>
<table><thead><tr>${ROUTE_HEADER.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>
<tbody>
${routeRows}
</tbody></table>`;
  if (report.matrix !== null) {
    const { columns } = report.matrix;
    const rows = report.matrix.rows
      .map(
        (row) =>
          `<tr><td class="path">${escapeHtml(`${row.method} ${row.path}`)}</td>${columns
            .map((c) => `<td class="${row.cells[c]}">${row.cells[c]}</td>`)
            .join('')}</tr>`,
      )
      .join('\n');
    body += `\n<h2>Access matrix</h2>
<table><thead><tr><th>Route</th>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody></table>`;
  }
  if (report.violations !== null) {
    body += `\n<h2>Strict check</h2>\n`;
    body +=
      report.violations.length === 0
        ? '<p>Every route passes.</p>'
        : `<ul class="problems">${report.violations
            .map((v) => `<li><strong>${v.problem}</strong>: ${escapeHtml(v.message)}</li>`)
            .join('')}</ul>`;
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Routes of ${escapeHtml(report.app)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
