import type { OutputStream } from './io';

/** Text styles; each is the identity when colours are off. */
export interface Style {
  readonly isEnabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  cyan(text: string): string;
}

const codes = (open: number, close: number) => (text: string) =>
  `\u001b[${open}m${text}\u001b[${close}m`;

const COLOURED: Style = Object.freeze({
  isEnabled: true,
  bold: codes(1, 22),
  dim: codes(2, 22),
  red: codes(31, 39),
  yellow: codes(33, 39),
  green: codes(32, 39),
  cyan: codes(36, 39),
});

const same = (text: string): string => text;
const PLAIN: Style = Object.freeze({
  isEnabled: false,
  bold: same,
  dim: same,
  red: same,
  yellow: same,
  green: same,
  cyan: same,
});

/**
 * Chooses colours for a stream: on only when it is a terminal, unless `NO_COLOR` turns them off
 * or `FORCE_COLOR` (not `0`) turns them on. Pipes, files and CI logs get plain text.
 *
 * @param stream - Where the styled text goes.
 * @param env - The environment.
 * @returns The style to use.
 */
export function styleFor(
  stream: Pick<OutputStream, 'isTTY'>,
  env: Readonly<Record<string, string | undefined>>,
): Style {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return PLAIN;
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '' && force !== '0') return COLOURED;
  return stream.isTTY === true ? COLOURED : PLAIN;
}

/** Removes colour escapes, for measuring the width of styled text. */
export function stripStyle(text: string): string {
  return text.replace(/\u001b\[\d+m/g, '');
}
