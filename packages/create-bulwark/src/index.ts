import { run, type CliIo, type ExitCode } from '@bulwark/cli';

/**
 * Runs `npm create bulwark <dir> -- [options]`: the same as `bulwark new <dir> [options]`, so
 * both ways of starting an app give the same result.
 *
 * @param argv - The arguments after `create-bulwark`.
 * @param io - Streams, environment and working folder.
 * @returns The exit code of `bulwark new`.
 * @example
 * ```sh
 * npm create bulwark my-api -- --db postgres --rate-limit-store redis
 * ```
 */
export function createBulwark(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  return run(['new', ...argv], io);
}
