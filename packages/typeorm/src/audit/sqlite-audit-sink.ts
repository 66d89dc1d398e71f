import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AuditChainSource, AuditSink, ChainHead, SealedAuditEvent } from '@bulwark/audit';
import { BulwarkError } from '@bulwark/core';
import type { SqliteAuditStoreOptions } from './sqlite-audit-store';
import type { SinkFailure, SinkReply, SinkRequest } from './worker-protocol';

/** Options of {@link SqliteAuditSink.open}. */
export interface SqliteAuditSinkOptions extends SqliteAuditStoreOptions {
  /** The longest a write, head or read may take before it fails. @defaultValue 10000 ms */
  readonly timeoutMs?: number;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  timer: NodeJS.Timeout;
}

/**
 * An {@link AuditSink} for an embedded SQLite file, written on a worker thread of its own, so the
 * inserts, the commits and SQLite's periodic checkpoints (which wait on the disk) run beside the
 * request handling instead of inside it. The trail still groups, chains and orders events on the
 * main thread; a write resolves only once the worker has committed its batch, so durable routes
 * still answer after their event is stored.
 *
 * The table is the one `AuditEventEntity` describes: the sink creates it when it is missing, and
 * TypeORM reads, searches and verifies it as usual (`TypeOrmAuditSink`, `findAuditEvents`). The
 * worker uses better-sqlite3 directly and loads no TypeORM, which keeps it to about 11 MB of
 * resident memory instead of about 43. For PostgreSQL use `TypeOrmAuditSink`, which already
 * waits on the network without blocking.
 *
 * Security: failures come back as the error's name and code only; driver messages, which can
 * quote stored values, stay in the worker.
 *
 * @example
 * ```ts
 * import { SqliteAuditSink } from '@bulwark/typeorm/sqlite-audit-sink';
 *
 * const sink = await SqliteAuditSink.open({ filename: 'audit.sqlite' });
 * const trail = new AuditTrail({ sink });
 * // on shutdown: await trail.close(); await sink.close();
 * ```
 */
export class SqliteAuditSink implements AuditSink, AuditChainSource {
  /**
   * The worker applies writes one at a time in the order sent and refuses a batch that does not
   * continue the stored chain, so the trail may send the next batch before this one commits.
   */
  readonly isOrdered = true;
  /** SQLite's `synchronous` level the file was opened with: 1 NORMAL, 2 FULL. */
  readonly synchronous: number;
  readonly #worker: Worker;
  readonly #timeoutMs: number;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #isClosed = false;

  private constructor(worker: Worker, timeoutMs: number, synchronous: number) {
    this.#worker = worker;
    this.#timeoutMs = timeoutMs;
    this.synchronous = synchronous;
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
   * Starts the worker and waits until the file is open and its table checked or created.
   *
   * @param options - The file, its creation and durability, and the operation timeout.
   * @returns The sink.
   * @throws BulwarkError `ERR_AUDIT_UNAVAILABLE` when the file cannot be opened, or its table is
   *   missing (with `shouldCreate: false`) or has other columns than the audit event's.
   */
  static async open(options: SqliteAuditSinkOptions): Promise<SqliteAuditSink> {
    const { timeoutMs, ...store } = options;
    const worker = startWorker(store);
    const started = await new Promise<SinkReply>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    }).catch((error: unknown): SinkReply => ({
      id: 0,
      error: { name: String(error), code: null },
    }));
    if (started.error !== undefined) {
      await worker.terminate();
      // The store's schema errors say which column differs; otherwise the name and code tell
      // an unreadable file (SQLITE_CANTOPEN) from a missing driver (MODULE_NOT_FOUND).
      const { name, code, message } = started.error;
      const reason = message ?? (code === null ? name : `${name} ${code}`);
      throw unavailable(`The audit sink could not open its SQLite file (${reason}).`);
    }
    return new SqliteAuditSink(worker, timeoutMs ?? 10_000, Number(started.value));
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

  /** Closes the file once the requests before it are answered, then the worker. */
  async close(): Promise<void> {
    if (this.#isClosed) return;
    const closing = this.#ask({ id: this.#nextId++, op: 'close' });
    // Refused from here on: a request sent after this one would meet a closed file.
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

function storeError({ name, code }: SinkFailure): Error {
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
function startWorker(workerData: SqliteAuditStoreOptions): Worker {
  const isSource = __filename.endsWith('.ts');
  const entry = join(__dirname, isSource ? 'sqlite-sink-worker.ts' : 'sqlite-sink-worker.js');
  if (!isSource) return new Worker(entry, { workerData, resourceLimits: WORKER_LIMITS });
  const code = `require('ts-node/register/transpile-only'); require(${JSON.stringify(entry)});`;
  return new Worker(code, { eval: true, workerData, resourceLimits: WORKER_LIMITS });
}
