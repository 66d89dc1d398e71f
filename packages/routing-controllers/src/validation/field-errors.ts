import type { ValidationError } from 'class-validator';

/** One field error in a 400 answer. */
export interface FieldError {
  /** Where, as a dotted path from the input location: `body.items[0].name`. */
  readonly path: string;
  /** The failed constraint's name, such as `isString` or `whitelistValidation`. */
  readonly constraint: string;
  readonly message: string;
}

/** The `details` of an `ERR_VALIDATION_FAILED` answer. */
export type FieldErrorDetails = {
  readonly errors: readonly FieldError[];
  /** How many errors there were in all; only the first {@link MAX_FIELD_ERRORS} are listed. */
  readonly errorCount: number;
};

/** A payload of a thousand bad elements must not produce a thousand-entry answer. */
export const MAX_FIELD_ERRORS = 50;

/** Client-chosen keys appear in paths; they are cut so an answer cannot be inflated through them. */
const MAX_SEGMENT_LENGTH = 64;

/** Shorter values are too short to be secrets and too likely to occur in any message by chance. */
const MIN_SCRUBBED_LENGTH = 3;

/**
 * Flattens class-validator's error tree into `{ path, constraint, message }` entries.
 *
 * Security: the submitted value never appears. class-validator's own messages do not quote it,
 * but a custom message can (`$value`); a message containing the value is replaced by a neutral
 * one, so a mistyped password or token is never echoed back, even to its sender's logs.
 *
 * @param errors - class-validator's error tree (with values, which are read and dropped here).
 * @param location - The first path segment: `body`, `query`, `params` or `headers`.
 * @returns The field errors, capped at {@link MAX_FIELD_ERRORS}, and the total count.
 */
export function toFieldErrors(
  errors: readonly ValidationError[],
  location: string,
): FieldErrorDetails {
  const out: FieldError[] = [];
  const count = collect(errors, location, out);
  return { errors: out, errorCount: count };
}

function collect(errors: readonly ValidationError[], prefix: string, out: FieldError[]): number {
  let count = 0;
  for (const error of errors) {
    const path = `${prefix}${segment(error.property)}`;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      count += 1;
      if (out.length < MAX_FIELD_ERRORS)
        out.push({ path, constraint, message: scrub(message, error.value, path, constraint) });
    }
    if (error.children !== undefined && error.children.length > 0)
      count += collect(error.children, path, out);
  }
  return count;
}

function segment(property: string): string {
  if (/^\d+$/.test(property)) return `[${property}]`;
  return property.length > MAX_SEGMENT_LENGTH
    ? `.${property.slice(0, MAX_SEGMENT_LENGTH)}…`
    : `.${property}`;
}

function scrub(message: string, value: unknown, path: string, constraint: string): string {
  const text = typeof value === 'string' || typeof value === 'number' ? String(value) : null;
  if (text === null || text.length < MIN_SCRUBBED_LENGTH || !message.includes(text)) return message;
  return `${path} failed the ${constraint} check`;
}
