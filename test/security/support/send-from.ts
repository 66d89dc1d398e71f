import { request, type IncomingHttpHeaders } from 'node:http';

/** An answer: status, headers and the body, parsed when it is JSON. */
export interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: any;
}

/** What to send. Headers go out exactly as given: nothing is added but the content length. */
export interface Sending {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  /** A value sent as JSON (sets `content-type: application/json` unless given). */
  readonly json?: unknown;
  readonly raw?: string;
  /** The loopback address the request leaves from, such as `127.0.0.2`: another client. */
  readonly from?: string;
}

/**
 * Sends one request over a fresh connection from a chosen loopback address, so a test can act
 * as several clients at once (the whole of 127.0.0.0/8 is the local machine) and control every
 * header a browser or an attacker would send.
 *
 * @param url - The full URL.
 * @param sending - Method, headers, body and source address.
 * @returns The answer.
 */
export function sendFrom(url: string, sending: Sending = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...sending.headers };
  let body = sending.raw;
  if (sending.json !== undefined) {
    body = JSON.stringify(sending.json);
    headers['content-type'] ??= 'application/json';
  }
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: sending.method ?? 'GET',
        headers,
        agent: false,
        ...(sending.from === undefined ? {} : { localAddress: sending.from }),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text.length > 0 ? JSON.parse(text) : null;
          } catch {
            parsed = text;
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: parsed });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/**
 * A loopback address no other test uses, so counters keyed by address start from zero even in
 * a store shared with other suites (Redis).
 *
 * @returns An address in 127.0.0.0/8.
 */
export function freshLoopbackAddress(): string {
  const byte = () => 1 + Math.floor(Math.random() * 250);
  return `127.${byte()}.${byte()}.${byte()}`;
}
