import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { readConfig, type BenchConfig } from './config';
import { createBenchKeys, keysEnvironment } from './fixtures/keys';
import { signTokens } from './fixtures/tokens';
import { runAddressFlood, type FloodReport } from './flood/http-flood';
import type { LimiterFloodReport } from './flood/limiter-flood';
import { planRequests, type RunTokens } from './load/plan';
import { preflight, type PreflightReport } from './preflight';
import {
  runMeasuringProcess,
  startLoadProcess,
  startServer,
  type LoadProcess,
  type MicroReport,
  type ServerProcess,
} from './processes';
import { METHOD } from './report/method';
import { formatMarkdown } from './report/format';
import { renderResults } from './report/results-md';
import { runRounds, type Cell, type Measurement } from './rounds';
import { ENDPOINTS, LOAD_STACKS, type StackInfo } from './stacks';
import { describeMachine, installedVersions } from './system';

const ROOT = resolve(__dirname, '..', '..');

function log(line: string): void {
  process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
}

/** Starts every stack, probes it, and runs the alternating rounds; stops the servers after. */
async function loadRounds(
  stacks: readonly StackInfo[],
  environment: Record<string, string>,
  tokens: RunTokens,
  config: BenchConfig,
  load: LoadProcess,
): Promise<{ checks: PreflightReport[]; measurements: Measurement[] }> {
  const servers: ServerProcess[] = [];
  const checks: PreflightReport[] = [];
  try {
    for (const stack of stacks) {
      const server = await startServer(stack.id, environment);
      servers.push(server);
      checks.push(await preflight(stack, server.url, tokens));
      log(`started ${stack.label} (pid ${server.pid}); preflight passed`);
    }
    // Endpoint by endpoint, so each stack's period sits next to its baselines' in every round.
    const cells: Cell[] = ENDPOINTS.flatMap((endpoint) =>
      stacks.flatMap((stack, i) =>
        stack.endpoints.includes(endpoint)
          ? [
              {
                stack,
                endpoint,
                server: servers[i] as ServerProcess,
                requests: planRequests(stack, endpoint, tokens, config.users),
              },
            ]
          : [],
      ),
    );
    return { checks, measurements: await runRounds(cells, load, config, log) };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

async function addressFlood(
  environment: Record<string, string>,
  config: BenchConfig,
  load: LoadProcess,
): Promise<FloodReport> {
  const server = await startServer('bulwark-address-flood', environment);
  try {
    log(`address flood for ${config.floodSeconds} s`);
    const report = await runAddressFlood(server, load, config);
    log(`address flood: ${report.addresses} addresses, peak RSS ${report.peakBytes} bytes`);
    return report;
  } finally {
    await server.stop();
  }
}

/**
 * Runs the whole benchmark — micro benchmarks, alternating load rounds, the address flood — and
 * writes `bench/RESULTS.md` (plus the raw data in `bench/.runs/last.json`).
 */
async function main(): Promise<void> {
  const started = Date.now();
  const config = readConfig(ROOT);
  const machine = describeMachine();
  const runDirectory = join(ROOT, 'bench', '.runs', String(started));
  mkdirSync(runDirectory, { recursive: true });
  const keys = createBenchKeys();
  const tokens: RunTokens = {
    HS256: await signTokens(keys, 'HS256', config.users),
    ES256: await signTokens(keys, 'ES256', config.users),
  };
  const environment = {
    ...keysEnvironment(keys),
    BULWARK_BENCH_USERS: String(config.users),
    BULWARK_BENCH_RUN_DIR: runDirectory,
    BULWARK_BENCH_MICRO_MS: String(config.microMs),
    BULWARK_BENCH_FLOOD_SECONDS: String(config.floodSeconds),
    BULWARK_BENCH_FLOOD_ADDRESSES: String(config.floodAddresses),
  };
  const stacks = LOAD_STACKS.filter((s) => config.stacks.size === 0 || config.stacks.has(s.id));
  let micro: MicroReport = { results: [], synchronous: -1 };
  let rounds: { checks: PreflightReport[]; measurements: Measurement[] } = {
    checks: [],
    measurements: [],
  };
  let flood: FloodReport | null = null;
  let limiterFlood: LimiterFloodReport | null = null;
  const load = startLoadProcess();
  try {
    if (!config.skip.has('micro')) {
      log('micro benchmarks');
      micro = await runMeasuringProcess<MicroReport>('micro/micro-worker.js', 'micro', environment);
    }
    if (!config.skip.has('load'))
      rounds = await loadRounds(stacks, environment, tokens, config, load);
    if (!config.skip.has('flood')) {
      log(`rate limiter: ${config.floodAddresses} addresses in ${config.floodSeconds} s`);
      limiterFlood = (
        await runMeasuringProcess<{ report: LimiterFloodReport }>(
          'flood/limiter-flood.js',
          'limiter-flood',
          environment,
          ['--expose-gc'],
        )
      ).report;
      flood = await addressFlood(environment, config, load);
    }
  } finally {
    await load.stop();
    rmSync(runDirectory, { recursive: true, force: true });
  }

  machine.loadAtEnd = loadavg()[0] ?? 0;
  const run = {
    startedAt: new Date(started).toISOString(),
    minutes: (Date.now() - started) / 60_000,
    config,
    machine,
    versions: installedVersions(ROOT),
    stacks,
    checks: rounds.checks,
    measurements: rounds.measurements,
    micro: micro.results,
    flood,
    limiterFlood,
  };
  const method = METHOD.replace('{SQLITE_SYNCHRONOUS}', String(micro.synchronous));
  writeFileSync(config.output, await formatMarkdown(renderResults(run, method), config.output));
  writeFileSync(join(ROOT, 'bench', '.runs', 'last.json'), JSON.stringify(run, null, 2));
  log(`wrote ${config.output}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
  process.exitCode = 1;
});
