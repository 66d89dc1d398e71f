import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProbeConfig } from '../../../../src/probe/config/probe-config';
import { buildActors } from '../../../../src/probe/engine/actors';
import { ProbeSession } from '../../../../src/probe/engine/probe-session';
import { ResultBook, type CheckStatus } from '../../../../src/probe/engine/results';
import { resolveScope } from '../../../../src/probe/http/base-url';
import { ScopedClient } from '../../../../src/probe/http/scoped-client';
import type { ProbeTarget } from '../../../../src/probe/target/probe-target';

/** A request as the fake API sees it. */
export interface FakeRequest {
  readonly method: string;
  readonly url: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  /** The body parsed as JSON, `undefined` when it is not JSON. */
  readonly json: any;
}

/** What the fake API answers; errors become problem documents unless `raw` is given. */
export interface FakeAnswer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly raw?: string;
}

/** The security headers a well-behaved app sends, so only the behaviour under test differs. */
const SAFE = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

/** A running fake API. */
export interface FakeApi {
  readonly url: string;
  readonly seen: FakeRequest[];
  close(): void;
}

/**
 * Serves answers computed by `handle` on an ephemeral loopback port: a stand-in for an app with
 * exactly the behaviour a check must judge, correct or vulnerable.
 */
export async function fakeApi(handle: (request: FakeRequest) => FakeAnswer): Promise<FakeApi> {
  const seen: FakeRequest[] = [];
  const server: Server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const url = new URL(incoming.url ?? '/', 'http://fake.invalid');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      const request = {
        method: incoming.method ?? 'GET',
        url: incoming.url ?? '/',
        path: url.pathname,
        query: url.searchParams,
        headers: incoming.headers,
        text,
        json,
      };
      seen.push(request);
      const answer = handle(request);
      const isError = answer.status >= 400;
      const type = isError ? 'application/problem+json' : 'application/json';
      response.writeHead(answer.status, { ...SAFE, 'content-type': type, ...answer.headers });
      const problem = {
        status: answer.status,
        code: isError ? 'ERR_FAKE' : undefined,
        ...(answer.body as object),
      };
      response.end(answer.raw ?? JSON.stringify(isError ? problem : (answer.body ?? {})));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** A session against the fake API, as a run would build it. */
export async function sessionFor(
  url: string,
  target: ProbeTarget,
  config: ProbeConfig,
  allowWrites = true,
): Promise<ProbeSession> {
  const client = new ScopedClient(await resolveScope(url, false), {
    maxRequests: 2000,
    deadline: Date.now() + 60_000,
    requestTimeoutMs: 2000,
  });
  const { actors } = buildActors(target, config);
  return new ProbeSession(
    client,
    target,
    config,
    actors,
    new ResultBook(target.routes),
    allowWrites,
  );
}

/** The status of one check of the first route, after the session ran. */
export function statusIn(
  session: ProbeSession,
  check: string,
  routeIndex = 0,
): CheckStatus | 'absent' {
  const route = session.book.results()[routeIndex];
  return route?.checks.find((c) => c.check === check)?.status ?? 'absent';
}

/** The failure messages of one check of the first route. */
export function failuresIn(session: ProbeSession, check: string, routeIndex = 0): string[] {
  const route = session.book.results()[routeIndex];
  return (route?.checks.find((c) => c.check === check)?.failures ?? []).map((f) => f.message);
}

/** A compact JWT with the given header and claims and a dummy signature. */
export function token(
  claims: Record<string, unknown>,
  header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' },
): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode(header)}.${encode(claims)}.c2lnbmF0dXJl`;
}
