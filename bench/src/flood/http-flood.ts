import type { BenchConfig } from '../config';
import type { LoadProcess, ServerProcess } from '../processes';
import { residentSetSize, sampleRss } from '../processes';
import { growth } from '../report/stats';

/** What the address-flood run measured. */
export interface FloodReport {
  readonly seconds: number;
  readonly requestsPerSecond: number;
  /** Distinct client addresses that got an answer (each request used a new one). */
  readonly addresses: number;
  readonly non2xx: number;
  readonly idleRssBytes: number | null;
  /** RSS once a second during the flood, in bytes. */
  readonly samples: readonly number[];
  /** Median RSS of the last fifth of the run minus that of the second fifth, in bytes. */
  readonly growthBytes: number | null;
  readonly peakBytes: number | null;
}

/**
 * Floods a Bulwark server, which trusts its loopback proxy for this run only, with requests that
 * each come from a new client address (`X-Forwarded-For`), all hitting a rate limit keyed by
 * address, and samples the server's RSS once a second. Bounded by `floodSeconds`.
 *
 * @param server - The `bulwark-address-flood` stack.
 * @param load - The load generator.
 * @param config - Duration, connections and pipelining.
 * @returns RSS series, growth and how many addresses were served.
 */
export async function runAddressFlood(
  server: ServerProcess,
  load: LoadProcess,
  config: BenchConfig,
): Promise<FloodReport> {
  const idleRssBytes = residentSetSize(server.pid);
  const sampler = sampleRss(server.pid, 1000);
  const result = await load.run({
    url: server.url,
    connections: config.connections,
    durationSeconds: config.floodSeconds,
    pipelining: config.floodPipelining,
    requests: [{ method: 'GET', path: '/ping', headers: {} }],
    isAddressFlood: true,
  });
  const samples = sampler.stop();
  return {
    seconds: config.floodSeconds,
    requestsPerSecond: result.requestsPerSecond,
    addresses: Math.min(result.total, result.addresses),
    non2xx: result.non2xx + result.errors + result.timeouts,
    idleRssBytes,
    samples,
    growthBytes: growth(samples),
    peakBytes: samples.length > 0 ? Math.max(...samples) : null,
  };
}
