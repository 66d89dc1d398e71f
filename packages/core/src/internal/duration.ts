import { BulwarkError } from '../errors/bulwark.error';

const UNIT_MS: Readonly<Record<string, number>> = Object.freeze({
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
});

/** A duration in milliseconds, or a human string such as `'500ms'`, `'30s'`, `'15m'`, `'1h'`, `'1d'`. */
export type Duration = number | `${number}${'ms' | 's' | 'm' | 'h' | 'd'}`;

/**
 * Turns a {@link Duration} into milliseconds.
 *
 * @param value - Milliseconds or a human string.
 * @returns A positive whole number of milliseconds.
 * @throws BulwarkError `ERR_DECORATOR_ARGUMENT` when the value is not a positive duration.
 */
export function parseDuration(value: Duration): number {
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value > 0) return value;
  } else {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(value);
    const unit = match?.[2] === undefined ? undefined : UNIT_MS[match[2]];
    if (match?.[1] !== undefined && unit !== undefined) {
      const ms = Math.round(Number(match[1]) * unit);
      if (ms > 0) return ms;
    }
  }
  throw new BulwarkError('ERR_DECORATOR_ARGUMENT', `Invalid duration: ${String(value)}.`);
}
