import type { LimiterFloodReport } from '../flood/limiter-flood';
import type { Measurement } from '../rounds';
import type { Endpoint, StackInfo } from '../stacks';
import { median } from './stats';

/** One stack and endpoint over all rounds. */
export interface CellSummary {
  readonly stack: StackInfo;
  readonly endpoint: Endpoint;
  /** Requests per second in each round, in round order. */
  readonly perRound: readonly number[];
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly rssMB: number | null;
  readonly cpuMicros: number | null;
  /** Median over rounds of this cell's req/s divided by the baseline's in the same round. */
  readonly vsExpress: number | null;
  readonly vsRoutingControllers: number | null;
}

/** One target of the issue, checked against this run. */
export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly isMet: boolean;
}

/** Megabytes (10^6 bytes), the unit of every memory figure in the report. */
export const MB = 1e6;

function of(measurements: readonly Measurement[], stackId: string, endpoint: Endpoint) {
  return measurements
    .filter((m) => m.stackId === stackId && m.endpoint === endpoint)
    .sort((a, b) => a.round - b.round);
}

function medianOrNull(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : median(known);
}

/**
 * Ratio of two cells' values, taken round by round and then the median, so each ratio compares
 * periods measured minutes apart at most.
 *
 * @param measurements - Every period.
 * @param pick - Which value of a period to compare.
 * @returns `null` when either cell was not measured.
 */
export function pairedRatio(
  measurements: readonly Measurement[],
  endpoint: Endpoint,
  stackId: string,
  baselineId: string,
  pick: (m: Measurement) => number = (m) => m.result.requestsPerSecond,
): number | null {
  const base = new Map(of(measurements, baselineId, endpoint).map((m) => [m.round, m]));
  const ratios = of(measurements, stackId, endpoint)
    .map((m) => {
      const b = base.get(m.round);
      return b === undefined ? null : pick(m) / pick(b);
    })
    .filter((r): r is number => r !== null && Number.isFinite(r));
  return ratios.length === 0 ? null : median(ratios);
}

/**
 * Summarizes every measured cell: medians over rounds and paired ratios to the baselines.
 *
 * @param measurements - Every period.
 * @param stacks - The stacks, in report order.
 * @returns One summary per stack and endpoint that was measured.
 */
export function summarize(
  measurements: readonly Measurement[],
  stacks: readonly StackInfo[],
): CellSummary[] {
  const summaries: CellSummary[] = [];
  for (const stack of stacks) {
    for (const endpoint of stack.endpoints) {
      const cells = of(measurements, stack.id, endpoint);
      if (cells.length === 0) continue;
      const rss = medianOrNull(cells.map((m) => m.rssBytes));
      summaries.push({
        stack,
        endpoint,
        perRound: cells.map((m) => m.result.requestsPerSecond),
        requestsPerSecond: median(cells.map((m) => m.result.requestsPerSecond)),
        p50Ms: median(cells.map((m) => m.result.p50Ms)),
        p99Ms: median(cells.map((m) => m.result.p99Ms)),
        rssMB: rss === null ? null : rss / MB,
        cpuMicros: medianOrNull(cells.map((m) => m.cpuMicros)),
        vsExpress: pairedRatio(measurements, endpoint, stack.id, 'express'),
        vsRoutingControllers: pairedRatio(measurements, endpoint, stack.id, 'routing-controllers'),
      });
    }
  }
  return summaries;
}

const percent = (ratio: number): string => `${Math.round(ratio * 100)}%`;

/**
 * Checks the targets for each Bulwark variant, from ratios measured in the same rounds.
 *
 * @param measurements - Every period.
 * @param flood - The rate-limiter flood, if it ran.
 * @returns One line per target and variant that could be checked.
 */
export function checkTargets(
  measurements: readonly Measurement[],
  flood: LimiterFloodReport | null,
): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const add = (
    target: string,
    value: number | null,
    isMet: (v: number) => boolean,
    show: (v: number) => string,
  ) => {
    if (value !== null) checks.push({ target, measured: show(value), isMet: isMet(value) });
  };
  for (const id of ['bulwark-hs256', 'bulwark-es256']) {
    const name = id === 'bulwark-hs256' ? 'Bulwark HS256' : 'Bulwark ES256';
    const get: Endpoint = 'GET /items/:id';
    const post: Endpoint = 'POST /items';
    add(
      `${name} GET ≥ 80% of routing-controllers`,
      pairedRatio(measurements, get, id, 'routing-controllers'),
      (v) => v >= 0.8,
      percent,
    );
    add(
      `${name} POST ≥ 70% of routing-controllers`,
      pairedRatio(measurements, post, id, 'routing-controllers'),
      (v) => v >= 0.7,
      percent,
    );
    add(
      `${name} GET ≥ 2× NestJS`,
      pairedRatio(measurements, get, id, 'nestjs'),
      (v) => v >= 2,
      (v) => `${v.toFixed(2)}×`,
    );
    add(
      `${name} POST ≥ 2× NestJS`,
      pairedRatio(measurements, post, id, 'nestjs'),
      (v) => v >= 2,
      (v) => `${v.toFixed(2)}×`,
    );
    for (const endpoint of [get, post]) {
      const p99 = pairedRatio(
        measurements,
        endpoint,
        id,
        'routing-controllers',
        (m) => m.result.p99Ms,
      );
      add(
        `${name} ${endpoint.split(' ')[0]} p99 ≤ 1.5× routing-controllers`,
        p99,
        (v) => v <= 1.5,
        (v) => `${v.toFixed(2)}×`,
      );
      add(
        `${name} ${endpoint.split(' ')[0]} RSS ≤ routing-controllers + 30 MB`,
        rssDifference(measurements, endpoint, id),
        (v) => v <= 30,
        (v) => `${v >= 0 ? '+' : ''}${v.toFixed(1)} MB`,
      );
    }
  }
  // Judged on the memory the limiter keeps: the heap right after a full collection. The RSS, which
  // also holds garbage not collected yet and pages the allocator has not handed back, is shown
  // beside it, raw and after the collection.
  const { retainedHeapGrowthBytes: kept, retainedGrowthBytes: rssKept } = flood ?? {};
  if (flood !== null && kept != null && rssKept != null && flood.growthBytes !== null) {
    checks.push({
      target: 'Rate limiter: no memory growth with 1,000,000 distinct client addresses in 60 s',
      measured: `${flood.addresses.toLocaleString('en-US')} addresses in ${flood.seconds.toFixed(0)} s; over the second half, heap after a full collection ${signedMb(kept)}, RSS after it ${signedMb(rssKept)}, raw RSS ${signedMb(flood.growthBytes)}; ${flood.refusals} refusals`,
      isMet:
        flood.addresses >= 1_000_000 &&
        flood.seconds <= 61 &&
        flood.refusals === 0 &&
        kept <= 5 * MB,
    });
  }
  return checks;
}

function signedMb(bytes: number): string {
  const value = bytes / MB;
  return `${value >= 0 ? '+' : ''}${value.toFixed(1)} MB`;
}

function rssDifference(
  measurements: readonly Measurement[],
  endpoint: Endpoint,
  id: string,
): number | null {
  const own = medianOrNull(of(measurements, id, endpoint).map((m) => m.rssBytes));
  const base = medianOrNull(
    of(measurements, 'routing-controllers', endpoint).map((m) => m.rssBytes),
  );
  return own === null || base === null ? null : (own - base) / MB;
}
