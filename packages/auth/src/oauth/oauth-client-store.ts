/** An OAuth2 client registered for the client-credentials grant. */
export interface OAuthClient {
  /** The public client identifier. */
  readonly id: string;
  /** A human label for listings and audit. */
  readonly name: string;
  /** The scrypt hash of the client secret; the secret itself is never stored. */
  readonly secretHash: string;
  /** Scopes the client may be granted; requests are narrowed to these. */
  readonly allowedScopes: readonly string[];
  /** A disabled client cannot obtain tokens; its refusal looks like a wrong secret. */
  readonly enabled: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/**
 * Where OAuth clients are kept. In-memory for tests and development, TypeORM in production.
 *
 * Contract: `findById` resolves `null` for an unknown id and never throws for one; `save`
 * inserts or replaces by `id`. Implementations store `secretHash` as given and never log it.
 */
export interface OAuthClientStore {
  findById(id: string): Promise<OAuthClient | null>;
  save(client: OAuthClient): Promise<void>;
  list(): Promise<readonly OAuthClient[]>;
  delete(id: string): Promise<boolean>;
}

/** An {@link OAuthClientStore} in process memory, for tests and development. */
export class MemoryOAuthClientStore implements OAuthClientStore {
  private readonly clients = new Map<string, OAuthClient>();

  findById(id: string): Promise<OAuthClient | null> {
    return Promise.resolve(this.clients.get(id) ?? null);
  }

  save(client: OAuthClient): Promise<void> {
    this.clients.set(client.id, freezeClient(client));
    return Promise.resolve();
  }

  list(): Promise<readonly OAuthClient[]> {
    return Promise.resolve([...this.clients.values()]);
  }

  delete(id: string): Promise<boolean> {
    return Promise.resolve(this.clients.delete(id));
  }
}

/**
 * Copies and freezes a client so a caller's later changes cannot reach the stored one.
 *
 * @param client - The client as given.
 * @returns A frozen copy.
 */
export function freezeClient(client: OAuthClient): OAuthClient {
  return Object.freeze({
    ...client,
    allowedScopes: Object.freeze([...client.allowedScopes]),
    createdAt: new Date(client.createdAt.getTime()),
    updatedAt: new Date(client.updatedAt.getTime()),
  });
}
