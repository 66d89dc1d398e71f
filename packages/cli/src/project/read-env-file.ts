import { readFileSync } from 'node:fs';

/**
 * Parses a `.env` file: `NAME=value` lines, `#` comments, optional `export ` prefix, and values
 * in single or double quotes (double quotes understand `\n`). Nothing is expanded or executed.
 *
 * @param text - The file content.
 * @returns The variables, in a null-prototype record.
 */
export function parseEnvFile(text: string): Record<string, string> {
  const variables: Record<string, string> = Object.create(null);
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (match === null) continue;
    variables[match[1]!] = unquote(match[2]!);
  }
  return variables;
}

function unquote(value: string): string {
  const quote = value[0];
  if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) {
    const inner = value.slice(1, -1);
    return quote === '"' ? inner.replace(/\\n/g, '\n').replace(/\\"/g, '"') : inner;
  }
  return value.replace(/\s+#.*$/, '');
}

/**
 * Reads a `.env` file if there is one.
 *
 * @param file - Its path.
 * @returns Its variables, or an empty record when the file does not exist.
 */
export function readEnvFile(file: string): Record<string, string> {
  try {
    return parseEnvFile(readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Object.create(null);
    throw error;
  }
}
