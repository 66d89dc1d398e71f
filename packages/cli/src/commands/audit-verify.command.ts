import { verifyAuditChain, type ChainHead, type ChainReport } from '@bulwark/audit';
import { CliError } from '../cli-error';
import { EXIT_CODES } from '../exit-codes';
import { loadProject } from '../project/load-project';
import { PROJECT_HELP, PROJECT_OPTIONS, projectRoot } from '../project/project-options';
import { oneOf, parseOptions } from '../terminal/parse-options';
import { startProgress } from '../terminal/progress';
import { styleFor } from '../terminal/style';
import type { Command } from './command';

const HELP = `Usage: bulwark audit verify [options]

Walks the app's stored audit chain from the start (through the audit.source() of its
bulwark.config) and reports the first modified, deleted, reordered or inserted event.

Options:
      --expected-head <sequence:hash>
                        A head recorded elsewhere earlier; events up to it must still be
                        there unchanged (detects a truncated tail)
      --page-size <n>   Events read per query (default 1000)
  -f, --format <fmt>    text (default) or json
${PROJECT_HELP}
  -h, --help            Show this help

The HMAC key, when the trail uses one, is read from the environment variable named by
audit.hmacKeyEnv in bulwark.config; it is never taken on the command line.

Exit codes: 0 the chain is intact; 1 the chain was tampered with; 2 usage error; 3 the
project has no audit source or the chain could not be read.
`;

/** `bulwark audit verify`: checks the tamper-evident audit chain. */
export const auditVerifyCommand: Command = {
  name: 'audit verify',
  summary: 'Verify the audit hash chain; exit 1 at the first tampered event',
  help: HELP,
  async run(args, io) {
    const { values } = parseOptions(
      args,
      {
        ...PROJECT_OPTIONS,
        'expected-head': { type: 'string' },
        'page-size': { type: 'string' },
        format: { type: 'string', short: 'f' },
      },
      0,
    );
    const format = oneOf(values['format'], 'format', ['text', 'json'] as const);
    const expectedHead = parseHead(values['expected-head']);
    const pageSize = parsePageSize(values['page-size']);
    const project = await loadProject(
      projectRoot(values, io.cwd),
      values['config'] as string | undefined,
    );
    const audit = project.config.audit;
    if (audit === undefined) {
      throw new CliError(
        EXIT_CODES.PROJECT,
        `${project.configFile} has no "audit" entry: give audit.source() returning a readable chain (see docs/cli.md).`,
      );
    }
    const keyName = audit.hmacKeyEnv;
    const hmacKey = keyName === undefined ? undefined : project.env[keyName];
    if (keyName !== undefined && (hmacKey === undefined || hmacKey === '')) {
      throw new CliError(
        EXIT_CODES.PROJECT,
        `${keyName} is not set: the chain's HMAC key is needed to verify it.`,
      );
    }

    const progress = startProgress(io.stderr, 'Verifying the audit chain');
    let report: ChainReport;
    try {
      const source = await audit.source();
      try {
        report = await verifyAuditChain(source, {
          ...(hmacKey === undefined ? {} : { hmacKey }),
          ...(expectedHead === undefined ? {} : { expectedHead }),
          pageSize,
        });
      } finally {
        await source.close?.();
      }
    } catch (error) {
      progress.fail('Could not read the audit chain');
      throw new CliError(
        EXIT_CODES.PROJECT,
        `Could not read the audit chain: ${(error as Error).message}`,
        { cause: error },
      );
    }
    progress.done(`Checked ${report.checked} events`);

    const style = styleFor(io.stdout, io.env);
    if (format === 'json') io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else if (report.isIntact) {
      const head =
        report.head === null ? 'empty chain' : `head ${report.head.sequence}:${report.head.hash}`;
      io.stdout.write(`${style.green('intact')} ${report.checked} events, ${head}\n`);
    } else {
      io.stdout.write(
        `${style.red(`tampered (${report.problem!.kind})`)} ${report.problem!.message}\n`,
      );
      io.stdout.write(`${report.checked} events verified before it.\n`);
    }
    return report.isIntact ? EXIT_CODES.OK : EXIT_CODES.CHECK_FAILED;
  },
};

function parseHead(value: unknown): ChainHead | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+):([0-9a-f]{64})$/.exec(String(value));
  if (match === null) {
    throw new CliError(
      EXIT_CODES.USAGE,
      '--expected-head must look like <sequence>:<64 hex digits>.',
    );
  }
  return { sequence: Number(match[1]), hash: match[2]! };
}

function parsePageSize(value: unknown): number {
  if (value === undefined) return 1000;
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1 || size > 100_000) {
    throw new CliError(EXIT_CODES.USAGE, '--page-size must be a whole number from 1 to 100000.');
  }
  return size;
}
