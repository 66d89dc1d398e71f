import type { ExitCode } from './exit-codes';

/**
 * A failure the CLI reports as one line on stderr and an exit code, without a stack trace: a bad
 * option, a missing config file, a folder that is not empty.
 */
export class CliError extends Error {
  readonly exitCode: ExitCode;

  /**
   * @param exitCode - The exit code the command ends with.
   * @param message - What went wrong and, where it helps, what to do.
   * @param options - The underlying error, kept for `--verbose`-style debugging by callers.
   */
  constructor(exitCode: ExitCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/**
 * Tells a {@link CliError} from any other thrown value.
 *
 * @param value - A caught value.
 * @returns True for a CLI error.
 */
export function isCliError(value: unknown): value is CliError {
  return value instanceof CliError;
}
