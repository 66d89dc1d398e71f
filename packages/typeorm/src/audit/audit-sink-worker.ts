import { parentPort, workerData } from 'node:worker_threads';
import type { ChainHead, SealedAuditEvent } from '@bulwark/audit';
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
        ? await writeContinuing(JSON.parse(request.batch) as SealedAuditEvent[])
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

/**
 * Stores a batch only if it continues the stored chain: the trail may send the next batch before
 * this one is committed, sealed on top of it, and must learn that it was refused when the one
 * before it failed.
 */
async function writeContinuing(events: readonly SealedAuditEvent[]): Promise<void> {
  const first = events[0];
  const head = knownHead === undefined ? await sink.head() : knownHead;
  const continues =
    first === undefined ||
    (head === null
      ? first.sequence === 1
      : first.sequence === head.sequence + 1 && first.previousHash === head.hash);
  if (!continues) {
    const error = new Error('The batch does not continue the stored audit chain.');
    error.name = 'AuditChainGapError';
    throw error;
  }
  knownHead = undefined;
  await sink.write(events);
  const last = events.at(-1);
  knownHead = last === undefined ? head : { sequence: last.sequence, hash: last.hash };
}

/**
 * The head this worker last stored, so a batch is checked without a query; forgotten on any
 * failure. Another process writing the same table cannot make it lie for long: a batch built on
 * a stale head reuses a stored sequence number and the insert is refused.
 */
let knownHead: ChainHead | null | undefined;

/** Errors cross the thread as their name and code only: a driver message can quote values. */
function describe(error: unknown): { name: string; code: string | null } {
  const code = (error as { code?: unknown } | null)?.code;
  return {
    name: error instanceof Error ? error.name : typeof error,
    code: typeof code === 'string' ? code : null,
  };
}
