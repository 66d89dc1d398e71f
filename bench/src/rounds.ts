import type { BenchConfig } from './config';
import type { LoadResult, PlannedRequest } from './load/load-job';
import { cpuSeconds, sampleRss, type LoadProcess, type ServerProcess } from './processes';
import { median, steadyPart } from './report/stats';
import type { Endpoint, StackInfo } from './stacks';

/** One stack and endpoint, measured once per round. */
export interface Cell {
  readonly stack: StackInfo;
  readonly endpoint: Endpoint;
  readonly server: ServerProcess;
  readonly requests: readonly PlannedRequest[];
}

/** One load period of one cell. */
export interface Measurement {
  readonly round: number;
  readonly stackId: string;
  readonly endpoint: Endpoint;
  readonly result: LoadResult;
  /** Median RSS over the second half of the period, in bytes (`null` without `/proc`). */
  readonly rssBytes: number | null;
  /** Server CPU time (user + system) per answered request, in µs (`null` without `/proc`). */
  readonly cpuMicros: number | null;
}

const RSS_INTERVAL_MS = 250;

/**
 * Runs the warm-up and then the measured rounds, visiting the cells in the same order each
 * round (A B C … A B C …), so slow drift of a shared machine affects every stack alike and the
 * ratios taken within a round stay fair.
 *
 * @param cells - Every stack and endpoint.
 * @param load - The load generator.
 * @param config - Rounds, durations and connections.
 * @param progress - Receives one line per period.
 * @returns Every measured period.
 */
export async function runRounds(
  cells: readonly Cell[],
  load: LoadProcess,
  config: BenchConfig,
  progress: (line: string) => void,
): Promise<Measurement[]> {
  for (const cell of cells) {
    await period(cell, load, config, config.warmupSeconds);
    progress(`warm-up  ${cell.stack.label} ${cell.endpoint}`);
  }
  const measurements: Measurement[] = [];
  for (let round = 1; round <= config.rounds; round += 1) {
    for (const cell of cells) {
      const { result, rssBytes, cpuMicros } = await period(
        cell,
        load,
        config,
        config.durationSeconds,
      );
      measurements.push({
        round,
        stackId: cell.stack.id,
        endpoint: cell.endpoint,
        result,
        rssBytes,
        cpuMicros,
      });
      progress(
        `round ${round} ${cell.stack.label} ${cell.endpoint}: ${Math.round(result.requestsPerSecond)} req/s, p99 ${result.p99Ms} ms`,
      );
    }
  }
  return measurements;
}

async function period(
  cell: Cell,
  load: LoadProcess,
  config: BenchConfig,
  seconds: number,
): Promise<{ result: LoadResult; rssBytes: number | null; cpuMicros: number | null }> {
  const sampler = sampleRss(cell.server.pid, RSS_INTERVAL_MS);
  const cpuBefore = cpuSeconds(cell.server.pid);
  const result = await load.run({
    url: cell.server.url,
    connections: config.connections,
    durationSeconds: seconds,
    pipelining: 1,
    requests: cell.requests,
    isAddressFlood: false,
  });
  const cpuAfter = cpuSeconds(cell.server.pid);
  const samples = steadyPart(sampler.stop());
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(
      `${cell.stack.label} ${cell.endpoint}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts (${JSON.stringify(result.statusCodes)}).`,
    );
  }
  return {
    result,
    rssBytes: samples.length === 0 ? null : median(samples),
    cpuMicros:
      cpuBefore === null || cpuAfter === null || result.total === 0
        ? null
        : ((cpuAfter - cpuBefore) * 1e6) / result.total,
  };
}
