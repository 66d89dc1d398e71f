import { BulwarkError } from '@bulwark/core';
import bodyParser from 'body-parser';
import type { Request, Response } from 'express';
import { inspectPayload, type PayloadLimits } from './inspect-payload';
import { isPlainJson, readPlainJson } from './plain-json-body';

/**
 * Reads and checks a JSON body: `undefined` when it is done at once (no body was sent), else a
 * promise that resolves when `request.body` holds the parsed payload. Refusals throw or reject.
 */
export type BodyReader = (request: Request, response: Response) => Promise<void> | undefined;

/**
 * Builds the body reader of a route that takes a JSON body: content type checked first (415),
 * then size (413), syntax (400), and finally depth, array length, string length and forbidden
 * keys (400) — all before any handler, loader or validator sees the payload.
 *
 * body-parser reads every body whose media type has a form of its own (a `+json` type, a
 * charset in quotes or other than UTF-8); the usual `application/json` with no charset or
 * UTF-8 is read by {@link readPlainJson}, with body-parser's own semantics and half its work.
 * The tree inspection is ours because body-parser does not bound depth or forbid keys.
 *
 * @param maxBytes - Size limit (`'100kb'` or bytes).
 * @param limits - Depth, array and string limits.
 * @returns The reader.
 */
export function createBodyReader(maxBytes: number | string, limits: PayloadLimits): BodyReader {
  // Compressed bodies are refused (415): inflating is work and memory spent before any limit
  // applies to what the client actually sent, and API clients do not need it.
  const parse = bodyParser.json({
    limit: maxBytes,
    strict: true,
    inflate: false,
    type: () => true,
  });
  return (request, response) => {
    if (!hasBody(request)) {
      if (request.body !== undefined) request.body = undefined;
      return undefined;
    }
    const isPlain = isPlainJson(request);
    if (!isPlain && request.is(['application/json', 'application/*+json']) === false) {
      throw new BulwarkError(
        'ERR_UNSUPPORTED_MEDIA_TYPE',
        'This route accepts application/json bodies only.',
      );
    }
    return new Promise<void>((resolve, reject) => {
      const inspect = (error?: unknown): void => {
        if (error !== undefined && error !== null) {
          reject(error);
          return;
        }
        const problem = inspectPayload(request.body, limits);
        if (problem !== null) {
          reject(
            new BulwarkError('ERR_REQUEST_MALFORMED', 'The request body breaks a payload limit.', {
              details: { problem },
            }),
          );
          return;
        }
        resolve();
      };
      if (isPlain) readPlainJson(request, maxBytes, inspect);
      else parse(request, response, inspect);
    });
  };
}

/**
 * The body reader of a route that declares no body: a request that sends one anyway is refused
 * with 415 `ERR_UNSUPPORTED_MEDIA_TYPE`, unread, so no undeclared input reaches a handler that
 * might read the raw stream or `request.body`.
 *
 * @param request - The Express request.
 * @returns `undefined` when the request has no body.
 * @throws BulwarkError `ERR_UNSUPPORTED_MEDIA_TYPE`
 */
export const refuseUndeclaredBody: BodyReader = (request) => {
  // Read before writing: Express requests are slow to grow a property, and most have no body.
  if (request.body !== undefined) request.body = undefined;
  if (hasBody(request)) {
    throw new BulwarkError('ERR_UNSUPPORTED_MEDIA_TYPE', 'This route takes no request body.');
  }
  return undefined;
};

function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return (
    request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
  );
}
