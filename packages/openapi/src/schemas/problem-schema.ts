import { ERROR_CATALOG, type ErrorCode } from '@bulwark/core';
import { PROBLEM_DETAIL_MAX_LENGTH } from '@bulwark/routing-controllers';
import type { SchemaObject } from '../document/openapi-types';

/** The component name of the shared problem document schema. */
export const PROBLEM_SCHEMA = 'Problem';

/**
 * The codes that can reach a client: request codes of the catalog. A setup code reaching a
 * request is answered as `ERR_INTERNAL`, so it is never documented as such.
 */
export function requestCodes(): ErrorCode[] {
  return (Object.keys(ERROR_CATALOG) as ErrorCode[]).filter(
    (code) => ERROR_CATALOG[code].kind === 'request',
  );
}

/**
 * The RFC 9457 problem document every Bulwark refusal carries, exactly as the error handler
 * writes it: the closed list of codes with their `type` URNs and titles, a bounded `detail`, the
 * request id, and `details` holding facts safe to show. `stack` is listed only when the app
 * exposes stack traces.
 *
 * @param options - Whether the app puts stack traces into server faults.
 * @returns The component schema.
 */
export function problemSchema(options: { readonly exposeStackTraces: boolean }): SchemaObject {
  const codes = requestCodes();
  const properties: Record<string, SchemaObject> = {
    type: {
      type: 'string',
      description: 'A URN naming the code.',
      enum: codes.map((code) => `urn:bulwark:error:${code}`),
    },
    title: { type: 'string', enum: [...new Set(codes.map((code) => ERROR_CATALOG[code].title))] },
    status: { type: 'integer', format: 'int32', minimum: 400, maximum: 599 },
    detail: {
      type: 'string',
      description: 'A sentence for people; never parse it.',
      maxLength: PROBLEM_DETAIL_MAX_LENGTH,
    },
    code: { type: 'string', description: 'The stable code to switch on.', enum: codes },
    requestId: {
      type: 'string',
      description: 'Quote it to the operators; it is also the `X-Request-Id` header.',
      pattern: '^[A-Za-z0-9._-]{1,64}$',
      maxLength: 64,
    },
    details: {
      type: 'object',
      description:
        'Facts safe to show, such as `errors` (a list of `{ path, constraint, message }`) for `ERR_VALIDATION_FAILED`.',
    },
  };
  if (options.exposeStackTraces) {
    properties.stack = {
      type: 'string',
      description: 'The stack trace of a server fault. Present because the app exposes them.',
    };
  }
  return {
    type: 'object',
    description:
      'An RFC 9457 problem document. Switch on `code`; `title` and `detail` are for people.',
    required: ['type', 'title', 'status', 'detail', 'code', 'requestId'],
    additionalProperties: false,
    properties,
  };
}

/**
 * The schema of one refusal response: the shared problem document narrowed to the codes (and
 * statuses) that response can carry.
 *
 * @param codes - The codes the response can carry.
 * @param status - The HTTP status.
 * @returns A schema referring to {@link PROBLEM_SCHEMA}.
 */
export function problemResponseSchema(codes: readonly ErrorCode[], status: number): SchemaObject {
  return {
    allOf: [
      { $ref: `#/components/schemas/${PROBLEM_SCHEMA}` },
      {
        type: 'object',
        properties: {
          status: { const: status },
          code: { type: 'string', enum: [...codes] },
        },
      },
    ],
  };
}
