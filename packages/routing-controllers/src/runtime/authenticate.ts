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
  const credentials: CredentialRequest = {
    headers: request.headers,
    cookies: (request as Request & { cookies?: Record<string, string> }).cookies ?? {},
    query: request.query as Record<string, unknown>,
    clientAddress,
  };
  for (const authenticator of plan.authenticators) {
    const principal = await authenticator.authenticate(credentials);
    if (principal !== null) return principal;
  }
  throw new BulwarkError('ERR_AUTHN_REQUIRED', 'This route requires authentication.', {
    headers: plan.challenge.length > 0 ? { 'WWW-Authenticate': plan.challenge } : {},
    reason: 'no credential',
  });
}
