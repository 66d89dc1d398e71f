import { stripStyle } from '../terminal/style';

/**
 * Lays out rows as an aligned plain-text table; a cell may hold several lines. Column widths
 * ignore colour escapes.
 *
 * @param header - Column titles.
 * @param rows - Cells; each cell is one or more lines.
 * @returns The table text, ending with a newline.
 */
export function textTable(
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<readonly string[]>>,
): string {
  const widths = header.map((title, column) =>
    Math.max(
      title.length,
      ...rows.flatMap((row) => (row[column] ?? []).map((line) => stripStyle(line).length)),
    ),
  );
  const pad = (text: string, column: number): string =>
    text + ' '.repeat(Math.max(0, widths[column]! - stripStyle(text).length));
  const lineOf = (cells: readonly string[]): string => cells.map(pad).join('  ').trimEnd();

  const lines = [lineOf(header), lineOf(widths.map((w) => '-'.repeat(w)))];
  for (const row of rows) {
    const height = Math.max(1, ...row.map((cell) => cell.length));
    for (let i = 0; i < height; i += 1) lines.push(lineOf(row.map((cell) => cell[i] ?? '')));
  }
  return `${lines.join('\n')}\n`;
}
