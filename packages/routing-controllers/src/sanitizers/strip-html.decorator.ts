import { sanitizeHtmlModule, type SanitizeHtmlOptions } from './sanitize-html-module';
import { applyToText, sanitizerDecorator } from './text-sanitizer';

/** sanitize-html with no tag and no attribute allowed: markup goes, its text stays. */
const STRIP_ALL: SanitizeHtmlOptions = Object.freeze({
  allowedTags: [],
  allowedAttributes: {},
});

/**
 * Removes every HTML tag before validation, for plain-text fields that a web page may render
 * (titles, names, comments). Text inside tags is kept, except the content of `script`, `style`
 * and similar elements, which is dropped with them. Uses sanitize-html's HTML parser, so
 * malformed and nested markup is handled as browsers would read it, not by pattern matching.
 *
 * The remaining text is HTML-escaped (`&` becomes `&amp;`, `<` becomes `&lt;`), so the stored
 * value is safe to place in HTML as is; a client that escapes again shows the entities.
 *
 * @returns A property decorator for string and string-array properties.
 * @example
 * ```ts
 * class CreateNote {
 *   @StripHtml()
 *   @Trim()
 *   @MaxLength(200)
 *   title!: string;
 * }
 * ```
 */
export function StripHtml(): PropertyDecorator {
  return sanitizerDecorator(stripText);
}

/**
 * The imperative form of {@link StripHtml}.
 *
 * @param value - A string, a string array or anything else (returned unchanged).
 * @returns The value without HTML tags.
 */
export function stripHtml(value: unknown): unknown {
  return applyToText(value, stripText);
}

function stripText(text: string): string {
  return sanitizeHtmlModule()(text, STRIP_ALL);
}
