import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from '../cli-error';
import { EXIT_CODES } from '../exit-codes';

type Options = NonNullable<ParseArgsConfig['options']>;

/** What {@link parseOptions} returns: option values by name and the positional arguments. */
export interface ParsedOptions {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
}

/**
 * Parses a command's arguments with `node:util` `parseArgs` in strict mode, so an unknown option
 * or a missing value is a usage error (exit 2) rather than something silently ignored.
 *
 * @param args - The arguments after the command name.
 * @param options - The command's options (`--help` is added).
 * @param maxPositionals - How many positional arguments the command takes.
 * @returns The values and positionals.
 * @throws CliError with exit code 2 on any parsing problem.
 */
export function parseOptions(
  args: readonly string[],
  options: Options,
  maxPositionals: number,
): ParsedOptions {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...args],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new CliError(EXIT_CODES.USAGE, (error as Error).message, { cause: error });
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new CliError(
      EXIT_CODES.USAGE,
      `Unexpected argument "${parsed.positionals[maxPositionals]}".`,
    );
  }
  return {
    values: parsed.values as Record<string, string | boolean | undefined>,
    positionals: parsed.positionals,
  };
}

/**
 * Reads an option that must be one of a few words.
 *
 * @param value - The parsed value.
 * @param name - The option name, for the message.
 * @param allowed - The accepted words; the first is the default.
 * @returns The chosen word.
 * @throws CliError with exit code 2 for any other value.
 */
export function oneOf<T extends string>(value: unknown, name: string, allowed: readonly T[]): T {
  if (value === undefined) return allowed[0]!;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value))
    return value as T;
  throw new CliError(EXIT_CODES.USAGE, `--${name} must be one of: ${allowed.join(', ')}.`);
}
