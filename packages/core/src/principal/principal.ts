/** What kind of party a principal is. */
export type PrincipalKind = 'user' | 'client' | 'api-key';

/**
 * The authenticated party of a request, produced by an authenticator and frozen before any
 * handler sees it.
 */
export interface Principal {
  /** Stable identifier: the `sub` claim, the OAuth client id, or the API key's owner. */
  readonly id: string;
  readonly kind: PrincipalKind;
  readonly roles: readonly string[];
  readonly scopes: readonly string[];
  readonly tenant?: string;
  /** Extra claims a permission condition may reference. Values must be JSON-like. */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** The scheme that authenticated it, such as `bearer` or `apiKey`. */
  readonly scheme: string;
  /** The credential's identifier, where it has one (`jti`, API key id); never the secret. */
  readonly credentialId?: string;
  /** When the credential stops being valid, in epoch milliseconds. */
  readonly expiresAt?: number;
}

/** Fields accepted by {@link createPrincipal}; lists and attributes default to empty. */
export interface PrincipalInit {
  readonly id: string;
  readonly kind: PrincipalKind;
  readonly scheme: string;
  readonly roles?: readonly string[];
  readonly scopes?: readonly string[];
  readonly tenant?: string;
  readonly attributes?: Readonly<Record<string, unknown>>;
  readonly credentialId?: string;
  readonly expiresAt?: number;
}

/**
 * Builds a frozen principal, copying every list so later changes by the caller cannot widen it.
 *
 * @param init - The principal's fields.
 * @returns A deeply frozen principal.
 * @throws TypeError when `id` is empty: an anonymous party is `null`, never a principal.
 */
export function createPrincipal(init: PrincipalInit): Principal {
  if (typeof init.id !== 'string' || init.id.length === 0) {
    throw new TypeError('A principal needs a non-empty id.');
  }
  const principal: Principal = {
    id: init.id,
    kind: init.kind,
    scheme: init.scheme,
    roles: Object.freeze([...(init.roles ?? [])]),
    scopes: Object.freeze([...(init.scopes ?? [])]),
    attributes: Object.freeze({ ...(init.attributes ?? {}) }),
    ...(init.tenant === undefined ? {} : { tenant: init.tenant }),
    ...(init.credentialId === undefined ? {} : { credentialId: init.credentialId }),
    ...(init.expiresAt === undefined ? {} : { expiresAt: init.expiresAt }),
  };
  return Object.freeze(principal);
}
