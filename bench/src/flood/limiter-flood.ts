import 'reflect-metadata';
import { definePermissions, type RoutePolicy } from '@bulwark/core';
import { createRateLimitEnforcer, MemoryStore } from '@bulwark/rate-limit';
import { useBulwark } from '@bulwark/routing-controllers';
import express from 'express';
import { floodAddress } from '../load/load-job';
import { growth } from '../report/stats';
import { PingController } from '../servers/bulwark';

/** One sample of the limiter flood, taken once a second. */
export interface FloodSample {
  readonly second: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  /** Counters the memory store holds, expired ones not yet swept included. */
  readonly liveKeys: number;
  /**
   * RSS and heap right after a full garbage collection, taken every five seconds: what the
   * limiter keeps, without the garbage a collector has not reached yet. `null` in between.
   */
  readonly retainedRssBytes: number | null;
  readonly retainedHeapBytes: number | null;
}

/** What the limiter flood measured. */
export interface LimiterFloodReport {
  readonly seconds: number;
  readonly addresses: number;
  readonly targetPerSecond: number;
  readonly windowSeconds: number;
  /** Requests the limiter refused; the limit is never reached, so anything else is a fault. */
  readonly refusals: number;
  readonly samples: readonly FloodSample[];
  /** Median RSS of the last fifth of the run minus that of the second fifth, in bytes. */
  readonly growthBytes: number | null;
  /** The same for the RSS right after a full collection. */
  readonly retainedGrowthBytes: number | null;
  /** The same for the heap right after a full collection: what the limiter keeps. */
  readonly retainedHeapGrowthBytes: number | null;
}

/** The compiled policy of the public, address-limited route of the benchmark's Bulwark app. */
function pingPolicy(): RoutePolicy {
  const bulwark = useBulwark(express(), {
    controllers: [PingController],
    permissions: definePermissions({ subjects: {}, roles: {} }),
    authenticators: [],
    audit: false,
    muteWarnings: ['W_AUDIT_DISABLED'],
  });
  const [policy] = bulwark.policies;
  if (policy === undefined) throw new Error('the ping route did not compile');
  return policy;
}

/**
 * Drives Bulwark's rate limiter (the memory enforcer the runtime creates by default) with a new
 * client address on every check, paced to reach `addresses` in `seconds`, and samples memory
 * once a second. It runs in its own process, so its RSS is the limiter's and nothing else's.
 *
 * @param seconds - Length of the run.
 * @param addresses - Distinct addresses to reach by the end.
 * @returns The samples and the growth over the second half.
 */
async function flood(seconds: number, addresses: number): Promise<LimiterFloodReport> {
  const policy = pingPolicy();
  const store = new MemoryStore();
  const limiter = createRateLimitEnforcer({ store });
  const samples: FloodSample[] = [];
  const perSecond = addresses / seconds;
  const started = performance.now();
  let sent = 0;
  let refusals = 0;
  let nextSample = 1;
  for (;;) {
    const elapsed = (performance.now() - started) / 1000;
    if (sent >= addresses) break;
    // At the end of the run the few addresses the pacing has not reached yet are sent at once.
    const isLast = elapsed >= seconds;
    const due = isLast ? addresses : Math.min(addresses, Math.floor(elapsed * perSecond));
    for (; sent < due; sent += 1) {
      const input = { clientAddress: floodAddress(sent), principal: null, params: {}, headers: {} };
      const result = await limiter.check(policy, input, { phase: 'pre-auth' });
      if (!result.isAllowed) refusals += 1;
    }
    if (elapsed >= nextSample) {
      const memory = process.memoryUsage();
      const retained = nextSample % 5 === 0 ? retainedMemory() : null;
      samples.push({
        second: nextSample,
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
        liveKeys: store.size,
        retainedRssBytes: retained?.rss ?? null,
        retainedHeapBytes: retained?.heapUsed ?? null,
      });
      nextSample += 1;
    }
    if (isLast) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await limiter.close();
  return {
    seconds: (performance.now() - started) / 1000,
    addresses: sent,
    targetPerSecond: perSecond,
    windowSeconds: (policy.rateLimits[0]?.windowMs ?? 0) / 1000,
    refusals,
    samples,
    growthBytes: growth(samples.map((s) => s.rssBytes)),
    retainedGrowthBytes: growth(
      samples.flatMap((s) => (s.retainedRssBytes === null ? [] : [s.retainedRssBytes])),
    ),
    retainedHeapGrowthBytes: growth(
      samples.flatMap((s) => (s.retainedHeapBytes === null ? [] : [s.retainedHeapBytes])),
    ),
  };
}

/**
 * Memory right after a full collection (the process runs with `--expose-gc`), so a sample shows
 * what is kept rather than when the collector last ran. The collection pauses the flood for a
 * moment every five seconds; the pacing catches up afterwards.
 */
function retainedMemory(): NodeJS.MemoryUsage | null {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect === undefined) return null;
  collect();
  return process.memoryUsage();
}

const seconds = Number(process.env['BULWARK_BENCH_FLOOD_SECONDS'] ?? '60');
const addresses = Number(process.env['BULWARK_BENCH_FLOOD_ADDRESSES'] ?? '1000000');
flood(seconds, addresses).then(
  (report) => process.send?.({ type: 'limiter-flood', report }),
  (error: unknown) =>
    process.send?.({ type: 'error', message: String((error as Error)?.stack ?? error) }),
);
