import { finished } from 'node:stream';
import { BulwarkError } from '@bulwark/core';
import type { Request } from 'express';
import getRawBody from 'raw-body';

/**
 * The `Content-Type` values, lowercased, of almost every JSON request: JSON in UTF-8 (RFC 8259
 * makes UTF-8 the only encoding of JSON between systems). Anything else, quoted charsets and
 * `+json` types included, goes through body-parser.
 */
const PLAIN_JSON_TYPES = new Set([
  'application/json',
  'application/json; charset=utf-8',
  'application/json;charset=utf-8',
]);

/** JSON's insignificant whitespace, then the first character that is not. */
const FIRST_CHARACTER = /^[\x20\x09\x0a\x0d]*([^\x20\x09\x0a\x0d])/;

/**
 * Whether a request's body is JSON in UTF-8 by its exact `Content-Type`, not compressed.
 *
 * @param request - The Express request.
 * @returns `true` when {@link readPlainJson} may read the body.
 */
export function isPlainJson(request: Request): boolean {
  const type = request.headers['content-type'];
  const encoding = request.headers['content-encoding'];
  return (
    type !== undefined &&
    PLAIN_JSON_TYPES.has(type.toLowerCase()) &&
    (encoding === undefined || encoding.toLowerCase() === 'identity')
  );
}

/**
 * Reads a UTF-8 JSON body into `request.body`, as body-parser's strict JSON parser does for the
 * same request: raw-body enforces the size limit and the declared length, the UTF-8 decoding
 * replaces invalid sequences and drops a byte order mark, an empty body is `{}`, and a body whose
 * first character is not `{` or `[` is refused. On a reading error the rest of the request is
 * read off before the refusal, so the client is not answered in the middle of its upload.
 *
 * Hand-written over raw-body instead of calling body-parser because, for this one case,
 * body-parser parses the media type again (the route checked it already) and sets up a
 * character decoder per request; that was half of what reading a small body cost. A
 * differential test holds the two readers to the same answers.
 *
 * @param request - A request whose body {@link isPlainJson} accepted.
 * @param maxBytes - Size limit (`'100kb'` or bytes).
 * @param done - Called once, with the error when the body is refused.
 */
export function readPlainJson(
  request: Request,
  maxBytes: number | string,
  done: (error?: unknown) => void,
): void {
  // Marks the body read, as body-parser does, so no parser further down reads the stream again.
  (request as { _body?: boolean })._body = true;
  const length = request.headers['content-length'];
  getRawBody(request, { length: length ?? null, limit: maxBytes }, (error, buffer) => {
    if (error) {
      request.resume();
      finished(request, () => done(error));
      return;
    }
    try {
      request.body = parseStrict(buffer);
    } catch {
      done(new BulwarkError('ERR_REQUEST_MALFORMED', 'The request body is not valid JSON.'));
      return;
    }
    done();
  });
}

function parseStrict(buffer: Buffer): unknown {
  let text = buffer.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length === 0) return {};
  const first = FIRST_CHARACTER.exec(text)?.[1];
  if (first !== '{' && first !== '[') throw new SyntaxError('Not a JSON object or array.');
  return JSON.parse(text) as unknown;
}
