/** String length bounds implied by a pattern, in code points as JSON Schema counts them. */
export interface LengthBounds {
  readonly minLength?: number;
  readonly maxLength?: number;
}

interface Atom {
  /** True when the atom can only match one BMP character, never half a surrogate pair. */
  readonly isNarrow: boolean;
  /** True for zero-width assertions (`\b`), which add no length. */
  readonly isZeroWidth: boolean;
  readonly end: number;
}

const NONE: LengthBounds = Object.freeze({});
const WIDE_ESCAPES = new Set(['D', 'W', 'S']);
const UNSUPPORTED_ESCAPES = /[1-9kpPcux0]/;

/**
 * Reads the length bounds a fully anchored pattern such as `/^[a-z0-9_.-]{3,64}$/` implies, so a
 * `@Matches` constraint documents its real `maxLength` (and `minLength` where exact).
 *
 * Only a plain sequence of atoms (literal ASCII characters, simple escapes, character classes
 * and `.`) with quantifiers is read; anything else (groups, alternation, back-references,
 * lookarounds, multiline or sticky flags) yields no bounds, which documents less than is
 * enforced but never more.
 *
 * `maxLength` holds whatever the atoms match: a code point is never longer than the UTF-16 units
 * a pattern counts. `minLength` is given only when no atom can match half a surrogate pair (or
 * the pattern has the `u` flag), since two such halves make one code point.
 *
 * @param pattern - The regular expression.
 * @returns The bounds it implies; empty when it implies none that can be read safely.
 */
export function lengthBoundsOf(pattern: RegExp): LengthBounds {
  if (/[gmy]/.test(pattern.flags)) return NONE;
  const source = pattern.source;
  if (!source.startsWith('^') || !source.endsWith('$') || source.endsWith('\\$')) return NONE;
  const body = source.slice(1, -1);
  let min = 0;
  let max = 0;
  let hasWideAtom = false;
  for (let index = 0; index < body.length;) {
    const atom = readAtom(body, index);
    if (atom === null) return NONE;
    const quantifier = readQuantifier(body, atom.end);
    if (quantifier === null || (atom.isZeroWidth && quantifier.end !== atom.end)) return NONE;
    if (!atom.isZeroWidth) {
      min += quantifier.min;
      max += quantifier.max;
      hasWideAtom ||= !atom.isNarrow;
    }
    index = quantifier.end;
  }
  const isMinExact = pattern.flags.includes('u') || !hasWideAtom;
  return {
    ...(isMinExact ? { minLength: min } : {}),
    ...(Number.isFinite(max) ? { maxLength: max } : {}),
  };
}

function readAtom(body: string, index: number): Atom | null {
  const char = body[index] as string;
  if (char === '\\') return readEscape(body, index);
  if (char === '[') return readClass(body, index);
  if (char === '.') return { isNarrow: false, isZeroWidth: false, end: index + 1 };
  if ('()|^$*+?{}'.includes(char)) return null;
  return char.charCodeAt(0) < 0x80 ? { isNarrow: true, isZeroWidth: false, end: index + 1 } : null;
}

function readEscape(body: string, index: number): Atom | null {
  const next = body[index + 1];
  if (next === undefined || UNSUPPORTED_ESCAPES.test(next)) return null;
  if (next === 'b' || next === 'B') return { isNarrow: true, isZeroWidth: true, end: index + 2 };
  return { isNarrow: !WIDE_ESCAPES.has(next), isZeroWidth: false, end: index + 2 };
}

function readClass(body: string, index: number): Atom | null {
  const isNegated = body[index + 1] === '^';
  let isNarrow = !isNegated;
  for (let i = index + (isNegated ? 2 : 1); i < body.length; i += 1) {
    const char = body[i] as string;
    if (char === ']') return { isNarrow, isZeroWidth: false, end: i + 1 };
    if (char === '\\') {
      const next = body[i + 1];
      if (next === undefined || UNSUPPORTED_ESCAPES.test(next)) return null;
      if (WIDE_ESCAPES.has(next)) isNarrow = false;
      i += 1;
    } else if (char.charCodeAt(0) >= 0x80) {
      isNarrow = false;
    }
  }
  return null;
}

function readQuantifier(
  body: string,
  index: number,
): { min: number; max: number; end: number } | null {
  const char = body[index];
  const lazy = (end: number): number => (body[end] === '?' ? end + 1 : end);
  if (char === '*') return { min: 0, max: Infinity, end: lazy(index + 1) };
  if (char === '+') return { min: 1, max: Infinity, end: lazy(index + 1) };
  if (char === '?') return { min: 0, max: 1, end: lazy(index + 1) };
  if (char !== '{') return { min: 1, max: 1, end: index };
  const match = /^\{(\d+)(,(\d*))?\}/.exec(body.slice(index));
  if (match === null) return null;
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3]);
  return { min, max, end: lazy(index + match[0].length) };
}
