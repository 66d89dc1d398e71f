import { ERROR_CATALOG, type ErrorCode } from './codes';

/** Options of {@link BulwarkError}. */
export interface BulwarkErrorOptions {
  /** Facts safe to show a client (for request codes) or an operator (for setup codes). */
  readonly details?: Readonly<Record<string, unknown>>;
  /** The underlying error. Never serialized into a response. */
  readonly cause?: unknown;
  /** Response headers the refusal needs, such as `WWW-Authenticate` or `Retry-After`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Overrides the catalog status where a code maps to two statuses (kept rare). */
  readonly status?: number;
  /**
   * Why, in more detail than the client may learn (for example which JWT check failed). Goes to
   * the audit record and the log, never into a response.
   */
  readonly reason?: string;
}

/**
 * The one error class of Bulwark. Its `code` comes from the closed catalog in `codes.ts`, so a
 * caller can switch over it; `details` hold only facts that are safe to expose.
 *
 * @example
 * ```ts
 * throw new BulwarkError('ERR_AUTHZ_DENIED', 'You may not update this note.');
 * ```
 */
export class BulwarkError extends Error {
  override readonly name = 'BulwarkError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Readonly<Record<string, unknown>> | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly reason: string | undefined;

  /**
   * @param code - A catalog code.
   * @param message - A human sentence; for request codes it is shown to the client, so it must
   *   not contain secrets or internals.
   * @param options - Details, cause, headers.
   */
  constructor(code: ErrorCode, message: string, options: BulwarkErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status ?? ERROR_CATALOG[code].status;
    this.details = options.details;
    this.headers = options.headers ?? {};
    this.reason = options.reason;
  }
}

/**
 * Tells whether a value is a {@link BulwarkError}, also across copies of the package.
 *
 * @param value - Anything caught.
 * @returns `true` when it carries a catalog code.
 */
export function isBulwarkError(value: unknown): value is BulwarkError {
  if (value instanceof BulwarkError) return true;
  if (!(value instanceof Error) || value.name !== 'BulwarkError') return false;
  const code = (value as Error & { code?: unknown }).code;
  return typeof code === 'string' && Object.hasOwn(ERROR_CATALOG, code);
}
