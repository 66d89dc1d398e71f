// Authentication micro-benchmark, in one bounded run:
// 1. Token endpoint timing for an unknown client, a wrong secret, a disabled client and a correct
//    secret, with the production scrypt cost, interleaved so machine load hits each alike; the
//    medians show whether the refusals can be told apart by time.
// 2. Bearer verification per second: ES256 with and without the verified-token cache, HS256,
//    and API-key authentication against the in-memory store.
// Run: TS_NODE_PROJECT=tsconfig.test.json node -r ts-node/register --conditions=bulwark-source \
//        bench/auth/run-auth-bench.ts
import { generateKeyPairSync } from 'node:crypto';
import {
  createApiKeyAuthenticator,
  createApiKeyManager,
  createJwtAuthenticator,
  createSigningKeyRing,
  createTokenEndpoint,
  createTokenSigner,
  MemoryApiKeyStore,
  MemoryOAuthClientStore,
  registerOAuthClient,
  type Authenticator,
  type CredentialRequest,
} from '@bulwark/auth';

const SAMPLES = Number(process.env.AUTH_BENCH_SAMPLES ?? 25);
const SECONDS = Number(process.env.AUTH_BENCH_SECONDS ?? 2);

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};
const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const request = (headers: Record<string, string>): CredentialRequest => ({
  headers,
  cookies: {},
  query: {},
  clientAddress: '127.0.0.1',
});

async function tokenEndpointTiming(): Promise<void> {
  const clients = new MemoryOAuthClientStore();
  const { clientSecret } = await registerOAuthClient(clients, {
    id: 'live',
    name: 'Live',
    allowedScopes: ['a'],
  });
  const off = await registerOAuthClient(clients, { id: 'off', name: 'Off', allowedScopes: ['a'] });
  await clients.save({ ...off.client, enabled: false });
  const endpoint = createTokenEndpoint({
    issuer: 'https://auth.bench.test',
    audience: 'bench',
    clients,
    keys: createSigningKeyRing(),
    throttle: {
      check: () => Promise.resolve({ allowed: true, retryAfterSeconds: 0 }),
      recordFailure: () => Promise.resolve(),
      recordSuccess: () => Promise.resolve(),
    },
  });
  const cases: Record<string, string> = {
    'unknown client': basic('nobody', clientSecret),
    'wrong secret': basic('live', `${clientSecret}x`),
    'disabled client': basic('off', off.clientSecret),
    'correct secret': basic('live', clientSecret),
  };
  const times: Record<string, number[]> = Object.fromEntries(
    Object.keys(cases).map((k) => [k, []]),
  );
  for (let round = 0; round < SAMPLES; round += 1) {
    for (const [name, authorization] of Object.entries(cases)) {
      const started = process.hrtime.bigint();
      await endpoint.handle({
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization },
        body: 'grant_type=client_credentials',
        clientAddress: '127.0.0.1',
      });
      (times[name] as number[]).push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  }
  const reference = median(times['wrong secret'] as number[]);
  process.stdout.write(`token endpoint, median of ${SAMPLES} (scrypt N=2^15, r=8, p=1):\n`);
  for (const [name, values] of Object.entries(times)) {
    const m = median(values);
    process.stdout.write(
      `  ${name.padEnd(16)} ${m.toFixed(1).padStart(7)} ms  (x${(m / reference).toFixed(2)} of wrong secret)\n`,
    );
  }
}

async function perSecond(
  name: string,
  authenticator: Authenticator,
  credentials: CredentialRequest,
): Promise<void> {
  const until = Date.now() + SECONDS * 1000;
  let count = 0;
  while (Date.now() < until) {
    for (let i = 0; i < 100; i += 1) await authenticator.authenticate(credentials);
    count += 100;
  }
  process.stdout.write(
    `  ${name.padEnd(34)} ${Math.round(count / SECONDS)
      .toLocaleString('en')
      .padStart(9)} /s\n`,
  );
}

async function verificationThroughput(): Promise<void> {
  const issuer = 'https://auth.bench.test';
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const es = await createTokenSigner({ issuer, audience: 'bench', key: { privateKey } }).sign(
    { sub: 'a' },
    { expiresIn: '1h' },
  );
  const secret = 'a-benchmark-secret-of-at-least-32-bytes!!';
  const hs = await createTokenSigner({ issuer, audience: 'bench', key: { secret } }).sign(
    { sub: 'a' },
    { expiresIn: '1h' },
  );
  const store = new MemoryApiKeyStore();
  const { key } = await createApiKeyManager({ store }).create({
    ownerId: 'a',
    name: 'k',
    scopes: ['x'],
  });

  process.stdout.write(`authentications per second (one process, ${SECONDS} s each):\n`);
  const esOptions = { issuer, audience: 'bench', key: { publicKey } };
  await perSecond(
    'ES256, cache off',
    createJwtAuthenticator({ ...esOptions, cache: false }),
    request({ authorization: `Bearer ${es}` }),
  );
  await perSecond(
    'ES256, verified-token cache',
    createJwtAuthenticator(esOptions),
    request({ authorization: `Bearer ${es}` }),
  );
  await perSecond(
    'HS256, cache off',
    createJwtAuthenticator({ issuer, audience: 'bench', key: { secret }, cache: false }),
    request({ authorization: `Bearer ${hs}` }),
  );
  await perSecond(
    'API key (memory store)',
    createApiKeyAuthenticator({ store }),
    request({ 'x-api-key': key }),
  );
}

async function main(): Promise<void> {
  await tokenEndpointTiming();
  await verificationThroughput();
}

main().catch((error: unknown) => {
  process.stderr.write(`auth bench failed: ${String(error)}\n`);
  process.exit(1);
});
