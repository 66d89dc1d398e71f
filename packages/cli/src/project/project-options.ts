import { resolve } from 'node:path';

/** The options every command that loads a project takes. */
export const PROJECT_OPTIONS = Object.freeze({
  cwd: { type: 'string' as const, short: 'C' },
  config: { type: 'string' as const, short: 'c' },
});

/** Help lines for {@link PROJECT_OPTIONS}. */
export const PROJECT_HELP = `  -C, --cwd <dir>       The project folder (default: the current folder)
  -c, --config <file>   The config file (default: bulwark.config.{js,cjs,mjs,ts} in the folder)`;

/**
 * Resolves the project folder from `--cwd`.
 *
 * @param values - Parsed option values.
 * @param cwd - The process's working folder.
 * @returns The absolute project folder.
 */
export function projectRoot(values: Readonly<Record<string, unknown>>, cwd: string): string {
  return resolve(cwd, typeof values['cwd'] === 'string' ? values['cwd'] : '.');
}
