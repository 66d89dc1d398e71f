import type { ChainHead, SealedAuditEvent } from './audit-event';
import type { AuditChainSource } from './audit-sink';
import { chainHash, GENESIS_HASH, type ChainKey } from './hash-chain';

/** How a chain was tampered with. */
export type ChainProblemKind = 'modified' | 'deleted' | 'reordered' | 'inserted';

/** The first place where a stored chain stops being what was recorded. */
export interface ChainProblem {
  readonly kind: ChainProblemKind;
  /** The sequence number of the first affected event. */
  readonly sequence: number;
  /** The id of the stored event at that place, or `null` when it is missing. */
  readonly eventId: string | null;
  readonly message: string;
}

/** What {@link verifyAuditChain} found. */
export interface ChainReport {
  readonly isIntact: boolean;
  /** Events checked before the first problem (or in all). */
  readonly checked: number;
  /** The last event found intact; keep it elsewhere to detect a truncated tail later. */
  readonly head: ChainHead | null;
  readonly problem: ChainProblem | null;
}

/** Options of {@link verifyAuditChain}. */
export interface VerifyChainOptions {
  /** The HMAC key the chain was written with. @defaultValue none (plain SHA-256) */
  readonly hmacKey?: ChainKey;
  /** Start after this known-good event instead of at the genesis, for pruned logs. */
  readonly anchor?: ChainHead;
  /** A head recorded earlier outside the database; its event must still be there, unchanged. */
  readonly expectedHead?: ChainHead;
  /** Events read per query. @defaultValue 1000 */
  readonly pageSize?: number;
}

/** How many verified hashes are remembered to recognise rows inserted into the chain. */
const RECENT_HASHES = 4096;

/**
 * Walks a stored audit chain from the start and reports the first modified, deleted, reordered
 * or inserted event.
 *
 * An event whose hash does not match its content was modified. A gap in the sequence, or a link
 * to an event that is nowhere, means events were deleted. A link to an event stored later means
 * events were reordered; a link to an event further back means events were inserted.
 *
 * Security: without an HMAC key, someone with write access can rewrite an event and recompute
 * every later hash; the chain then proves only that nobody did so partially. With a key kept
 * away from the database, rewriting is detected too.
 *
 * Limitation: deleting the newest events leaves a shorter, valid chain, because nothing after
 * them points at them. Pass `expectedHead` with a head recorded elsewhere (a log, another store)
 * to detect that; without it the verifier reports the shorter chain as intact.
 *
 * @param source - Reads stored events in sequence order.
 * @param options - HMAC key, anchor, expected head, page size.
 * @returns The report; `problem` is `null` when the chain is intact.
 * @throws The source's error (as a rejection) when it cannot be read.
 * @example
 * ```ts
 * const report = await verifyAuditChain(sink, { hmacKey: process.env.AUDIT_KEY });
 * if (!report.isIntact) console.error(report.problem);
 * ```
 */
export async function verifyAuditChain(
  source: AuditChainSource,
  options: VerifyChainOptions = {},
): Promise<ChainReport> {
  const reader = new PagedReader(source, options.anchor?.sequence ?? 0, options.pageSize ?? 1000);
  const recent = new Map<string, number>();
  const expected = options.expectedHead;
  let head: ChainHead | null = options.anchor ?? null;
  let checked = 0;

  for (let event = await reader.next(); event !== null; event = await reader.next()) {
    const problem =
      (await checkEvent(event, head, reader, recent, options.hmacKey)) ??
      (expected?.sequence === event.sequence && expected.hash !== event.hash
        ? problemAt('modified', event, 'differs from the head recorded elsewhere')
        : null);
    if (problem !== null) return { isIntact: false, checked, head, problem };

    head = { sequence: event.sequence, hash: event.hash };
    recent.set(event.hash, event.sequence);
    if (recent.size > RECENT_HASHES) recent.delete(recent.keys().next().value as string);
    checked += 1;
  }

  if (expected !== undefined && (head?.sequence ?? 0) < expected.sequence) {
    const sequence = (head?.sequence ?? 0) + 1;
    const message = `Events ${sequence} to ${expected.sequence} are missing from the end of the chain.`;
    return {
      isIntact: false,
      checked,
      head,
      problem: { kind: 'deleted', sequence, eventId: null, message },
    };
  }
  return { isIntact: true, checked, head, problem: null };
}

async function checkEvent(
  event: SealedAuditEvent,
  head: ChainHead | null,
  reader: PagedReader,
  recent: ReadonlyMap<string, number>,
  key: ChainKey | undefined,
): Promise<ChainProblem | null> {
  const expectedSequence = (head?.sequence ?? 0) + 1;
  const previousHash = head?.hash ?? GENESIS_HASH;

  if (chainHash(event.previousHash, event, key) !== event.hash) {
    return problemAt('modified', event, 'has a hash that does not match its content');
  }
  if (event.sequence !== expectedSequence) {
    const message = `Events ${expectedSequence} to ${event.sequence - 1} are missing.`;
    return { kind: 'deleted', sequence: expectedSequence, eventId: null, message };
  }
  if (event.previousHash === previousHash) return null;

  if ((await reader.findAhead((later) => later.previousHash === previousHash)) !== null) {
    return problemAt('reordered', event, 'is out of place: its predecessor is stored after it');
  }
  const linked = recent.get(event.previousHash);
  if (linked !== undefined) {
    const message = `Events ${linked + 1} to ${event.sequence - 1} were inserted into the chain.`;
    return { kind: 'inserted', sequence: linked + 1, eventId: null, message };
  }
  return problemAt(
    'deleted',
    event,
    'follows an event that is missing (deleted, or rewritten together with its hash)',
  );
}

function problemAt(kind: ChainProblemKind, event: SealedAuditEvent, what: string): ChainProblem {
  return {
    kind,
    sequence: event.sequence,
    eventId: event.id,
    message: `Event ${event.sequence} (${event.id}) ${what}.`,
  };
}

/** Reads the chain page by page and can look ahead within a bounded window. */
class PagedReader {
  readonly #source: AuditChainSource;
  readonly #pageSize: number;
  #buffer: SealedAuditEvent[] = [];
  #after: number;
  #isDone = false;

  constructor(source: AuditChainSource, after: number, pageSize: number) {
    this.#source = source;
    this.#after = after;
    this.#pageSize = pageSize;
  }

  async next(): Promise<SealedAuditEvent | null> {
    if (this.#buffer.length === 0) await this.#load();
    return this.#buffer.shift() ?? null;
  }

  /** Searches the next `pageSize` unread events. */
  async findAhead(test: (event: SealedAuditEvent) => boolean): Promise<SealedAuditEvent | null> {
    while (this.#buffer.length < this.#pageSize && !this.#isDone) await this.#load();
    return this.#buffer.slice(0, this.#pageSize).find(test) ?? null;
  }

  async #load(): Promise<void> {
    if (this.#isDone) return;
    const page = await this.#source.read(this.#after, this.#pageSize);
    this.#buffer.push(...page);
    const last = page.at(-1);
    if (last !== undefined) this.#after = last.sequence;
    if (page.length < this.#pageSize) this.#isDone = true;
  }
}
