import { expect } from 'chai';
import {
  createSigningKeyRing,
  createTokenEndpoint,
  MemoryOAuthClientStore,
  registerOAuthClient,
  type FailureThrottle,
  type TokenEndpoint,
} from '@bulwark/auth';
import { createBruteForceGuard, type BruteForceGuard } from '@bulwark/rate-limit';

const FAST_SCRYPT = Object.freeze({ N: 1024, r: 8, p: 1 });
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}

describe('the brute-force guard as the token endpoint throttle', () => {
  let now: number;
  let guard: BruteForceGuard;
  let endpoint: TokenEndpoint;
  let secret: string;

  const post = (clientSecret: string, address: string) =>
    endpoint.handle({
      headers: { ...FORM, authorization: basic('svc-1', clientSecret) },
      body: 'grant_type=client_credentials',
      clientAddress: address,
    });

  beforeEach(async () => {
    now = Date.UTC(2030, 0, 1);
    guard = createBruteForceGuard({
      store: 'memory',
      pairLimit: 3,
      baseDelay: '2s',
      now: () => now,
    });
    // The guard has the shape of auth's FailureThrottle without rate-limit importing auth.
    const throttle: FailureThrottle = guard;
    const clients = new MemoryOAuthClientStore();
    ({ clientSecret: secret } = await registerOAuthClient(clients, {
      id: 'svc-1',
      name: 'Billing service',
      allowedScopes: ['notes:read'],
      hashParams: FAST_SCRYPT,
    }));
    endpoint = createTokenEndpoint({
      issuer: 'https://auth.test',
      audience: 'notes-api',
      clients,
      keys: createSigningKeyRing({ clock: () => now }),
      hashParams: FAST_SCRYPT,
      clock: () => now,
      throttle,
    });
  });

  afterEach(async () => {
    await guard.close();
  });

  it('slows a client-secret guesser down after three failures, even with the right secret', async () => {
    for (let i = 0; i < 3; i += 1)
      expect((await post(`guess-${i}`, '203.0.113.9')).status).to.equal(401);
    const locked = await post(secret, '203.0.113.9');
    expect(locked.status).to.not.equal(200);
    expect(locked.body['error']).to.equal('slow_down');
  });

  it('keeps serving the real client from its own address while the guesser is locked', async () => {
    for (let i = 0; i < 4; i += 1) await post(`guess-${i}`, '203.0.113.9');
    expect((await post(secret, '198.51.100.20')).status).to.equal(200);
  });

  it('lets the guesser try again once the lock has run out', async () => {
    for (let i = 0; i < 3; i += 1) await post(`guess-${i}`, '203.0.113.9');
    now += 2000;
    expect((await post(secret, '203.0.113.9')).status).to.equal(200);
  });
});
