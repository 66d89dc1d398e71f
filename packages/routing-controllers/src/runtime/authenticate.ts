import type { CredentialRequest } from '@bulwark/auth';
import { BulwarkError, type Principal } from '@bulwark/core';
import type { Request } from 'express';
import type { RoutePlan } from './route-plan';

/**
 * Runs the route's authenticators in order and returns the first principal.
 *
 * Security: a credential that is present but invalid stops the chain with its own error; it
 * never falls through to another scheme, so a forged token cannot be "rescued" by trying the
 * next authenticator. No credential at all answers 401 with every accepted challenge.
 *
 * @param plan - The route plan.
 * @param request - The Express request.
 * @param clientAddress - The resolved client address.
 * @returns The principal.
 * @throws BulwarkError `ERR_AUTHN_REQUIRED` or the authenticator's `ERR_AUTHN_INVALID`.
 */
export async function authenticate(
  plan: RoutePlan,
  request: Request,
  clientAddress: string,
): Promise<Principal> {
  const credentials = credentialsOf(request, clientAddress);
  for (const authenticator of plan.authenticators) {
    const principal = await authenticator.authenticate(credentials);
    if (principal !== null) return principal;
  }
  throw required(plan);
}

/**
 * {@link authenticate} without waiting, when every authenticator it asks can answer from
 * memory (a token verified before). Declines with `undefined` as soon as one cannot, and the
 * caller then runs {@link authenticate}, which asks them all again from the first; nothing is
 * refused here that {@link authenticate} would not refuse.
 *
 * @param plan - The route plan.
 * @param request - The Express request.
 * @param clientAddress - The resolved client address.
 * @returns The principal, or `undefined` to authenticate asynchronously.
 * @throws BulwarkError `ERR_AUTHN_REQUIRED` when no authenticator found a credential.
 */
export function authenticateNow(
  plan: RoutePlan,
  request: Request,
  clientAddress: string,
): Principal | undefined {
  const credentials = credentialsOf(request, clientAddress);
  for (const authenticator of plan.authenticators) {
    const principal = authenticator.authenticateNow?.(credentials);
    if (principal === undefined) return undefined;
    if (principal !== null) return principal;
  }
  throw required(plan);
}

function credentialsOf(request: Request, clientAddress: string): CredentialRequest {
  return new RequestCredentials(request, clientAddress);
}

/**
 * The credential view of a request; cookies are parsed only if an authenticator reads them. A
 * class, because an object literal with a getter is built slowly on every request.
 */
class RequestCredentials implements CredentialRequest {
  readonly headers: CredentialRequest['headers'];
  readonly query: Record<string, unknown>;

  constructor(
    private readonly request: Request,
    readonly clientAddress: string,
  ) {
    this.headers = request.headers;
    this.query = request.query as Record<string, unknown>;
  }

  get cookies(): Readonly<Record<string, string>> {
    return (this.request as Request & { cookies?: Record<string, string> }).cookies ?? {};
  }
}

function required(plan: RoutePlan): BulwarkError {
  return new BulwarkError('ERR_AUTHN_REQUIRED', 'This route requires authentication.', {
    headers: plan.challenge.length > 0 ? { 'WWW-Authenticate': plan.challenge } : {},
    reason: 'no credential',
  });
}
