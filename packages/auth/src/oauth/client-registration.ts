import { randomBytes } from 'node:crypto';
import { BulwarkError } from '@bulwark/core';
import { DEFAULT_SCRYPT, hashSecret, type ScryptParams } from '../secrets/scrypt-hash';
import { isScopeToken } from './scopes';
import type { OAuthClient, OAuthClientStore } from './oauth-client-store';

/** What {@link registerOAuthClient} needs. */
export interface OAuthClientInit {
  readonly name: string;
  readonly allowedScopes: readonly string[];
  /** @defaultValue a random identifier */
  readonly id?: string;
  /** @defaultValue true */
  readonly enabled?: boolean;
  /** scrypt cost. @defaultValue N = 2^15, r = 8, p = 1 */
  readonly hashParams?: ScryptParams;
}

/** A registered client and its secret, which is shown once and cannot be recovered. */
export interface RegisteredClient {
  readonly client: OAuthClient;
  readonly clientSecret: string;
}

const ID_PATTERN = /^[A-Za-z0-9._~-]{3,128}$/;

/**
 * Registers a client with a fresh secret: 32 random bytes (256 bits) from the CSPRNG, base64url.
 * Only the scrypt hash is stored; the secret is returned once for the caller to hand over.
 *
 * @param store - Where the client is saved.
 * @param init - Name, allowed scopes and optional id.
 * @returns The stored client and its secret.
 * @throws BulwarkError `ERR_CONFIG_INVALID` for an unusable id, name or scope, or an id in use.
 */
export async function registerOAuthClient(
  store: OAuthClientStore,
  init: OAuthClientInit,
): Promise<RegisteredClient> {
  const id = init.id ?? `client_${randomBytes(12).toString('base64url')}`;
  const problems: string[] = [];
  if (!ID_PATTERN.test(id))
    problems.push('id: 3–128 characters of A–Z, a–z, 0–9, ".", "_", "~", "-".');
  if (typeof init.name !== 'string' || init.name.trim().length === 0)
    problems.push('name: required.');
  if (!Array.isArray(init.allowedScopes) || !init.allowedScopes.every(isScopeToken)) {
    problems.push('allowedScopes: a list of RFC 6749 scope tokens.');
  }
  if (problems.length === 0 && (await store.findById(id)) !== null)
    problems.push(`id: "${id}" is taken.`);
  if (problems.length > 0) {
    throw new BulwarkError('ERR_CONFIG_INVALID', `Cannot register client: ${problems.join(' ')}`, {
      details: { problems },
    });
  }

  const clientSecret = generateSecret();
  const now = new Date();
  const client: OAuthClient = {
    id,
    name: init.name.trim(),
    secretHash: await hashSecret(clientSecret, init.hashParams ?? DEFAULT_SCRYPT),
    allowedScopes: [...new Set(init.allowedScopes)],
    enabled: init.enabled ?? true,
    createdAt: now,
    updatedAt: now,
  };
  await store.save(client);
  return { client, clientSecret };
}

/**
 * Replaces a client's secret. The old secret stops working at once.
 *
 * @param store - Where the client is kept.
 * @param id - The client id.
 * @param hashParams - scrypt cost. @defaultValue N = 2^15, r = 8, p = 1
 * @returns The new secret, shown once.
 * @throws BulwarkError `ERR_NOT_FOUND` when no client has this id.
 */
export async function rotateOAuthClientSecret(
  store: OAuthClientStore,
  id: string,
  hashParams: ScryptParams = DEFAULT_SCRYPT,
): Promise<string> {
  const client = await store.findById(id);
  if (client === null) throw new BulwarkError('ERR_NOT_FOUND', 'No such client.');
  const clientSecret = generateSecret();
  await store.save({
    ...client,
    secretHash: await hashSecret(clientSecret, hashParams),
    updatedAt: new Date(),
  });
  return clientSecret;
}

function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}
