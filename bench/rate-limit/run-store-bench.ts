// Rate-limit store benchmark: checks per second and latency per check of the memory and Redis
// stores, against rate-limiter-flexible and a bare round trip measured in the same run, and
// the heap a million keys take. Every loop has a fixed number of operations, so it ends.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  createRateLimitEnforcer,
  MemoryStore,
  RedisStore,
  type LimitCheck,
} from '@bulwark/rate-limit';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { addressOf, benchLimit, benchRoute, inputOf } from './fixtures';
import { concurrent, sequential, table, type Sample } from './measure';
import { startBenchRedis } from './private-redis';

const ROOT = resolve(__dirname, '..', '..');
const CLIENTS = 10_000;
const MEMORY_OPS = Number(process.env.RL_BENCH_MEMORY_OPS ?? 200_000);
const REDIS_OPS = Number(process.env.RL_BENCH_REDIS_OPS ?? 20_000);
const FOOTPRINT_KEYS = Number(process.env.RL_BENCH_KEYS ?? 1_000_000);

const route = benchRoute([benchLimit()]);
const sliding = benchRoute([benchLimit({ algorithm: 'sliding-window' })]);
const bucket = benchRoute([benchLimit({ algorithm: 'token-bucket' })]);
const burstAndSustained = benchRoute([
  benchLimit({ name: 'burst', windowMs: 1000 }),
  benchLimit({ name: 'sustained', windowMs: 900_000 }),
]);
const fixedCheck = (prefix: string, i: number): LimitCheck => ({
  key: `${prefix}{${i % CLIENTS}}:fw`,
  algorithm: 'fixed-window',
  limit: 1_000_000_000,
  windowMs: 60_000,
  cost: 1,
  leaseId: '',
});

async function memorySection(): Promise<Sample[]> {
  const rlf = new RateLimiterMemory({ points: 1_000_000_000, duration: 60 });
  const store = new MemoryStore();
  const enforcer = createRateLimitEnforcer({ store: 'memory' });
  const at = (i: number) => inputOf(i % CLIENTS);
  const samples = [
    await sequential('harness floor', MEMORY_OPS, async () => undefined),
    await sequential('rate-limiter-flexible memory', MEMORY_OPS, (i) =>
      rlf.consume(addressOf(i % CLIENTS)),
    ),
    await sequential('MemoryStore.consume', MEMORY_OPS, (i) =>
      store.consume([fixedCheck('b:', i)]),
    ),
    await sequential('enforcer memory fixed', MEMORY_OPS, (i) => enforcer.check(route, at(i))),
    await sequential('enforcer memory sliding', MEMORY_OPS, (i) => enforcer.check(sliding, at(i))),
    await sequential('enforcer memory bucket', MEMORY_OPS, (i) => enforcer.check(bucket, at(i))),
    await sequential('enforcer memory 2 limits', MEMORY_OPS, (i) =>
      enforcer.check(burstAndSustained, at(i)),
    ),
  ];
  await Promise.all([store.close(), enforcer.close()]);
  return samples;
}

async function redisSection(url: string): Promise<Sample[]> {
  const client = new Redis(url, { enableOfflineQueue: true });
  const rlf = new RateLimiterRedis({
    storeClient: client,
    points: 1_000_000_000,
    duration: 60,
    keyPrefix: 'rlf',
  });
  const store = new RedisStore({ client });
  const enforcer = createRateLimitEnforcer({ store: 'redis', redis: { client } });
  const at = (i: number) => inputOf(i % CLIENTS);
  const samples = [
    await sequential('PING round trip', REDIS_OPS, () => client.ping()),
    await sequential('rate-limiter-flexible redis', REDIS_OPS, (i) =>
      rlf.consume(addressOf(i % CLIENTS)),
    ),
    await sequential('RedisStore.consume', REDIS_OPS, (i) => store.consume([fixedCheck('b:', i)])),
    await sequential('enforcer redis fixed', REDIS_OPS, (i) => enforcer.check(route, at(i))),
    await sequential('enforcer redis bucket', REDIS_OPS, (i) => enforcer.check(bucket, at(i))),
    await sequential('enforcer redis 2 limits', REDIS_OPS, (i) =>
      enforcer.check(burstAndSustained, at(i)),
    ),
    await concurrent('PING, 64 in flight', REDIS_OPS * 2, 64, () => client.ping()),
    await concurrent('rate-limiter-flexible redis, 64 in flight', REDIS_OPS * 2, 64, (i) =>
      rlf.consume(addressOf(i % CLIENTS)),
    ),
    await concurrent('enforcer redis fixed, 64 in flight', REDIS_OPS * 2, 64, (i) =>
      enforcer.check(route, at(i)),
    ),
  ];
  await enforcer.close();
  await client.quit();
  return samples;
}

