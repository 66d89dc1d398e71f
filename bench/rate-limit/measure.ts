/** What one measured variant did. */
export interface Sample {
  readonly name: string;
  readonly operations: number;
  readonly opsPerSecond: number;
  /** Per-operation latency in microseconds (sequential runs only). */
  readonly p50Us: number | null;
  readonly p99Us: number | null;
}

/**
 * Runs `op` one at a time, `operations` times after a tenth as warm-up, timing each.
 *
 * @param name - The variant's name.
 * @param operations - How many timed operations; the run always ends.
 * @param op - One operation; receives its index.
 * @returns Throughput and latency percentiles.
 */
export async function sequential(
  name: string,
  operations: number,
  op: (i: number) => Promise<unknown>,
): Promise<Sample> {
  for (let i = 0; i < Math.ceil(operations / 10); i += 1) await op(i);
  const timings = new Float64Array(operations);
  const started = process.hrtime.bigint();
  for (let i = 0; i < operations; i += 1) {
    const t0 = process.hrtime.bigint();
    await op(i);
    timings[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  timings.sort();
  return {
    name,
    operations,
    opsPerSecond: operations / seconds,
    p50Us: timings[Math.floor(operations * 0.5)] ?? null,
    p99Us: timings[Math.floor(operations * 0.99)] ?? null,
  };
}

/**
 * Runs `op` with `inFlight` operations outstanding at all times, `operations` in total.
 *
 * @param name - The variant's name.
 * @param operations - How many operations; the run always ends.
 * @param inFlight - How many run at once.
 * @param op - One operation; receives its index.
 * @returns Throughput (latency is not meaningful under queueing, so it is left out).
 */
export async function concurrent(
  name: string,
  operations: number,
  inFlight: number,
  op: (i: number) => Promise<unknown>,
): Promise<Sample> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < operations) await op(next++);
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: inFlight }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { name, operations, opsPerSecond: operations / seconds, p50Us: null, p99Us: null };
}

/**
 * Formats samples as a Markdown table: throughput against one baseline of this run, and p50
 * latency added over a floor (the harness alone, or a bare Redis round trip).
 *
 * @param samples - The variants measured in this run.
 * @param against - Names of the throughput baseline and of the latency floor.
 * @returns The table.
 */
export function table(
  samples: readonly Sample[],
  against: { readonly throughput: string; readonly floor: string },
): string {
  const base = samples.find((s) => s.name === against.throughput);
  const floor = samples.find((s) => s.name === against.floor)?.p50Us ?? null;
  const fixed = (v: number | null) => (v === null ? '' : v.toFixed(1));
  const rows = samples.map((s) => {
    const ratio = base === undefined ? '' : (s.opsPerSecond / base.opsPerSecond).toFixed(2);
    const added = s.p50Us !== null && floor !== null ? s.p50Us - floor : null;
    const rate = Math.round(s.opsPerSecond).toLocaleString('en');
    return `| ${s.name} | ${rate} | ${ratio} | ${fixed(s.p50Us)} | ${fixed(s.p99Us)} | ${fixed(added)} |`;
  });
  return [
    `| variant | checks/s | ratio to ${against.throughput} | p50 µs | p99 µs | p50 added over ${against.floor} µs |`,
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}
