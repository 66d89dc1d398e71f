import { resolve } from 'node:path';

/** Everything a run can be told through the environment. */
export interface BenchConfig {
  /** Measured rounds; each visits every stack and endpoint once. */
  readonly rounds: number;
  /** Seconds of load per stack and endpoint in each round. */
  readonly durationSeconds: number;
  /** Seconds of unmeasured load per stack and endpoint before the first round. */
  readonly warmupSeconds: number;
  /** Concurrent connections of the load generator. */
  readonly connections: number;
  /** Distinct users (tokens and items) the requests cycle through. */
  readonly users: number;
  /** Length of each address-flood memory run, in seconds. */
  readonly floodSeconds: number;
  /** Distinct client addresses the rate-limiter flood reaches by its end. */
  readonly floodAddresses: number;
  /** Pipelined requests per connection in the address-flood run. */
  readonly floodPipelining: number;
  /** Milliseconds each micro benchmark runs for. */
  readonly microMs: number;
  /** Parts to skip: `micro`, `load`, `flood`. */
  readonly skip: ReadonlySet<string>;
  /** Only these stacks (ids), or all when empty. */
  readonly stacks: ReadonlySet<string>;
  /** Where the report is written. */
  readonly output: string;
}

/**
 * The environment variables of {@link readConfig}, with their defaults, for the report. Six
 * rounds: on a shared two-core machine one round in four or five lands in a busy minute, and a
 * median over six pairs moves less with it than one over four.
 */
export const CONFIG_VARIABLES = Object.freeze({
  BENCH_ROUNDS: '6',
  BENCH_DURATION: '4',
  BENCH_WARMUP: '3',
  BENCH_CONNECTIONS: '32',
  BENCH_USERS: '32',
  BENCH_FLOOD_SECONDS: '60',
  BENCH_FLOOD_ADDRESSES: '1000000',
  BENCH_FLOOD_PIPELINING: '4',
  BENCH_MICRO_MS: '1000',
  BENCH_SKIP: '',
  BENCH_STACKS: '',
  BENCH_OUTPUT: 'bench/RESULTS.md',
});

/**
 * Reads the run's settings from `BENCH_*` environment variables; the defaults keep a full run
 * to about eleven minutes on two cores.
 *
 * @param root - The repository root, for the default output path.
 * @returns The settings.
 * @throws Error naming the variable when a number is not a positive integer.
 */
export function readConfig(root: string): BenchConfig {
  const text = (name: keyof typeof CONFIG_VARIABLES): string =>
    process.env[name] ?? CONFIG_VARIABLES[name];
  const count = (name: keyof typeof CONFIG_VARIABLES): number => {
    const value = Number(text(name));
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`${name} must be a positive integer.`);
    return value;
  };
  const list = (name: keyof typeof CONFIG_VARIABLES): ReadonlySet<string> =>
    new Set(
      text(name)
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0),
    );
  return {
    rounds: count('BENCH_ROUNDS'),
    durationSeconds: count('BENCH_DURATION'),
    warmupSeconds: count('BENCH_WARMUP'),
    connections: count('BENCH_CONNECTIONS'),
    users: count('BENCH_USERS'),
    floodSeconds: count('BENCH_FLOOD_SECONDS'),
    floodAddresses: count('BENCH_FLOOD_ADDRESSES'),
    floodPipelining: count('BENCH_FLOOD_PIPELINING'),
    microMs: count('BENCH_MICRO_MS'),
    skip: list('BENCH_SKIP'),
    stacks: list('BENCH_STACKS'),
    output: resolve(root, text('BENCH_OUTPUT')),
  };
}
