import { BulwarkError } from '@bulwark/core';
import { applyToText, sanitizerDecorator } from './text-sanitizer';

/** The Unicode normalization forms. */
export type NormalizationForm = 'NFC' | 'NFD' | 'NFKC' | 'NFKD';

const FORMS: ReadonlySet<string> = new Set(['NFC', 'NFD', 'NFKC', 'NFKD']);

/**
 * Normalizes Unicode before validation, so that one text has one encoding: a composed `é` and
 * `e` + combining accent compare, index and deduplicate alike. `NFKC` also folds compatibility
 * characters (full-width letters, ligatures), which suits identifiers such as user names: with it,
 * `ａｄｍｉｎ` cannot register beside `admin`.
 *
 * @param form - The normalization form. @defaultValue 'NFC'
 * @returns A property decorator for string and string-array properties.
 * @throws BulwarkError `ERR_DECORATOR_ARGUMENT` for an unknown form.
 * @example
 * ```ts
 * class Register {
 *   @NormalizeUnicode('NFKC')
 *   @Matches(/^[a-z0-9_.-]{3,64}$/)
 *   username!: string;
 * }
 * ```
 */
export function NormalizeUnicode(form: NormalizationForm = 'NFC'): PropertyDecorator {
  checkForm(form);
  return sanitizerDecorator((text) => text.normalize(form));
}

/**
 * The imperative form of {@link NormalizeUnicode}.
 *
 * @param value - A string, a string array or anything else (returned unchanged).
 * @param form - The normalization form. @defaultValue 'NFC'
 * @returns The normalized value.
 * @throws BulwarkError `ERR_DECORATOR_ARGUMENT` for an unknown form.
 */
export function normalizeUnicode(value: unknown, form: NormalizationForm = 'NFC'): unknown {
  checkForm(form);
  return applyToText(value, (text) => text.normalize(form));
}

function checkForm(form: string): void {
  if (!FORMS.has(form)) {
    throw new BulwarkError(
      'ERR_DECORATOR_ARGUMENT',
      `@NormalizeUnicode(): unknown form "${String(form)}"; use NFC, NFD, NFKC or NFKD.`,
    );
  }
}
