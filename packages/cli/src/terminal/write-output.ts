import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CliError } from '../cli-error';
import { EXIT_CODES } from '../exit-codes';
import type { CliIo } from './io';

/**
 * Writes a command's result to stdout, or to a file when `out` is given (and says so on
 * stderr, so stdout stays clean for pipes).
 *
 * @param text - The result.
 * @param out - A file path relative to the working folder, or `undefined` for stdout.
 * @param io - The CLI streams.
 * @throws CliError exit 5 when the file cannot be written.
 */
export async function writeOutput(text: string, out: string | undefined, io: CliIo): Promise<void> {
  if (out === undefined) {
    io.stdout.write(text);
    return;
  }
  const file = resolve(io.cwd, out);
  try {
    await writeFile(file, text);
  } catch (error) {
    throw new CliError(
      EXIT_CODES.STEP_FAILED,
      `Could not write ${file}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  io.stderr.write(`Wrote ${file}\n`);
}
