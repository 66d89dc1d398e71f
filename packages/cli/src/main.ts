import { isCliError } from './cli-error';
import type { Command } from './commands/command';
import { auditVerifyCommand } from './commands/audit-verify.command';
import { doctorCommand } from './commands/doctor.command';
import { newCommand } from './commands/new.command';
import { openapiCommand } from './commands/openapi.command';
import { routesCommand } from './commands/routes.command';
import { probeCommand } from './probe/probe.command';
import { EXIT_CODES, type ExitCode } from './exit-codes';
import type { CliIo } from './terminal/io';
import { styleFor } from './terminal/style';

/** Every subcommand, in the order `bulwark --help` lists them. */
export const COMMANDS: readonly Command[] = Object.freeze([
  newCommand,
  routesCommand,
  doctorCommand,
  openapiCommand,
  auditVerifyCommand,
  probeCommand,
]);

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: bulwark <command> [options]

Secure-by-declaration APIs: scaffold an app, report what every route enforces, and check a
configuration before it ships.

Commands:
${lines.join('\n')}

Run "bulwark <command> --help" for a command's options.
Options: -h, --help (this text), -v, --version (the CLI version).
Exit codes: 0 ok, 1 a check failed, 2 usage error, 3 project not loadable,
4 target folder not empty, 5 an outside step failed, 70 internal error (see docs/cli.md).
`;
}

/**
 * Runs the `bulwark` command line.
 *
 * @param argv - The arguments after `bulwark`.
 * @param io - Streams, environment and working folder.
 * @returns The exit code (see `EXIT_CODES`).
 * @example
 * ```ts
 * const code = await run(['routes', '--matrix'], { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });
 * ```
 */
export async function run(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const [first] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout.write(overview());
    return first === undefined ? EXIT_CODES.USAGE : EXIT_CODES.OK;
  }
  if (first === '--version' || first === '-v') {
    io.stdout.write(`${version()}\n`);
    return EXIT_CODES.OK;
  }
  const match = findCommand(argv);
  if (match === null) {
    io.stderr.write(`Unknown command "${argv.slice(0, 2).join(' ')}". Run "bulwark --help".\n`);
    return EXIT_CODES.USAGE;
  }
  const args = argv.slice(match.name.split(' ').length);
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(match.help);
    return EXIT_CODES.OK;
  }
  return execute(match, args, io);
}

async function execute(command: Command, args: readonly string[], io: CliIo): Promise<ExitCode> {
  const style = styleFor(io.stderr, io.env);
  try {
    return await command.run(args, io);
  } catch (error) {
    if (isCliError(error)) {
      io.stderr.write(`${style.red('error')} ${error.message}\n`);
      if (error.exitCode === EXIT_CODES.USAGE) {
        io.stderr.write(`Run "bulwark ${command.name} --help" for its options.\n`);
      }
      return error.exitCode;
    }
    io.stderr.write(
      `${style.red('internal error')} bulwark ${command.name}: ${(error as Error)?.message ?? String(error)}\n`,
    );
    return EXIT_CODES.INTERNAL;
  }
}

function findCommand(argv: readonly string[]): Command | null {
  const two = argv.slice(0, 2).join(' ');
  return COMMANDS.find((c) => c.name === two) ?? COMMANDS.find((c) => c.name === argv[0]) ?? null;
}

function version(): string {
  // The manifest sits one folder above both src/ and dist/.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../package.json') as { version: string }).version;
}
