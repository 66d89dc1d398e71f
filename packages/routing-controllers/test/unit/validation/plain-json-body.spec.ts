import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express, { type Request } from 'express';
import fc from 'fast-check';
import { toProblem } from '../../../src/errors/problem';
import { createBodyReader } from '../../../src/validation/json-body';
import { isPlainJson } from '../../../src/validation/plain-json-body';

const LIMITS = { maxDepth: 8, maxArrayLength: 50, maxStringLength: 2000 };
const MAX_BYTES = 1024;

/** What a client learns from one request: the status, and the body read or the refusal code. */
interface Outcome {
  readonly status: number;
  readonly body?: unknown;
  readonly code?: string;
}

/** Content types that mean the same JSON in UTF-8; only the first is read by the plain reader. */
const PLAIN = 'application/json';
const THROUGH_BODY_PARSER = 'application/json; charset="utf-8"';

function send(
  port: number,
  body: Buffer,
  headers: Record<string, string>,
  isChunked = false,
): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/',
        headers: isChunked ? headers : { ...headers, 'content-length': String(body.length) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            ...JSON.parse(Buffer.concat(chunks).toString()),
          }),
        );
      },
    );
    outgoing.on('error', reject);
    if (isChunked) {
      // Two writes without a length: the body travels chunked, so only the reader can count it.
      outgoing.write(body.subarray(0, body.length >> 1));
      outgoing.end(body.subarray(body.length >> 1));
    } else outgoing.end(body);
  });
}

describe('readPlainJson', function () {
  this.timeout(60_000);
  let server: Server;
  let port: number;

  before(async () => {
    const read = createBodyReader(MAX_BYTES, LIMITS);
    const app = express();
    app.post('/', (request, response) => {
      Promise.resolve(read(request, response)).then(
        () => response.json({ body: request.body as unknown }),
        (error: unknown) => {
          const problem = toProblem(error, 'test', false);
          response.status(problem.status).json({ code: problem.code });
        },
      );
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
  });

  after(() => new Promise((resolve) => server.close(resolve)));

  describe('isPlainJson', () => {
    function withHeaders(headers: Record<string, string>): Request {
      return { headers } as unknown as Request;
    }

    it('accepts JSON declared without a charset or as UTF-8, in any letter case', () => {
      for (const type of [
        PLAIN,
        'Application/JSON; charset=UTF-8',
        'application/json;charset=utf-8',
      ]) {
        expect(isPlainJson(withHeaders({ 'content-type': type })), type).to.equal(true);
      }
    });

    it('leaves every other form to body-parser', () => {
      const others: Record<string, string>[] = [
        { 'content-type': THROUGH_BODY_PARSER },
        { 'content-type': 'application/vnd.api+json' },
        { 'content-type': 'application/json; charset=utf-16' },
        { 'content-type': 'text/plain' },
        { 'content-type': PLAIN, 'content-encoding': 'gzip' },
        {},
      ];
      for (const headers of others) expect(isPlainJson(withHeaders(headers))).to.equal(false);
    });
  });

  it('answers every body as body-parser does', async () => {
    const text = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
      fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value).slice(0, -1)),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom('', ' ', '\n[]\t', '{}', '{"a":1}garbage', 'null', '"x"', '12'),
      fc.integer({ min: MAX_BYTES - 12, max: MAX_BYTES + 12 }).map((n) => `["${'x'.repeat(n)}"]`),
    );
    const body = fc.oneof(
      { arbitrary: text.map((t) => Buffer.from(t)), weight: 6 },
      { arbitrary: text.map((t) => Buffer.from(`\ufeff${t}`)), weight: 1 },
      { arbitrary: fc.uint8Array({ maxLength: 30 }).map((bytes) => Buffer.from(bytes)), weight: 1 },
    );

    await fc.assert(
      fc.asyncProperty(body, fc.boolean(), async (bytes, isChunked) => {
        const plain = await send(port, bytes, { 'content-type': PLAIN }, isChunked);
        const parsed = await send(port, bytes, { 'content-type': THROUGH_BODY_PARSER }, isChunked);

        expect(plain).to.deep.equal(parsed);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a body over the limit with 413, declared or counted while chunked', async () => {
    const large = Buffer.from(JSON.stringify({ text: 'x'.repeat(MAX_BYTES) }));

    for (const isChunked of [false, true]) {
      expect(await send(port, large, { 'content-type': PLAIN }, isChunked)).to.deep.equal({
        status: 413,
        code: 'ERR_REQUEST_TOO_LARGE',
      });
    }
  });

  it('refuses a forbidden key after reading, as on every other path', async () => {
    const outcome = await send(port, Buffer.from('{"__proto__":{"isAdmin":true}}'), {
      'content-type': PLAIN,
    });

    expect(outcome).to.deep.equal({ status: 400, code: 'ERR_REQUEST_MALFORMED' });
    expect(({} as Record<string, unknown>).isAdmin).to.equal(undefined);
  });
});
