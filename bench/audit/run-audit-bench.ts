// Audit benchmark: throughput of an audited mutating route against the same route without
// audit, in one run. Each mode is served by its own child process on a fresh SQLite file; the
// load generator (autocannon) runs in this process. Modes alternate over several rounds so
// drifting machine load hits each alike; the median round of each mode is reported. Every round
// has a fixed duration, so the run ends by itself.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

interface LoadResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  statusCodeStats: Record<string, { count: number }>;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  method: string;
  headers: Record<string, string>;
  body: string;
}) => Promise<LoadResult>;
// autocannon ships no types; this is the slice of its API used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as Autocannon;

const ROOT = resolve(__dirname, '..', '..');
const MODES = ['none', 'group', 'single'] as const;
type Mode = (typeof MODES)[number];
const ROUNDS = Number(process.env.AUDIT_BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.AUDIT_BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.AUDIT_BENCH_CONNECTIONS ?? 32);

interface Round {
  readonly mode: Mode;
  readonly round: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

interface Served {
  readonly url: string;
  readonly token: string;
  readonly child: ChildProcess;
}

async function serve(mode: Mode, database: string): Promise<Served> {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register', '--conditions=bulwark-source', join(__dirname, 'serve-items.ts')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        TS_NODE_PROJECT: join(ROOT, 'tsconfig.test.json'),
        BENCH_AUDIT: mode,
        BENCH_SQLITE_PATH: database,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise<Served>((resolveServed, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (\S+)/.exec(output)?.[1];
      const token = /token (\S+)/.exec(output)?.[1];
      if (url !== undefined && token !== undefined) resolveServed({ url, token, child });
    });
    child.once('exit', (code) => reject(new Error(`the ${mode} server exited with ${code}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await exited;
}

async function round(mode: Mode, directory: string, index: number): Promise<Round> {
  const { url, token, child } = await serve(mode, join(directory, `${mode}-${index}.sqlite`));
  try {
    const options = {
      url: `${url}/items`,
      connections: CONNECTIONS,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: 'benchmark item' }),
    };
    await autocannon({ ...options, duration: 2 });
    const result = await autocannon({ ...options, duration: SECONDS });
    if (result.non2xx + result.errors > 0) {
      const statuses = JSON.stringify(result.statusCodeStats);
      throw new Error(
        `the ${mode} round had failed requests (${statuses}); the figures would mislead`,
      );
    }
    return {
      mode,
      round: index,
      requestsPerSecond: result.requests.average,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
    };
  } finally {
    await stop(child);
  }
}

function median(rounds: readonly Round[], mode: Mode): Round {
  const sorted = rounds
    .filter((r) => r.mode === mode)
    .sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  return sorted[Math.floor(sorted.length / 2)] as Round;
}

/**
 * The median over rounds of the mode's throughput divided by the unaudited throughput of the
 * same round. Pairing within a round cancels most of the drift in machine load between rounds.
 */
function pairedRatio(rounds: readonly Round[], mode: Mode): number {
  const ratios = rounds
    .filter((r) => r.mode === mode)
    .map((r) => {
      const base = rounds.find((b) => b.mode === 'none' && b.round === r.round) as Round;
      return r.requestsPerSecond / base.requestsPerSecond;
    })
    .sort((a, b) => a - b);
  return ratios[Math.floor(ratios.length / 2)] as number;
}

async function main(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'bulwark-audit-bench-'));
  const rounds: Round[] = [];
  try {
    for (let i = 0; i < ROUNDS; i += 1) {
      // Rotating the order keeps any one mode from always running first or last.
      const order = [...MODES.slice(i % MODES.length), ...MODES.slice(0, i % MODES.length)];
      for (const mode of order) {
        const result = await round(mode, directory, i);
        rounds.push(result);
        process.stderr.write(
          `round ${i + 1} ${mode}: ${result.requestsPerSecond.toFixed(0)} req/s\n`,
        );
      }
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }

  const lines = [
    `POST /items (JWT, permission, validation, SQLite insert), ${CONNECTIONS} connections, ${SECONDS} s per round, ${ROUNDS} rounds`,
    '| mode | median req/s | throughput vs no audit (median of per-round ratios) | p50 ms | p99 ms |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...MODES.map((mode) => {
      const m = median(rounds, mode);
      const ratio = (pairedRatio(rounds, mode) * 100).toFixed(1);
      return `| ${mode} | ${m.requestsPerSecond.toFixed(0)} | ${ratio}% | ${m.p50Ms} | ${m.p99Ms} |`;
    }),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const runs = join(ROOT, 'bench', '.runs');
  mkdirSync(runs, { recursive: true });
  writeFileSync(join(runs, 'audit-last.json'), JSON.stringify({ rounds, table: lines }, null, 2));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
