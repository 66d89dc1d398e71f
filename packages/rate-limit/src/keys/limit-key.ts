import { hash } from 'node:crypto';
import type { CompiledRateLimit, RateLimitKeyInput } from '@bulwark/core';
import { groupClientAddress, type AddressGrouping } from './client-address';

/**
 * Names what a limit counts against for one request, as `<kind>:<value>`.
 *
 * A limit keyed by principal, API key, client or tenant falls back to the client address when
 * the request has no such identity (an anonymous request on a route that allows one, a user
 * token without a client), so every request is counted somewhere. A custom key function that
 * returns `null` falls back the same way.
 *
 * @param key - The compiled limit's key.
 * @param input - What the runtime knows of the request.
 * @param grouping - How addresses are grouped into clients.
 * @returns The identity string, never empty.
 */
export function resolveIdentity(
  key: CompiledRateLimit['key'],
  input: RateLimitKeyInput,
  grouping: AddressGrouping,
): string {
  const found = identityOf(key, input);
  return found ?? `ip:${groupClientAddress(input.clientAddress, grouping)}`;
}

function identityOf(key: CompiledRateLimit['key'], input: RateLimitKeyInput): string | null {
  const p = input.principal;
  if (typeof key === 'function') {
    const value = key(input);
    return typeof value === 'string' && value.length > 0 ? `custom:${value}` : null;
  }
  switch (key) {
    case 'principal':
      return p === null ? null : `principal:${p.kind}:${p.id}`;
    case 'api-key':
      return p?.kind === 'api-key' ? `api-key:${p.credentialId ?? p.id}` : null;
    case 'client':
      return clientOf(input);
    case 'tenant':
      return p?.tenant === undefined ? null : `tenant:${p.tenant}`;
    default:
      return null;
  }
}

/** The OAuth client: the principal itself, or the `client_id` / `azp` claim of a user token. */
function clientOf({ principal: p }: RateLimitKeyInput): string | null {
  if (p === null) return null;
  if (p.kind === 'client') return `client:${p.id}`;
  const claimed = p.attributes['client_id'] ?? p.attributes['azp'];
  return typeof claimed === 'string' && claimed.length > 0 ? `client:${claimed}` : null;
}

/**
 * Hashes an identity for storage keys (SHA-256, 128 bits kept): keys get a fixed length
 * whatever a custom key returns, hold no address or user id in clear, and cannot smuggle a
 * Redis hash tag.
 *
 * @param identity - From {@link resolveIdentity}.
 * @returns 22 base64url characters.
 */
export function identityHash(identity: string): string {
  // The same few principals and addresses make most requests, so recent hashes are remembered;
  // the memo forgets everything at once when full, which keeps it bounded under address floods.
  const known = recentHashes.get(identity);
  if (known !== undefined) return known;
  // Encoding 16 bytes directly yields a flat string; slicing a longer one would keep a view
  // into it, which costs dozens of bytes per key in a million-key memory store.
  const hashed = hash('sha256', identity, 'buffer').toString('base64url', 0, 16);
  if (identity.length > MEMO_MAX_LENGTH) return hashed;
  if (recentHashes.size >= RECENT_HASHES) recentHashes.clear();
  recentHashes.set(identity, hashed);
  return hashed;
}

/**
 * How many identity hashes {@link identityHash} remembers, and the longest identity it keeps: a
 * custom key can be built from request input, so without a length bound an attacker could make
 * the memo hold thousands of long strings. Together they bound it to about a megabyte.
 */
const RECENT_HASHES = 4096;
const MEMO_MAX_LENGTH = 200;
const recentHashes = new Map<string, string>();

/**
 * Builds the storage key of one limit for one identity. The hashed identity is the hash tag,
 * so on Redis Cluster every counter of one client lands in one slot and the limits of one
 * request can be checked in one script.
 *
 * @param prefix - The configured key prefix.
 * @param hash - From {@link identityHash}.
 * @param suffix - Scope, limit name and algorithm, fixed per compiled limit.
 * @returns `<prefix>{<hash>}:<suffix>`.
 */
export function storageKey(prefix: string, hash: string, suffix: string): string {
  return `${prefix}{${hash}}:${suffix}`;
}

/**
 * Extracts the hash tag of a storage key, the part Redis Cluster hashes.
 *
 * @param key - A key from {@link storageKey}.
 * @returns The text between the first `{` and the next `}`, or the whole key.
 */
export function hashTagOf(key: string): string {
  const open = key.indexOf('{');
  const close = open < 0 ? -1 : key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}
