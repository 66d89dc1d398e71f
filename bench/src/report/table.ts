/**
 * Renders a Markdown table.
 *
 * @param header - Column titles.
 * @param rows - Cells, row by row.
 * @returns The table text.
 */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
