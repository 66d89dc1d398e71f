// Measures the heap a store holds for many distinct keys, in a process of its own so variants do
// not share a heap. Run with --expose-gc; prints one JSON line.
import { createRateLimitEnforcer } from '@bulwark/rate-limit';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { addressOf, benchLimit, benchRoute, inputOf } from './fixtures';

type Variant = (count: number) => Promise<() => unknown>;

const VARIANTS: Readonly<Record<string, Variant>> = {
  // The floor: a Map from the same address strings to a number, nothing else.
  'plain Map<string, number>': async (count) => {
    const map = new Map<string, number>();
    for (let i = 0; i < count; i += 1) map.set(addressOf(i), i);
    return () => map;
  },
  'rate-limiter-flexible RateLimiterMemory': async (count) => {
    const limiter = new RateLimiterMemory({ points: 1_000_000_000, duration: 60 });
    for (let i = 0; i < count; i += 1) await limiter.consume(addressOf(i));
    return () => limiter;
  },
  'Bulwark memory, fixed window': enforcerVariant('fixed-window'),
  'Bulwark memory, sliding window': enforcerVariant('sliding-window'),
  'Bulwark memory, token bucket': enforcerVariant('token-bucket'),
};

function enforcerVariant(algorithm: 'fixed-window' | 'sliding-window' | 'token-bucket'): Variant {
  return async (count) => {
    const enforcer = createRateLimitEnforcer({ store: 'memory', memory: { maxKeys: count } });
    const route = benchRoute([benchLimit({ algorithm })]);
    for (let i = 0; i < count; i += 1) await enforcer.check(route, inputOf(i));
    return () => enforcer;
  };
}

async function main(): Promise<void> {
  const [name = '', countText = '1000000'] = process.argv.slice(2);
  const variant = VARIANTS[name];
  const gc = (globalThis as { gc?: () => void }).gc;
  if (variant === undefined || gc === undefined) {
    throw new Error(
      `usage: node --expose-gc memory-footprint.ts <${Object.keys(VARIANTS).join('|')}> [count]`,
    );
  }
  const count = Number(countText);
  gc();
  const before = process.memoryUsage();
  const keep = await variant(count);
  gc();
  const after = process.memoryUsage();
  keep();
  const heapBytes = after.heapUsed - before.heapUsed;
  process.stdout.write(
    `${JSON.stringify({ name, count, heapBytes, bytesPerKey: heapBytes / count, rssBytes: after.rss - before.rss })}\n`,
  );
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

export { VARIANTS };
