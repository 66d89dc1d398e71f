import { createJwtAuthenticator, type CredentialRequest } from '@bulwark/auth';
import { jwtVerify } from 'jose';
import {
  AUDIENCE,
  importHmacKey,
  ISSUER,
  type BenchKeys,
  type TokenAlgorithm,
} from '../fixtures/keys';
import { signTokens } from '../fixtures/tokens';
import { sequential, type MicroCase } from './measure';

function credentials(token: string): CredentialRequest {
  return {
    headers: { authorization: `Bearer ${token}` },
    cookies: {},
    query: {},
    clientAddress: '127.0.0.1',
  };
}

async function bulwarkCase(
  keys: BenchKeys,
  algorithm: TokenAlgorithm,
  isCached: boolean,
): Promise<MicroCase> {
  const [token] = await signTokens(keys, algorithm, 1);
  const authenticator = createJwtAuthenticator({
    issuer: ISSUER,
    audience: AUDIENCE,
    algorithms: [algorithm],
    key: algorithm === 'HS256' ? { secret: keys.secret } : { publicKey: keys.publicKeyPem },
    ...(isCached ? {} : { cache: false }),
  });
  const request = credentials(token as string);
  return {
    step: 'authenticate',
    name: `Bulwark bearer, ${algorithm}, ${isCached ? 'verified-token cache hit' : 'cache off (full verify)'}`,
    batch: isCached ? 2000 : 200,
    run: (calls) => sequential(calls, () => authenticator.authenticate(request)),
  };
}

/**
 * The authentication step: Bulwark's bearer authenticator with and without its verified-token
 * cache, for HS256 and ES256, and a bare `jose.jwtVerify` with an HS256 key imported once (what
 * the NestJS and hand-rolled stacks do on every request).
 *
 * @param keys - The run's keys.
 * @returns The cases.
 */
export async function authenticationCases(keys: BenchKeys): Promise<MicroCase[]> {
  const [token] = await signTokens(keys, 'HS256', 1);
  const key = await importHmacKey(keys.secret);
  const options = { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] };
  return [
    await bulwarkCase(keys, 'HS256', true),
    await bulwarkCase(keys, 'HS256', false),
    await bulwarkCase(keys, 'ES256', true),
    await bulwarkCase(keys, 'ES256', false),
    {
      step: 'authenticate',
      name: 'jose jwtVerify, HS256, key imported once (NestJS and hand-rolled stacks)',
      batch: 200,
      run: (calls) => sequential(calls, () => jwtVerify(token as string, key, options)),
    },
  ];
}
