import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CliError } from '../cli-error';
import type { Command } from '../commands/command';
import { EXIT_CODES } from '../exit-codes';
import type { CliIo } from '../terminal/io';
import { oneOf, parseOptions } from '../terminal/parse-options';
import { startProgress } from '../terminal/progress';
import { styleFor } from '../terminal/style';
import { writeOutput } from '../terminal/write-output';
import { EMPTY_PROBE_CONFIG, parseProbeConfig, type ProbeConfig } from './config/probe-config';
import { PROBE_DEFAULTS, runProbe, type ProbeOptions, type ProbeReport } from './engine/run-probe';
import { ScopeError } from './http/base-url';
import { loadTarget } from './load-target';
import { formatJson, formatJunit } from './report/format-machine';
import { formatTable } from './report/format-table';

const HELP = `Usage: bulwark probe --app <entry> --base-url <url> [options]

Attacks a running app with what its declared policies say must fail, and checks the exact
refusal: missing and forged credentials (401), principals without the permission and other
owners' objects (403/404), fields a principal may not write (403), malformed, oversized and
prototype-polluting input (400/413/415), injection strings in every text field and parameter
(refused or inert, never 5xx), rate limits (429, not reset by X-Forwarded-For or path
spellings), and leaks and security headers on every answer. See docs/probe.md.

Options:
  -a, --app <entry>       The app's bulwark.config file or project folder (its compiled
                          policies are read), or an OpenAPI document (.json) made by Bulwark
  -u, --base-url <url>    Where the app listens; no request ever goes anywhere else
  -c, --config <file>     Principals, their credentials, objects and field rules (JSON)
      --allow-writes      Also attack POST, PUT, PATCH and DELETE routes (creates and may
                          change data: use a disposable instance)
      --allow-remote      Accept a base URL that is not loopback (only for systems you are
                          allowed to test)
  -f, --format <fmt>      table (default), json or junit
  -o, --out <file>        Write the report to a file instead of stdout
      --max-requests <n>  Most requests to send (default ${PROBE_DEFAULTS.maxRequests})
      --timeout <s>       Longest run in seconds (default ${PROBE_DEFAULTS.timeoutSeconds})
      --max-burst <n>     Largest rate limit to exhaust (default ${PROBE_DEFAULTS.maxBurst})
  -h, --help              Show this help

Exit codes: 0 no check failed; 1 a check failed; 2 usage error (options, config file, base URL
refused); 3 the app or document could not be loaded; 5 the report could not be written.
`;

const OPTIONS = Object.freeze({
  app: { type: 'string' as const, short: 'a' },
  'base-url': { type: 'string' as const, short: 'u' },
  config: { type: 'string' as const, short: 'c' },
  'allow-writes': { type: 'boolean' as const },
  'allow-remote': { type: 'boolean' as const },
  format: { type: 'string' as const, short: 'f' },
  out: { type: 'string' as const, short: 'o' },
  'max-requests': { type: 'string' as const },
  timeout: { type: 'string' as const },
  'max-burst': { type: 'string' as const },
});

/** `bulwark probe`: policy-driven attacks on a running app. */
export const probeCommand: Command = {
  name: 'probe',
  summary: 'Attack a running app with what its policies say must fail; exit 1 on a failure',
  help: HELP,
  async run(args, io) {
    const { values } = parseOptions(args, OPTIONS, 0);
    const app = required(values['app'], 'app');
    const baseUrl = required(values['base-url'], 'base-url');
    const format = oneOf(values['format'], 'format', ['table', 'json', 'junit'] as const);
    const options = {
      baseUrl,
      allowWrites: values['allow-writes'] === true,
      allowRemote: values['allow-remote'] === true,
      maxRequests: count(values['max-requests'], 'max-requests', PROBE_DEFAULTS.maxRequests),
      timeoutSeconds: count(values['timeout'], 'timeout', PROBE_DEFAULTS.timeoutSeconds),
      maxBurst: count(values['max-burst'], 'max-burst', PROBE_DEFAULTS.maxBurst),
      config: await readConfig(values['config'], io.cwd, io.env),
    };
    const report = await probe(app, options, io);

    const out = values['out'] as string | undefined;
    const text =
      format === 'json'
        ? formatJson(report)
        : format === 'junit'
          ? formatJunit(report)
          : formatTable(report, styleFor(out === undefined ? io.stdout : {}, io.env));
    await writeOutput(text, out, io);
    return report.summary.failed > 0 ? EXIT_CODES.CHECK_FAILED : EXIT_CODES.OK;
  },
};

/** Reads the policies from `--app`, then runs the probe, with a progress line for each step. */
async function probe(
  app: string,
  options: Omit<ProbeOptions, 'target'>,
  io: CliIo,
): Promise<ProbeReport> {
  const loading = startProgress(io.stderr, 'Reading the policies');
  const { target, source } = await loadTarget(app, io.cwd).catch((error: unknown) => {
    loading.fail('Could not read the policies');
    throw error;
  });
  loading.done(`Read ${target.routes.length} routes from ${source}`);
  const probing = startProgress(io.stderr, `Probing ${options.baseUrl}`);
  try {
    const report = await runProbe({ ...options, target });
    probing.done(`Sent ${report.requests} requests`);
    return report;
  } catch (error) {
    probing.fail('The probe did not run');
    if (error instanceof ScopeError) {
      throw new CliError(EXIT_CODES.USAGE, `--base-url: ${error.message}`);
    }
    throw error;
  }
}

function required(value: unknown, name: string): string {
  if (typeof value === 'string' && value.length > 0) return value;
  throw new CliError(EXIT_CODES.USAGE, `--${name} is required.`);
}

function count(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (
    typeof value === 'string' &&
    /^\d+$/.test(value) &&
    parsed >= 1 &&
    Number.isSafeInteger(parsed)
  ) {
    return parsed;
  }
  throw new CliError(EXIT_CODES.USAGE, `--${name} must be a positive whole number.`);
}

async function readConfig(
  file: unknown,
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<ProbeConfig> {
  if (typeof file !== 'string') return EMPTY_PROBE_CONFIG;
  const path = resolve(cwd, file);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    // The parser's message can quote the file, and the file holds credentials: name the file only.
    const why =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'does not exist'
        : 'is not readable JSON';
    throw new CliError(EXIT_CODES.USAGE, `--config: ${path} ${why}.`);
  }
  const parsed = parseProbeConfig(raw, env);
  if ('problems' in parsed) {
    throw new CliError(
      EXIT_CODES.USAGE,
      `--config: ${path} is invalid:\n- ${parsed.problems.join('\n- ')}`,
    );
  }
  return parsed.config;
}
