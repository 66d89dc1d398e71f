import type { PrincipalInit, PrincipalKind } from '@bulwark/core';
import type { JWTPayload } from 'jose';

/** Where the default mapping finds each principal field in the claims. */
export interface ClaimsMapping {
  /** Claim (dot path allowed, such as `realm_access.roles`) holding a list of roles. @defaultValue 'roles' */
  readonly rolesClaim?: string;
  /** Claim (dot path allowed) holding the tenant as a string. @defaultValue 'tenant' */
  readonly tenantClaim?: string;
  /** Claims copied into `attributes` when present. @defaultValue [] */
  readonly attributeClaims?: readonly string[];
  /**
   * Decides the principal's kind. @defaultValue `'client'` when `client_id` equals `sub` (an
   * RFC 9068 client-credentials token), else `'user'`
   */
  readonly kind?: PrincipalKind | ((payload: JWTPayload) => PrincipalKind);
}

/**
 * A custom mapping from verified claims to a principal. It receives the claims and the result of
 * the default mapping, and returns the fields to use. Throwing refuses the token.
 */
export type ClaimsMapper = (payload: JWTPayload, defaults: PrincipalInit) => PrincipalInit;

/** A claim that cannot be mapped; the message names the claim, never its value. */
export class ClaimError extends Error {
  override readonly name = 'ClaimError';

  /**
   * @param claim - The claim name.
   * @param problem - What is wrong with it.
   */
  constructor(
    readonly claim: string,
    problem: string,
  ) {
    super(`Claim "${claim}" ${problem}.`);
  }
}

/**
 * Maps verified JWT claims to principal fields: `sub` to id, the roles claim to roles, `scope`
 * (space-separated string) or `scp` (list or string) to scopes, the tenant claim, the listed
 * attribute claims, `jti` to the credential id and `exp` to the expiry.
 *
 * @param payload - Claims of a token whose signature and registered claims were verified.
 * @param scheme - The scheme name recorded on the principal.
 * @param mapping - Claim names and the kind rule.
 * @returns The principal fields.
 * @throws ClaimError when `sub` is missing or a mapped claim has the wrong type.
 */
export function claimsToPrincipal(
  payload: JWTPayload,
  scheme: string,
  mapping: Required<Omit<ClaimsMapping, 'kind'>> & Pick<ClaimsMapping, 'kind'>,
): PrincipalInit {
  const id = payload.sub;
  if (typeof id !== 'string' || id.length === 0) throw new ClaimError('sub', 'is missing');
  const tenant = readPath(payload, mapping.tenantClaim);
  if (tenant !== undefined && typeof tenant !== 'string') {
    throw new ClaimError(mapping.tenantClaim, 'is not a string');
  }

  return {
    id,
    kind: kindOf(payload, mapping.kind),
    scheme,
    roles: stringList(readPath(payload, mapping.rolesClaim), mapping.rolesClaim),
    scopes: scopesOf(payload),
    attributes: pick(payload, mapping.attributeClaims),
    ...(tenant === undefined ? {} : { tenant }),
    ...(typeof payload.jti === 'string' ? { credentialId: payload.jti } : {}),
    ...(typeof payload.exp === 'number' ? { expiresAt: payload.exp * 1000 } : {}),
  };
}

function kindOf(payload: JWTPayload, rule: ClaimsMapping['kind']): PrincipalKind {
  if (typeof rule === 'function') return rule(payload);
  if (rule !== undefined) return rule;
  return payload['client_id'] !== undefined && payload['client_id'] === payload.sub
    ? 'client'
    : 'user';
}

function scopesOf(payload: JWTPayload): readonly string[] {
  const scope = payload['scope'];
  const scp = payload['scp'];
  if (scope !== undefined && scp !== undefined) {
    throw new ClaimError('scope', 'and "scp" are both present');
  }
  if (scope !== undefined) {
    if (typeof scope !== 'string') throw new ClaimError('scope', 'is not a string');
    return splitScopes(scope);
  }
  if (typeof scp === 'string') return splitScopes(scp);
  return stringList(scp, 'scp');
}

function splitScopes(value: string): readonly string[] {
  return value.split(' ').filter((s) => s.length > 0);
}

function stringList(value: unknown, claim: string): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v.length > 0)) {
    throw new ClaimError(claim, 'is not a list of non-empty strings');
  }
  return value as string[];
}

function pick(payload: JWTPayload, claims: readonly string[]): Record<string, unknown> {
  const attributes: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const claim of claims) {
    const value = readPath(payload, claim);
    if (value !== undefined) attributes[claim] = value;
  }
  return { ...attributes };
}

/**
 * Reads a claim by name or dot path, looking only at own properties.
 *
 * @param payload - The claims.
 * @param path - A claim name, or names joined by dots for nested claims.
 * @returns The value, or `undefined` when any step is missing.
 */
export function readPath(payload: JWTPayload, path: string): unknown {
  if (Object.hasOwn(payload, path)) return payload[path];
  let current: unknown = payload;
  for (const step of path.split('.')) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, step)) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}
