import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AuditChainSource, AuditSink, ChainHead, SealedAuditEvent } from '@bulwark/audit';
import { BulwarkError } from '@bulwark/core';
import type { DataSourceOptions } from 'typeorm';
import type { SinkReply, SinkRequest } from './worker-protocol';

/** Data source options without `entities`, kept per database type. */
export type WorkerDataSourceOptions = DataSourceOptions extends infer T
  ? T extends unknown
    ? Omit<T, 'entities'>
    : never
  : never;

/** Options of {@link WorkerAuditSink.open}. */
export interface WorkerAuditSinkOptions {
  /**
   * The TypeORM data source the worker opens, such as `{ type: 'better-sqlite3', database:
   * 'audit.db', enableWAL: true }`. The options cross to the worker thread, so they must be
   * plain data (no functions, no class instances); `entities` is set by the sink.
   */
  readonly dataSource: WorkerDataSourceOptions;
  /** The longest a write, head or read may take before it fails. @defaultValue 10000 ms */
  readonly timeoutMs?: number;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  timer: NodeJS.Timeout;
}

/**
 * An {@link AuditSink} that stores events through TypeORM on a worker thread of its own, so
 * the statements and the disk writes of every batch run beside the request handling instead of
 * inside it. The trail still groups, chains and orders events on the main thread; a write
 * resolves only once the worker has committed its batch, so durable routes still answer after
 * their event is stored.
 *
 * Worth it for an embedded SQLite store (better-sqlite3 runs every statement synchronously on
 * the thread that calls it); for PostgreSQL the `TypeOrmAuditSink` already waits on the network
 * without blocking.
 *
 * Security: failures come back as the error's name and code only; driver messages, which can
 * quote stored values, stay in the worker.
 *
 * @example
 * ```ts
 * const sink = await WorkerAuditSink.open({
 *   dataSource: { type: 'better-sqlite3', database: 'audit.db', enableWAL: true },
 * });
 * const trail = new AuditTrail({ sink });
 * // on shutdown: await trail.close(); await sink.close();
 * ```
 */
export class WorkerAuditSink implements AuditSink, AuditChainSource {
  /**
   * The worker applies writes one at a time in the order sent and refuses a batch that does not
   * continue the stored chain, so the trail may send the next batch before this one commits.
   */
  readonly isOrdered = true;
  readonly #worker: Worker;
  readonly #timeoutMs: number;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #isClosed = false;

  private constructor(worker: Worker, timeoutMs: number) {
    this.#worker = worker;
    this.#timeoutMs = timeoutMs;
    // The worker alone does not keep the process running; a pending request's timer does.
    worker.unref();
    worker.on('message', (reply: SinkReply) => this.#settle(reply));
    worker.on('error', (error) => this.#failAll(error));
    worker.on('exit', () => {
      // A stopped worker answers nothing more: later requests fail at once, not after a timeout.
      this.#isClosed = true;
      this.#failAll(new Error('The audit sink worker stopped.'));
    });
  }

  /**
   * Starts the worker and waits until its data source is open.
   *
   * @param options - The data source options and the operation timeout.
   * @returns The sink.
   * @throws BulwarkError `ERR_AUDIT_UNAVAILABLE` when the worker cannot open the data source.
   */
  static async open(options: WorkerAuditSinkOptions): Promise<WorkerAuditSink> {
    const worker = startWorker({ dataSource: options.dataSource });
    const started = await new Promise<SinkReply>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    }).catch((error: unknown) => ({ id: 0, error: { name: String(error), code: null } }));
    if (started.error !== undefined) {
      await worker.terminate();
      throw unavailable(
        `The audit sink worker could not open its data source (${started.error.name}).`,
      );
    }
    return new WorkerAuditSink(worker, options.timeoutMs ?? 10_000);
  }

  /** @param events - A sealed batch; resolves once the worker committed it. */
  async write(events: readonly SealedAuditEvent[]): Promise<void> {
    await this.#ask({ id: this.#nextId++, op: 'write', batch: JSON.stringify(events) });
  }

  /** @returns The sequence and hash of the last stored event, or `null` for an empty table. */
  async head(): Promise<ChainHead | null> {
    return (await this.#ask({ id: this.#nextId++, op: 'head' })) as ChainHead | null;
  }

  /**
   * @param afterSequence - Events after this sequence number.
   * @param limit - The most events returned.
   * @returns Stored events in sequence order.
   */
  async read(afterSequence: number, limit: number): Promise<readonly SealedAuditEvent[]> {
    const value = await this.#ask({ id: this.#nextId++, op: 'read', afterSequence, limit });
    return value as readonly SealedAuditEvent[];
  }

  /** Closes the worker's data source once the requests before it are answered, then the worker. */
  async close(): Promise<void> {
    if (this.#isClosed) return;
    const closing = this.#ask({ id: this.#nextId++, op: 'close' });
    // Refused from here on: a request sent after this one would meet a closed data source.
    this.#isClosed = true;
    await closing.catch(() => undefined);
    await this.#worker.terminate();
  }

  #ask(request: SinkRequest): Promise<unknown> {
    if (this.#isClosed) return Promise.reject(unavailable('The audit sink is closed.'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(request.id);
        reject(unavailable(`The audit sink worker did not answer within ${this.#timeoutMs} ms.`));
      }, this.#timeoutMs);
      this.#pending.set(request.id, { resolve, reject, timer });
      this.#worker.postMessage(request);
    });
  }

  #settle(reply: SinkReply): void {
    const pending = this.#pending.get(reply.id);
    if (pending === undefined) return;
    this.#pending.delete(reply.id);
    clearTimeout(pending.timer);
    if (reply.error === undefined) pending.resolve(reply.value);
    else pending.reject(storeError(reply.error));
  }

  #failAll(error: unknown): void {
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      this.#pending.delete(id);
      pending.reject(unavailable(`The audit sink worker failed (${String(error)}).`));
    }
  }
}

function unavailable(message: string): BulwarkError {
  return new BulwarkError('ERR_AUDIT_UNAVAILABLE', message);
}

function storeError({ name, code }: { name: string; code: string | null }): Error {
  const error = new Error(`The audit store failed: ${name}${code === null ? '' : ` (${code})`}.`);
  error.name = name;
  return error;
}

/**
 * The worker receives a few batches a second and keeps little between them, so a young
 * generation of a few megabytes serves it; the default, sized for a thread that handles
 * requests, would hold about twenty megabytes more of resident memory for nothing.
 */
const WORKER_LIMITS = Object.freeze({ maxYoungGenerationSizeMb: 4 });

/**
 * Starts the worker from the compiled entry beside this file. When this module runs from its
 * TypeScript sources (the repository's own tests), the worker registers ts-node first.
 */
function startWorker(workerData: { dataSource: WorkerAuditSinkOptions['dataSource'] }): Worker {
  const isSource = __filename.endsWith('.ts');
  const entry = join(__dirname, isSource ? 'audit-sink-worker.ts' : 'audit-sink-worker.js');
  if (!isSource) return new Worker(entry, { workerData, resourceLimits: WORKER_LIMITS });
  const code = `require('ts-node/register/transpile-only'); require(${JSON.stringify(entry)});`;
  return new Worker(code, { eval: true, workerData, resourceLimits: WORKER_LIMITS });
}
