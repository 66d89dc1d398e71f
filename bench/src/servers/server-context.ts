import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BenchKeys } from '../fixtures/keys';

/** What a stack needs to start. */
export interface ServerContext {
  /** Users with one private item each; request `i` acts as user `i`. */
  readonly users: number;
  readonly keys: BenchKeys;
  /** A scratch directory of this run (SQLite files). */
  readonly runDirectory: string;
}

/** A started stack. */
export interface StartedStack {
  readonly server: Server;
  /** Stops accepting, flushes what the stack owns (audit) and closes it. */
  close(): Promise<void>;
}

/** Starts one stack on an ephemeral loopback port. */
export type StackFactory = (context: ServerContext) => Promise<StartedStack>;

/**
 * Listens on 127.0.0.1 with an ephemeral port.
 *
 * @param server - An HTTP server not yet listening.
 * @returns The port.
 */
export function listenOnLoopback(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/** Closes a server, waiting for open connections to end. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
