import { EXIT_CODES } from '../exit-codes';
import { PROJECT_HELP, PROJECT_OPTIONS } from '../project/project-options';
import { runWithApp } from '../project/run-with-app';
import { accessMatrix } from '../routes/access-matrix';
import { formatHtml } from '../routes/format-html';
import {
  formatJson,
  formatMarkdown,
  formatTable,
  REPORT_FORMATS,
  type RouteReport,
} from '../routes/report';
import { routeRows } from '../routes/route-rows';
import { strictViolations } from '../routes/strict-check';
import { oneOf, parseOptions } from '../terminal/parse-options';
import { styleFor } from '../terminal/style';
import { writeOutput } from '../terminal/write-output';
import type { Command } from './command';

const HELP = `Usage: bulwark routes [options]

Loads the app through its bulwark.config and prints one row per route: method, path,
authentication schemes, permission (action/subject, roles, scopes), object loader, rate
limits, validation DTOs and audit action — read from the compiled policies, so the report
shows exactly what is enforced.

Options:
  -f, --format <fmt>    table (default), json, markdown or html (one self-contained page)
  -m, --matrix          Add the access matrix: roles and scopes × routes → allowed,
                        conditional or denied
  -s, --strict          Exit 1 when a route declares no policy, a public route changes data
                        without a rate limit by client address, or a mutating route is
                        not audited (a CI gate)
  -o, --out <file>      Write the report to a file instead of stdout
${PROJECT_HELP}
  -h, --help            Show this help

Exit codes: 0 report printed; 1 --strict found a problem; 2 usage error; 3 the project or
app could not be loaded; 5 the output file could not be written.
`;

/** `bulwark routes`: the route report, the access matrix and the strict CI gate. */
export const routesCommand: Command = {
  name: 'routes',
  summary: 'Print every route with its compiled policy (--matrix, --strict, --format)',
  help: HELP,
  async run(args, io) {
    const { values } = parseOptions(
      args,
      {
        ...PROJECT_OPTIONS,
        format: { type: 'string', short: 'f' },
        matrix: { type: 'boolean', short: 'm' },
        strict: { type: 'boolean', short: 's' },
        out: { type: 'string', short: 'o' },
      },
      0,
    );
    const format = oneOf(values['format'], 'format', REPORT_FORMATS);
    const report = await runWithApp(io, values, async ({ handle, name }) => {
      const { policies } = handle.bulwark;
      return {
        app: name,
        rows: routeRows(policies),
        matrix: values['matrix'] === true ? accessMatrix(policies) : null,
        violations: values['strict'] === true ? strictViolations(policies) : null,
      } satisfies RouteReport;
    });

    const out = values['out'] as string | undefined;
    const style = styleFor(out === undefined ? io.stdout : {}, io.env);
    const render = {
      table: () => formatTable(report, style),
      json: () => formatJson(report),
      markdown: () => formatMarkdown(report),
      html: () => formatHtml(report, new Date()),
    }[format];
    await writeOutput(render(), out, io);
    return (report.violations?.length ?? 0) > 0 ? EXIT_CODES.CHECK_FAILED : EXIT_CODES.OK;
  },
};
