import { isCliError } from '../cli-error';
import { checkDependencies } from '../doctor/check-dependencies';
import { checkRoutes } from '../doctor/check-routes';
import { checkSecrets } from '../doctor/check-secrets';
import { checkSettings } from '../doctor/check-settings';
import type { ProjectContext } from '../doctor/doctor-context';
import { sortFindings, type Finding } from '../doctor/finding';
import { countFindings, formatFindings } from '../doctor/format-findings';
import { probeApp } from '../doctor/probe-app';
import { EXIT_CODES } from '../exit-codes';
import { loadProject } from '../project/load-project';
import { withApp } from '../project/open-app';
import { PROJECT_HELP, PROJECT_OPTIONS, projectRoot } from '../project/project-options';
import { appName } from '../project/run-with-app';
import { oneOf, parseOptions } from '../terminal/parse-options';
import { startProgress } from '../terminal/progress';
import { styleFor } from '../terminal/style';
import { writeOutput } from '../terminal/write-output';
import type { Command } from './command';

const HELP = `Usage: bulwark doctor [options]

Checks an app's configuration and environment and prints findings with severity, reason
and fix: weak or missing secrets, HMAC tokens in production, CORS wildcard with
credentials, HTTPS not enforced in production, trusted proxies unset behind a proxy,
authentication endpoints without a rate limit, memory stores in production, verbose
errors, unaudited mutating routes, and known-vulnerable dependencies (npm audit, or
Bulwark's minimum-safe-version table against the lockfile when npm audit gets no answer).

Options:
  -p, --production      Check as production (also sets NODE_ENV=production while the app
                        is built); otherwise NODE_ENV decides
      --offline         Skip npm audit; use the shipped safe-version table only
  -f, --format <fmt>    text (default) or json
  -o, --out <file>      Write the findings to a file instead of stdout
${PROJECT_HELP}
  -h, --help            Show this help

Exit codes: 0 no high finding; 1 at least one high finding (an app that fails to start is
one); 2 usage error; 3 no bulwark.config could be loaded; 5 the output file could not be
written.
`;

/** `bulwark doctor`: configuration and dependency review. */
export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'Check configuration, environment and dependencies; exit 1 on a high finding',
  help: HELP,
  async run(args, io) {
    const { values } = parseOptions(
      args,
      {
        ...PROJECT_OPTIONS,
        production: { type: 'boolean', short: 'p' },
        offline: { type: 'boolean' },
        format: { type: 'string', short: 'f' },
        out: { type: 'string', short: 'o' },
      },
      0,
    );
    const format = oneOf(values['format'], 'format', ['text', 'json'] as const);
    if (values['production'] === true) process.env['NODE_ENV'] = 'production';
    const root = projectRoot(values, io.cwd);
    const project = await loadProject(root, values['config'] as string | undefined);
    const context: ProjectContext = {
      project,
      env: project.env,
      isProduction: project.env['NODE_ENV'] === 'production',
    };

    const found: Finding[] = [...checkSecrets(context), ...(await checkApp(context, io.stderr))];
    const progress = startProgress(io.stderr, 'Checking dependencies');
    found.push(...(await checkDependencies({ root, isOffline: values['offline'] === true })));
    progress.done('Checked dependencies');
    const findings = sortFindings(found);

    const out = values['out'] as string | undefined;
    const name = appName(root);
    const text =
      format === 'json'
        ? `${JSON.stringify({ app: name, isProduction: context.isProduction, counts: countFindings(findings), findings }, null, 2)}\n`
        : formatFindings(name, findings, styleFor(out === undefined ? io.stdout : {}, io.env));
    await writeOutput(text, out, io);
    return findings.some((f) => f.severity === 'high') ? EXIT_CODES.CHECK_FAILED : EXIT_CODES.OK;
  },
};

/** Builds the app and runs the checks that need it; a failed start is itself a finding. */
async function checkApp(
  context: ProjectContext,
  stderr: { write(t: string): unknown; isTTY?: boolean },
): Promise<Finding[]> {
  const progress = startProgress(stderr, 'Building the app');
  try {
    return await withApp(context.project, async (handle) => {
      progress.done(`Built the app (${handle.bulwark.policies.length} routes)`);
      const app = { ...context, handle };
      return [...checkSettings(app), ...checkRoutes(app), ...(await probeApp(app))];
    });
  } catch (error) {
    if (!isCliError(error)) throw error;
    progress.fail('The app did not start');
    return [
      {
        id: 'app.start-failed',
        severity: 'high',
        title: 'The app does not start with this configuration',
        reason: error.message,
        fix: 'Fix the configuration named in the message (often a missing secret or database URL), then run the doctor again.',
      },
    ];
  }
}
