import { crc32 } from 'node:zlib';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { CredentialRequest } from '@bulwark/auth';
import { isBulwarkError, type BulwarkError } from '@bulwark/core';

export const ISSUER = 'https://issuer.test/';
export const AUDIENCE = 'notes-api';
export const SECRET = 'a-test-secret-that-is-at-least-32-bytes-long!';
/** A fixed instant, so no test depends on the wall clock. */
export const NOW = Date.UTC(2030, 0, 1, 12, 0, 0);

/** An EC P-256 key pair. */
export function ecKeys(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

/** A request view carrying the given headers and query. */
export function requestWith(
  headers: Record<string, string | string[]> = {},
  query: Record<string, unknown> = {},
): CredentialRequest {
  return { headers, cookies: {}, query, clientAddress: '127.0.0.1' };
}

/** A request with `Authorization: Bearer <token>`. */
export function bearer(token: string): CredentialRequest {
  return requestWith({ authorization: `Bearer ${token}` });
}

/** Awaits a promise expected to reject with a BulwarkError and returns that error. */
export async function rejection(promise: Promise<unknown>): Promise<BulwarkError> {
  try {
    await promise;
  } catch (error) {
    if (isBulwarkError(error)) return error;
    throw error;
  }
  throw new Error('Expected a rejection, but the promise resolved.');
}

/** Calls a function expected to throw a BulwarkError and returns that error. */
export function thrown(fn: () => unknown): BulwarkError {
  try {
    fn();
  } catch (error) {
    if (isBulwarkError(error)) return error;
    throw error;
  }
  throw new Error('Expected a throw, but the call returned.');
}

/** Encodes a JSON value as base64url, for hand-built (attacker) tokens. */
export function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** A fake JWKS endpoint: a `fetch` replacement serving a key set that tests can change. */
export interface FakeJwks {
  readonly fetch: (url: string, init: RequestInit) => Promise<Response>;
  readonly calls: string[];
  keys: object[];
  status: number;
  failing: boolean;
}

/** Creates a {@link FakeJwks} serving the given public keys. */
export function fakeJwks(keys: object[]): FakeJwks {
  const state: FakeJwks = {
    calls: [],
    keys,
    status: 200,
    failing: false,
    fetch: (url) => {
      state.calls.push(url);
      if (state.failing) return Promise.reject(new Error('connection refused'));
      return Promise.resolve(
        new Response(JSON.stringify({ keys: state.keys }), {
          status: state.status,
          headers: { 'content-type': 'application/json' },
        }),
      );
    },
  };
  return state;
}

/** The public JWK of a key pair, with a kid. */
export function publicJwk(publicKey: KeyObject, kid: string): object {
  return { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig' };
}

/** A cheap scrypt cost so tests stay fast; production uses the default. */
export const FAST_SCRYPT = Object.freeze({ N: 1024, r: 8, p: 1 });

/** Basic credentials as RFC 6749 §2.3.1 encodes them. */
export function basic(id: string, secret: string): string {
  const encode = (v: string) => encodeURIComponent(v).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(id)}:${encode(secret)}`).toString('base64')}`;
}

/** A hand-written throttle fake: locks a (account, address) pair after `limit` failures. */
export class FakeThrottle {
  readonly failures = new Map<string, number>();
  constructor(private readonly limit = 5) {}

  check(keys: { account: string; address: string }) {
    const count = this.failures.get(`${keys.account}|${keys.address}`) ?? 0;
    return Promise.resolve(
      count >= this.limit
        ? { allowed: false, retryAfterSeconds: 1 }
        : { allowed: true, retryAfterSeconds: 0 },
    );
  }

  recordFailure(keys: { account: string; address: string }) {
    const key = `${keys.account}|${keys.address}`;
    this.failures.set(key, (this.failures.get(key) ?? 0) + 1);
    return Promise.resolve();
  }

  recordSuccess(keys: { account: string; address: string }) {
    this.failures.delete(`${keys.account}|${keys.address}`);
    return Promise.resolve();
  }
}

/** The API-key checksum, computed independently: CRC32 of the body in 6 base62 characters. */
export function checksumOf(body: string): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let value = crc32(body);
  let out = '';
  for (let i = 0; i < 6; i += 1) {
    out = alphabet[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}
