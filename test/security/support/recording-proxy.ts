import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the proxy saw it. */
export interface Seen {
  readonly method: string;
  readonly url: string;
}

/** A loopback proxy in front of an app that records every request it forwards. */
export interface RecordingProxy {
  readonly url: string;
  readonly seen: Seen[];
  close(): Promise<void>;
}

/**
 * Starts a proxy on an ephemeral loopback port that forwards every request, byte for byte, to
 * the target origin and records its method and URL, so a test sees exactly what a client sent.
 *
 * @param target - The origin to forward to, such as `http://127.0.0.1:3000`.
 * @returns The proxy.
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const seen: Seen[] = [];
  const server: Server = createServer((incoming, outgoing) => {
    seen.push({ method: incoming.method ?? '', url: incoming.url ?? '' });
    const forwarded = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
