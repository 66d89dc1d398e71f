import { parentPort, workerData } from 'node:worker_threads';
import type { SealedAuditEvent } from '@bulwark/audit';
import { SqliteAuditStore, type SqliteAuditStoreOptions } from './sqlite-audit-store';
import type { SinkFailure, SinkReply, SinkRequest } from './worker-protocol';

/*
 * The worker thread behind `SqliteAuditSink`: opens the store from the options it was started
 * with and answers write, head and read requests in the order they arrive. better-sqlite3 is
 * synchronous, so each request is finished before the next message is taken. Each reply carries
 * the request's id; id 0 answers the start-up.
 */
const port = parentPort;
if (port === null) throw new Error('The audit sink worker runs only as a worker thread.');

let store: SqliteAuditStore | null = null;
try {
  store = new SqliteAuditStore(workerData as SqliteAuditStoreOptions);
  port.postMessage({ id: 0, value: store.synchronous } satisfies SinkReply);
} catch (error) {
  port.postMessage({ id: 0, error: describe(error) } satisfies SinkReply);
}

port.on('message', (request: SinkRequest) => {
  try {
    port.postMessage({ id: request.id, value: answer(request) } satisfies SinkReply);
  } catch (error) {
    port.postMessage({ id: request.id, error: describe(error) } satisfies SinkReply);
  }
});

function answer(request: SinkRequest): unknown {
  if (store === null) throw new Error('The audit store did not open.');
  switch (request.op) {
    case 'write':
      store.write(JSON.parse(request.batch) as SealedAuditEvent[]);
      return null;
    case 'head':
      return store.head();
    case 'read':
      return store.read(request.afterSequence, request.limit);
    case 'close':
      store.close();
      store = null;
      return null;
  }
}

/**
 * Errors cross the thread as their name and code only: a driver message can quote stored values.
 * The store's own schema errors name a table or column, never a value, and keep their message.
 */
function describe(error: unknown): SinkFailure {
  const code = (error as { code?: unknown } | null)?.code;
  const name = error instanceof Error ? error.name : typeof error;
  return {
    name,
    code: typeof code === 'string' ? code : null,
    ...(name === 'AuditSchemaError' ? { message: (error as Error).message } : {}),
  };
}
