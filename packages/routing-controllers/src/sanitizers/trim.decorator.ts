import { applyToText, sanitizerDecorator } from './text-sanitizer';

/**
 * Removes leading and trailing white space (Unicode white space and line terminators) before
 * validation, so `"  "` fails `@IsNotEmpty()` and `" admin"` cannot pose as a different name.
 *
 * @returns A property decorator for string and string-array properties.
 * @example
 * ```ts
 * class CreateNote {
 *   @Trim()
 *   @IsNotEmpty()
 *   title!: string;
 * }
 * ```
 */
export function Trim(): PropertyDecorator {
  return sanitizerDecorator(trimText);
}

/**
 * The imperative form of {@link Trim}.
 *
 * @param value - A string, a string array or anything else (returned unchanged).
 * @returns The trimmed value.
 */
export function trim(value: unknown): unknown {
  return applyToText(value, trimText);
}

function trimText(text: string): string {
  return text.trim();
}
