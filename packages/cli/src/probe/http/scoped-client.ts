import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { targetOf, type ProbeScope } from './base-url';

/** One request as the probe writes it. */
export interface ProbeRequest {
  readonly method: string;
  /** A path under the base URL, with an optional query string, sent byte for byte. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

/** What came back. */
export interface ProbeResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The body as text, cut at {@link MAX_BODY_BYTES}. */
  readonly text: string;
  /** The body parsed as JSON, or `undefined` when it is not JSON. */
  readonly json: unknown;
}

/** Why a request was not sent. */
export class BudgetError extends Error {
  override readonly name = 'BudgetError';
}

/** Bounds of one run. */
export interface ClientLimits {
  /** Most requests the whole run may send. */
  readonly maxRequests: number;
  /** Epoch milliseconds after which nothing more is sent. */
  readonly deadline: number;
  /** Longest wait for one answer, in milliseconds. */
  readonly requestTimeoutMs: number;
  /** Verify the server certificate of an https target. @defaultValue true */
  readonly verifyTls?: boolean;
}

/** Bodies beyond this are cut: the checks read the start of an answer, not megabytes of it. */
export const MAX_BODY_BYTES = 512 * 1024;

/**
 * The only way the probe talks to the network. Every request goes to the scope's resolved
 * address, with a path that {@link targetOf} has checked stays under the base URL; redirects are
 * never followed; the request count and the run's deadline are enforced before each send.
 */
export class ScopedClient {
  private count = 0;
  private readonly agent: HttpAgent;
  private readonly lookup: LookupFunction;

  /**
   * @param scope - The resolved base URL.
   * @param limits - Request budget, deadline and per-request timeout.
   */
  constructor(
    readonly scope: ProbeScope,
    private readonly limits: ClientLimits,
  ) {
    const isTls = scope.protocol === 'https:';
    const options = { keepAlive: true, maxSockets: 16 };
    this.agent = isTls
      ? new HttpsAgent({ ...options, rejectUnauthorized: limits.verifyTls !== false })
      : new HttpAgent(options);
    // Pinned: whatever name the URL had, sockets connect to the address checked at start-up.
    this.lookup = ((_host: string, opts: unknown, callback: unknown) => {
      const done = (typeof opts === 'function' ? opts : callback) as (...args: unknown[]) => void;
      const all = typeof opts === 'object' && opts !== null && (opts as { all?: boolean }).all;
      if (all) done(null, [{ address: scope.address, family: scope.family }]);
      else done(null, scope.address, scope.family);
    }) as LookupFunction;
  }

  /** Requests sent so far. */
  get sent(): number {
    return this.count;
  }

  /** Requests the budget still allows. */
  get remaining(): number {
    return Math.max(0, this.limits.maxRequests - this.count);
  }

  /** Milliseconds left before the deadline. */
  get timeLeft(): number {
    return this.limits.deadline - Date.now();
  }

  /**
   * Sends one request inside the scope.
   *
   * @param request - Method, path, headers and raw body.
   * @returns Status, headers and body.
   * @throws ScopeError when the path leaves the scope (nothing is sent).
   * @throws BudgetError when the request budget or the run's time is used up.
   * @throws Error when the connection fails or the answer does not come in time.
   */
  async send(request: ProbeRequest): Promise<ProbeResponse> {
    const path = targetOf(this.scope, request.path);
    if (this.count >= this.limits.maxRequests) {
      throw new BudgetError(`the request budget (${this.limits.maxRequests}) is used up`);
    }
    const timeout = Math.min(this.limits.requestTimeoutMs, this.timeLeft);
    if (timeout <= 0) throw new BudgetError('the time limit of the run is reached');
    this.count += 1;
    return this.exchange(request, path, timeout);
  }

  /** Closes idle connections. */
  close(): void {
    this.agent.destroy();
  }

  private exchange(request: ProbeRequest, path: string, timeout: number): Promise<ProbeResponse> {
    const headers: Record<string, string> = { ...request.headers };
    if (request.body !== undefined)
      headers['content-length'] = String(Buffer.byteLength(request.body));
    const send = this.scope.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const outgoing = send(
        {
          host: this.scope.hostname,
          port: this.scope.port,
          method: request.method,
          path,
          headers,
          agent: this.agent,
          lookup: this.lookup,
          servername: this.scope.hostname,
          timeout,
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            if (size < MAX_BODY_BYTES) chunks.push(chunk);
            size += chunk.length;
          });
          response.on('end', () =>
            resolve(toResponse(response.statusCode ?? 0, response.headers, chunks)),
          );
          response.on('error', reject);
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${timeout} ms`)));
      outgoing.on('error', reject);
      outgoing.end(request.body);
    });
  }
}

function toResponse(status: number, headers: IncomingHttpHeaders, chunks: Buffer[]): ProbeResponse {
  const text = Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8');
  let json: unknown;
  if (/json/i.test(String(headers['content-type'] ?? ''))) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { status, headers, text, json };
}
