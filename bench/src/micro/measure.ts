import { median } from '../report/stats';

/** One micro benchmark's result. */
export interface MicroResult {
  readonly step: string;
  readonly name: string;
  /** Median over the batches, in nanoseconds per call. */
  readonly nsPerCall: number;
  readonly calls: number;
}

/** A micro benchmark: `run(n)` performs `n` calls of the measured operation. */
export interface MicroCase {
  readonly step: string;
  readonly name: string;
  /** Calls per timed batch; larger for cheap operations so timer overhead stays negligible. */
  readonly batch: number;
  run(calls: number): unknown;
}

const BATCHES = 7;

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
  const perCall: number[] = [];
  let calls = 0;
  const started = performance.now();
  while (perCall.length < BATCHES || performance.now() - started < budgetMs / 2) {
    const begin = process.hrtime.bigint();
    await micro.run(micro.batch);
    perCall.push(Number(process.hrtime.bigint() - begin) / micro.batch);
    calls += micro.batch;
    if (perCall.length >= 1000) break;
  }
  return { step: micro.step, name: micro.name, nsPerCall: median(perCall), calls };
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
