import { parentPort, workerData } from 'node:worker_threads';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { AuditEventEntity } from './audit-event.entity';
import { TypeOrmAuditSink } from './typeorm-audit-sink';
import type { SinkReply, SinkRequest } from './worker-protocol';

/*
 * The worker thread behind `WorkerAuditSink`: opens its own data source from the options it was
 * started with and answers write, head and read requests, one at a time and in order, through
 * a `TypeOrmAuditSink`. Each reply carries the request's id.
 */
const port = parentPort;
if (port === null) throw new Error('The audit sink worker runs only as a worker thread.');

const options = (workerData as { dataSource: DataSourceOptions }).dataSource;
const dataSource = new DataSource({
  ...options,
  entities: [AuditEventEntity],
} as DataSourceOptions);
let queue: Promise<unknown> = dataSource.initialize().then(
  () => port.postMessage({ id: 0, value: 'ready' } satisfies SinkReply),
  (error: unknown) => port.postMessage({ id: 0, error: describe(error) } satisfies SinkReply),
);
const sink = new TypeOrmAuditSink(dataSource);

port.on('message', (request: SinkRequest) => {
  queue = queue.then(() => answer(request));
});

async function answer(request: SinkRequest): Promise<void> {
  try {
    const value =
      request.op === 'write'
        ? await sink.write(request.events)
        : request.op === 'head'
          ? await sink.head()
          : request.op === 'read'
            ? await sink.read(request.afterSequence, request.limit)
            : await dataSource.destroy();
    port?.postMessage({ id: request.id, value } satisfies SinkReply);
  } catch (error) {
    port?.postMessage({ id: request.id, error: describe(error) } satisfies SinkReply);
  }
}

/** Errors cross the thread as their name and code only: a driver message can quote values. */
function describe(error: unknown): { name: string; code: string | null } {
  const code = (error as { code?: unknown } | null)?.code;
  return {
    name: error instanceof Error ? error.name : typeof error,
    code: typeof code === 'string' ? code : null,
  };
}
