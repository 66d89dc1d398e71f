/** Structured fields of a log event. Never put credentials, tokens, raw bodies or personal data here. */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * The logger Bulwark writes to. pino, winston and console-like loggers fit through a small
 * adapter; the runtime checks the shape once at bootstrap.
 */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const noop = (): void => undefined;

/** A logger that drops everything; the default when none is injected. */
export const noopLogger: Logger = Object.freeze({
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
});

/**
 * Tells whether a value has the four logger methods.
 *
 * @param value - The `logger` option as given.
 * @returns `true` when every method is a function.
 */
export function isLogger(value: unknown): value is Logger {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return ['debug', 'info', 'warn', 'error'].every((m) => typeof candidate[m] === 'function');
}
