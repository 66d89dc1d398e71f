import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** An answer: status, headers and the body parsed as JSON when it is JSON. */
export interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: any;
  readonly text: string;
}

/** What to send; headers go out exactly as given (no `Origin`, `Sec-Fetch-*` added). */
export interface Sending {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  /** A value to send as JSON (sets `content-type: application/json` unless given). */
  readonly json?: unknown;
  /** A raw body. */
  readonly raw?: string | Buffer;
  readonly token?: string;
  /** CA certificate to trust for HTTPS. */
  readonly ca?: string;
}

/**
 * Sends one request with node:http(s), so the test controls every header (fetch adds
 * `sec-fetch-mode` and refuses some headers).
 */
export function send(url: string, sending: Sending = {}): Promise<Answer> {
  const target = new URL(url);
  const headers: Record<string, string> = { ...sending.headers };
  if (sending.token !== undefined) headers.authorization = `Bearer ${sending.token}`;
  let body: string | Buffer | undefined = sending.raw;
  if (sending.json !== undefined) {
    body = JSON.stringify(sending.json);
    headers['content-type'] ??= 'application/json';
  }
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(
      target,
      {
        method: sending.method ?? 'GET',
        headers,
        agent: false,
        ...(sending.ca === undefined ? {} : { ca: sending.ca }),
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
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: parsed,
            text,
          });
        });
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
