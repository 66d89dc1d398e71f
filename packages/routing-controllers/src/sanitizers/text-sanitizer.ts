import { Transform } from 'class-transformer';

/** Rewrites one string. */
export type TextSanitizer = (text: string) => string;

/**
 * Applies a sanitizer to a string, or to each string of an array; any other value passes
 * unchanged, so the property's validators still see (and refuse) a wrong type.
 *
 * @param value - An input value.
 * @param sanitize - The sanitizer.
 * @returns The sanitized value.
 */
export function applyToText(value: unknown, sanitize: TextSanitizer): unknown {
  if (typeof value === 'string') return sanitize(value);
  if (Array.isArray(value))
    return value.map((item: unknown) => (typeof item === 'string' ? sanitize(item) : item));
  return value;
}

/**
 * Makes a property decorator that runs a sanitizer while a plain input is transformed into its
 * DTO, before validation. Several sanitizers on one property run top to bottom.
 *
 * @param sanitize - The sanitizer.
 * @returns A property decorator.
 */
export function sanitizerDecorator(sanitize: TextSanitizer): PropertyDecorator {
  return Transform(({ value }) => applyToText(value, sanitize), { toClassOnly: true });
}
