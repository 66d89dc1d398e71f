import { format, resolveConfig } from 'prettier';

/**
 * Formats the report with the repository's Prettier settings, so the committed file is exactly
 * what the command wrote and stays readable as plain text (aligned table columns).
 *
 * @param markdown - The rendered report.
 * @param path - Where it will be written, for Prettier's configuration lookup.
 * @returns The formatted text.
 */
export async function formatMarkdown(markdown: string, path: string): Promise<string> {
  const options = (await resolveConfig(path)) ?? {};
  return format(markdown, { ...options, parser: 'markdown' });
}
