import { ERROR_CATALOG, isBulwarkError, type ErrorCode } from '@bulwark/core';

/** An RFC 9457 problem response, ready to send. */
export interface ProblemResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: ProblemBody;
  /** The code, also for errors that did not start as a BulwarkError. */
  readonly code: ErrorCode;
  /** True for errors that are bugs or outages rather than a refused request. */
  readonly isServerFault: boolean;
}

/** The JSON members of a Bulwark problem document. */
export interface ProblemBody {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: ErrorCode;
  readonly requestId: string;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly stack?: string;
}

/**
 * The longest `detail` a problem document carries. Details are sentences; a longer message (say,
 * an app that put data into one) is cut with an ellipsis, so every refusal stays bounded and the
 * API reference can state the bound.
 */
export const PROBLEM_DETAIL_MAX_LENGTH = 500;

/** Errors from body-parser, routing-controllers and Node that carry a status we can trust. */
interface ForeignError {
  readonly type?: unknown;
  readonly status?: unknown;
  readonly statusCode?: unknown;
  readonly httpCode?: unknown;
  readonly name?: unknown;
}

const FOREIGN_TYPES: Readonly<Record<string, ErrorCode>> = Object.freeze({
  'entity.too.large': 'ERR_REQUEST_TOO_LARGE',
  'entity.parse.failed': 'ERR_REQUEST_MALFORMED',
  'encoding.unsupported': 'ERR_UNSUPPORTED_MEDIA_TYPE',
  'charset.unsupported': 'ERR_UNSUPPORTED_MEDIA_TYPE',
  'request.aborted': 'ERR_REQUEST_MALFORMED',
  'request.size.invalid': 'ERR_REQUEST_MALFORMED',
  'parameters.too.many': 'ERR_REQUEST_MALFORMED',
});

/**
 * Classifies what was thrown into a catalog code. Only Bulwark errors keep their message; for
 * everything else the client sees the catalog title, because a foreign message can carry SQL,
 * file paths or secrets.
 */
function classify(error: unknown): { code: ErrorCode; message: string | null } {
  if (isBulwarkError(error)) {
    const entry = ERROR_CATALOG[error.code];
    return entry.kind === 'request'
      ? { code: error.code, message: error.message }
      : { code: 'ERR_INTERNAL', message: null };
  }
  const foreign = (error ?? {}) as ForeignError;
  if (typeof foreign.type === 'string' && Object.hasOwn(FOREIGN_TYPES, foreign.type)) {
    return { code: FOREIGN_TYPES[foreign.type] as ErrorCode, message: null };
  }
  const status = [foreign.httpCode, foreign.status, foreign.statusCode].find(
    (s) => typeof s === 'number',
  );
  if (status === 404) return { code: 'ERR_NOT_FOUND', message: null };
  if (status === 400) return { code: 'ERR_REQUEST_MALFORMED', message: null };
  if (status === 413) return { code: 'ERR_REQUEST_TOO_LARGE', message: null };
  if (status === 415) return { code: 'ERR_UNSUPPORTED_MEDIA_TYPE', message: null };
  return { code: 'ERR_INTERNAL', message: null };
}

/**
 * Turns anything thrown while serving a request into a problem response carrying only the code,
 * a message, the status, safe details and the request id.
 *
 * Security: a stack trace is included only when `exposeStackTraces` is explicitly true, and
 * then only for server faults.
 *
 * @param error - What was thrown.
 * @param requestId - The request id, so a client can quote it to operators.
 * @param exposeStackTraces - Development switch.
 * @returns Status, headers and body.
 */
export function toProblem(
  error: unknown,
  requestId: string,
  exposeStackTraces: boolean,
): ProblemResponse {
  const { code, message } = classify(error);
  const entry = ERROR_CATALOG[code];
  const isBulwark = isBulwarkError(error) && entry.kind === 'request';
  const status = isBulwark ? error.status : entry.status;
  const details = isBulwark ? error.details : undefined;
  const isServerFault = status >= 500;
  const stack =
    exposeStackTraces && isServerFault && error instanceof Error ? error.stack : undefined;
  const body: ProblemBody = {
    type: `urn:bulwark:error:${code}`,
    title: entry.title,
    status,
    detail: bounded(
      message ??
        (code === 'ERR_INTERNAL' ? `Internal error. Request id: ${requestId}.` : entry.description),
    ),
    code,
    requestId,
    ...(details === undefined ? {} : { details }),
    ...(stack === undefined ? {} : { stack }),
  };
  return { status, headers: isBulwark ? error.headers : {}, body, code, isServerFault };
}

function bounded(detail: string): string {
  return detail.length <= PROBLEM_DETAIL_MAX_LENGTH
    ? detail
    : `${detail.slice(0, PROBLEM_DETAIL_MAX_LENGTH - 1)}…`;
}
