import { median } from '../report/stats';

/**
 * What a micro benchmark is timed by: the process's CPU time (user + system, every thread), which
 * other work on a shared machine barely disturbs, or wall time, for steps that wait on a disk.
 */
export type MicroClock = 'cpu' | 'wall';

/** One micro benchmark's result. */
export interface MicroResult {
  readonly step: string;
  readonly name: string;
  readonly clock: MicroClock;
  /** Median over the batches, in nanoseconds per call. */
  readonly nsPerCall: number;
  readonly calls: number;
}

/** A micro benchmark: `run(n)` performs `n` calls of the measured operation. */
export interface MicroCase {
  readonly step: string;
  readonly name: string;
  /** @defaultValue 'cpu' */
  readonly clock?: MicroClock;
  /** Calls per timed batch: enough for a few milliseconds, well above the clock's resolution. */
  readonly batch: number;
  run(calls: number): unknown;
}

const BATCHES = 7;

/** Nanoseconds on the chosen clock. */
function now(clock: MicroClock): number {
  if (clock === 'wall') return Number(process.hrtime.bigint());
  const { user, system } = process.cpuUsage();
  return (user + system) * 1000;
}

/**
 * Times a case: untimed batches for half the budget (so the JIT has optimized the code, as it
 * has in a server that has run for a while), then timed batches for the other half (at least
 * {@link BATCHES}), and reports the median time per call. The median of batches resists the
 * pauses a shared machine inflicts better than a total.
 *
 * @param micro - The case.
 * @param budgetMs - Time to spend.
 * @returns The result.
 */
export async function measure(micro: MicroCase, budgetMs: number): Promise<MicroResult> {
  const warming = performance.now();
  do await micro.run(micro.batch);
  while (performance.now() - warming < budgetMs / 2);
  const clock = micro.clock ?? 'cpu';
  const perCall: number[] = [];
  let calls = 0;
  const started = performance.now();
  while (perCall.length < BATCHES || performance.now() - started < budgetMs / 2) {
    const begin = now(clock);
    await micro.run(micro.batch);
    perCall.push((now(clock) - begin) / micro.batch);
    calls += micro.batch;
    if (perCall.length >= 1000) break;
  }
  return { step: micro.step, name: micro.name, clock, nsPerCall: median(perCall), calls };
}

/** Repeats an async operation `calls` times, one after another. */
export async function sequential(calls: number, operation: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < calls; i += 1) await operation();
}

/** Repeats a synchronous operation `calls` times; returns a value so the work is not elided. */
export function repeat(calls: number, operation: () => unknown): unknown {
  let last: unknown;
  for (let i = 0; i < calls; i += 1) last = operation();
  return last;
}