function footprintSection(): Array<Record<string, unknown>> {
  const names = [
    'plain Map<string, number>',
    'rate-limiter-flexible RateLimiterMemory',
    'Bulwark memory, fixed window',
    'Bulwark memory, sliding window',
    'Bulwark memory, token bucket',
  ];
  return names.map((name) => {
    const run = spawnSync(
      process.execPath,
      [
        '--expose-gc',
        '--max-old-space-size=4096',
        ...nodeFlags(),
        join(__dirname, 'memory-footprint.ts'),
        name,
        String(FOOTPRINT_KEYS),
      ],
      { cwd: ROOT, env: process.env, encoding: 'utf8', timeout: 600_000 },
    );
    if (run.status !== 0) throw new Error(`${name}: ${run.stderr}`);
    return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
  });
}

function nodeFlags(): string[] {
  return ['--conditions=bulwark-source', '-r', 'ts-node/register'];
}

function footprintTable(rows: Array<Record<string, unknown>>): string {
  const rlf = rows.find((r) => r['name'] === 'rate-limiter-flexible RateLimiterMemory');
  const mb = (bytes: unknown) => (Number(bytes) / 1_048_576).toFixed(0);
  return [
    `| variant (${FOOTPRINT_KEYS.toLocaleString('en')} keys) | heap MB | bytes/key | ratio to rate-limiter-flexible |`,
    '| --- | ---: | ---: | ---: |',
    ...rows.map((r) => {
      const ratio =
        rlf === undefined ? '' : (Number(r['heapBytes']) / Number(rlf['heapBytes'])).toFixed(2);
      return `| ${String(r['name'])} | ${mb(r['heapBytes'])} | ${Number(r['bytesPerKey']).toFixed(0)} | ${ratio} |`;
    }),
  ].join('\n');
}

async function main(): Promise<void> {
  const out: string[] = [`# Rate-limit store benchmark, ${new Date().toISOString()}`, ''];
  out.push(
    `Node ${process.version}, ${CLIENTS.toLocaleString('en')} distinct clients, sequential checks unless noted.`,
    '',
  );

  const memory = await memorySection();
  out.push(
    '## Memory',
    '',
    table(memory, { throughput: 'rate-limiter-flexible memory', floor: 'harness floor' }),
    '',
  );

  const redis = await startBenchRedis();
  let redisSamples: Sample[] = [];
  if (redis === null) {
    out.push('## Redis', '', 'Skipped: no redis-server binary to start a private instance.', '');
  } else {
    try {
      redisSamples = await redisSection(redis.url);
    } finally {
      await redis.stop();
    }
    out.push('## Redis (private redis-server on loopback)', '');
    out.push(
      table(redisSamples, { throughput: 'rate-limiter-flexible redis', floor: 'PING round trip' }),
      '',
    );
  }

  const footprint = process.env.RL_BENCH_SKIP_FOOTPRINT === '1' ? [] : footprintSection();
  if (footprint.length > 0)
    out.push('## Heap held for distinct keys', '', footprintTable(footprint), '');

  process.stdout.write(`${out.join('\n')}\n`);
  const runs = join(ROOT, 'bench', '.runs');
  mkdirSync(runs, { recursive: true });
  writeFileSync(
    join(runs, 'rate-limit-last.json'),
    JSON.stringify({ memory, redis: redisSamples, footprint }, null, 2),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
