import type { CliIo } from '../terminal/io';
import type { ExitCode } from '../exit-codes';

/** One `bulwark` subcommand. */
export interface Command {
  /** The words that select it, such as `routes` or `audit verify`. */
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The full `--help` text. */
  readonly help: string;
  /**
   * Runs the command.
   *
   * @param args - The arguments after the command name.
   * @param io - Streams, environment and working folder.
   * @returns The exit code.
   * @throws CliError for failures that end the command with a message.
   */
  run(args: readonly string[], io: CliIo): Promise<ExitCode>;
}
