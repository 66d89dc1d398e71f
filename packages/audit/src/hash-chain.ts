import { createHmac, hash } from 'node:crypto';
import type { AuditEvent, ChainHead, SealedAuditEvent } from './audit-event';

/** The `previousHash` of the first event of a chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** Shortest HMAC key accepted, in bytes: the output size of SHA-256. */
export const MIN_HMAC_KEY_BYTES = 32;

/** A secret that turns the chain hashes into HMAC-SHA-256 tags. */
export type ChainKey = string | Buffer;

/**
 * Serializes a JSON value with object keys sorted at every level, so the same content always
 * gives the same text whatever order its keys were built in.
 *
 * @param value - A JSON value (objects, arrays, strings, finite numbers, booleans, null).
 * @returns The canonical JSON text.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  // Built by concatenation rather than map, filter and join: it runs for every audited request.
  if (Array.isArray(value)) {
    let list = '[';
    for (let index = 0; index < value.length; index += 1) {
      if (index > 0) list += ',';
      // A hole stays empty, as Array#join renders it, so stored chains keep verifying.
      if (index in value) list += canonicalJson(value[index]);
    }
    return `${list}]`;
  }
  const record = value as Record<string, unknown>;
  let object = '{';
  for (const key of Object.keys(record).sort()) {
    const field = record[key];
    if (field === undefined) continue;
    if (object.length > 1) object += ',';
    object += `${JSON.stringify(key)}:${canonicalJson(field)}`;
  }
  return `${object}}`;
}

/**
 * Computes the hash of an event in its chain.
 *
 * @param previousHash - The hash of the event before it, or {@link GENESIS_HASH}.
 * @param event - The event; chain fields, if present, are ignored.
 * @param key - An optional HMAC key.
 * @returns Lowercase hex SHA-256 (or HMAC-SHA-256 with a key) over the previous hash and the
 *   canonical content.
 */
export function chainHash(previousHash: string, event: AuditEvent, key?: ChainKey): string {
  // The canonical JSON of the event's content, written field by field in sorted key order: the
  // same text as canonicalJson of an object holding those fields, without building and sorting
  // that object for every event.
  const source = event as unknown as Record<string, unknown>;
  let content = '{';
  for (const field of CONTENT_FIELDS) {
    const value = source[field];
    if (value === undefined) continue;
    if (content.length > 1) content += ',';
    content += `"${field}":${canonicalJson(value)}`;
  }
  const text = `${previousHash}\n${content}}`;
  if (key === undefined) return hash('sha256', text, 'hex');
  return createHmac('sha256', key).update(text).digest('hex');
}

/** The fields a chain hash covers: every field of an event but its place in the chain. */
const CONTENT_FIELDS: readonly string[] = Object.freeze(
  [
    'id',
    'time',
    'actor',
    'action',
    'subject',
    'route',
    'outcome',
    'status',
    'reason',
    'requestId',
    'clientAddress',
    'userAgent',
    'durationMs',
    'details',
  ].sort(),
);

/**
 * Links a batch of events onto a chain.
 *
 * @param events - Events in the order they are to be stored.
 * @param head - The current last event of the chain, or `null` for an empty chain.
 * @param key - An optional HMAC key.
 * @returns The sealed events, numbered on from the head.
 */
export function sealEvents(
  events: readonly AuditEvent[],
  head: ChainHead | null,
  key?: ChainKey,
): SealedAuditEvent[] {
  let sequence = head?.sequence ?? 0;
  let previousHash = head?.hash ?? GENESIS_HASH;
  return events.map((event) => {
    sequence += 1;
    const hash = chainHash(previousHash, event, key);
    const sealed = Object.freeze({ ...event, sequence, previousHash, hash });
    previousHash = hash;
    return sealed;
  });
}

/**
 * Checks an HMAC key option.
 *
 * @param key - The key as configured.
 * @returns A problem sentence, or `null` when the key is absent or long enough.
 */
export function checkChainKey(key: unknown): string | null {
  if (key === undefined) return null;
  const length =
    typeof key === 'string' ? Buffer.byteLength(key) : Buffer.isBuffer(key) ? key.length : -1;
  if (length < 0) return 'hmacKey must be a string or a Buffer.';
  if (length < MIN_HMAC_KEY_BYTES) {
    return `hmacKey must be at least ${MIN_HMAC_KEY_BYTES} bytes long.`;
  }
  return null;
}
