import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RateLimitEnforcer } from '@bulwark/rate-limit';
import type { DataSource } from 'typeorm';
import { startNotesApp, type RunningNotesApp } from '../support/notes-app';
import { startRecordingProxy, type RecordingProxy } from './support/recording-proxy';
import { vulnerableSearchController } from './support/vulnerable-search.controller';

const skipped = (globalThis as { __bulwarkSkipped?: Set<string> }).__bulwarkSkipped;

/** Longest the sqlmap child may run before it is killed and the test fails. */
const SQLMAP_DEADLINE_MS = 240_000;

/**
 * Lets every request through. sqlmap sends thousands of requests as one principal from one
 * address; with the app's own limits it would mostly see 429s and its verdict would be about the
 * limiter, not the queries. The limits are proven elsewhere (the probe suite); here they are
 * lifted so every payload reaches the query code.
 */
const UNLIMITED: RateLimitEnforcer = {
  check: async () => ({ isAllowed: true, headers: {}, release: () => undefined }),
  close: async () => undefined,
};

/**
 * The sqlmap run. Bounds, and why they still cover the injection classes:
 * - `--level=3 --risk=2`: payloads in every query parameter and in the User-Agent and Referer
 *   headers, with the heavier OR-based boolean payloads; lower levels miss real injections.
 * - every technique (`BEUSTQ`: boolean-based and time-based blind, error-based, UNION, stacked
 *   queries, inline queries): the whole run takes about a minute here, well inside the bound, so
 *   none is left out.
 * - `--dbms=SQLite`: the database of this app instance; payloads written for other engines
 *   could not run on it and would only multiply the run time.
 * - `--time-sec=1`: time-based payloads wait one second instead of five; sqlmap confirms every
 *   delay it sees with further requests before it reports one.
 * - `--threads=4 --timeout=10 --retries=1`, and the child is killed after
 *   {@link SQLMAP_DEADLINE_MS}; an unfinished run fails the test.
 * - every parameter of every target is tested, even after the control's injection is found.
 */
function sqlmapArguments(targets: string, output: string, token: string): string[] {
  return [
    '-m',
    targets,
    '--batch',
    '--level=3',
    '--risk=2',
    '--technique=BEUSTQ',
    '--dbms=SQLite',
    '--threads=4',
    '--timeout=10',
    '--retries=1',
    '--time-sec=1',
    `--headers=Authorization: Bearer ${token}`,
    `--output-dir=${output}`,
    `--results-file=${join(output, 'results.csv')}`,
    '--disable-coloring',
    // Batch mode would stop testing a host once one injection is found there: keep going, so
    // the control and the real routes are judged in the same run.
    '--answers=already been detected=N,keep testing the others=Y',
  ];
}

function runSqlmap(args: string[], home: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('sqlmap', args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, HOME: home },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), SQLMAP_DEADLINE_MS);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout });
    });
  });
}

describe('sqlmap against the reference app’s list and search routes', function () {
  this.timeout(SQLMAP_DEADLINE_MS + 60_000);
  let app: RunningNotesApp;
  let proxy: RecordingProxy;
  let folder: string;
  let rows: string[][];
  let output: string;

  before(async function () {
    if (spawnSync('sqlmap', ['--version'], { stdio: 'ignore' }).status !== 0) {
      skipped?.add(
        'sqlmap scan (test/security/sqlmap.spec.ts): sqlmap is not installed (apt-get install -y sqlmap)',
      );
      this.skip();
    }
    let database: DataSource | null = null;
    app = await startNotesApp({
      config: { redisUrl: null },
      bulwark: { rateLimiter: UNLIMITED },
      extraControllers: [vulnerableSearchController(() => database as DataSource)],
    });
    database = app.notes.context.dataSource;
    proxy = await startRecordingProxy(app.url);
    folder = mkdtempSync(join(tmpdir(), 'bulwark-sqlmap-'));
    const targets = join(folder, 'targets.txt');
    writeFileSync(
      targets,
      [
        `${proxy.url}/notes?limit=5&offset=0`,
        `${proxy.url}/admin/audit-events?actor=alice&action=note.create&subjectType=Note&subjectId=n1&limit=10`,
        `${proxy.url}/test-only/vulnerable-search?q=Welcome`,
      ].join('\n'),
    );
    ({ stdout: output } = await runSqlmap(
      sqlmapArguments(targets, folder, await app.tokenFor('alice')),
      folder,
    ));
    const csv = readdirSync(folder).includes('results.csv')
      ? readFileSync(join(folder, 'results.csv'), 'utf8')
      : '';
    rows = csv
      .split(/\r?\n/)
      .slice(1)
      .filter(Boolean)
      .map((line) => line.split(','));
  });

  after(async () => {
    await proxy?.close();
    await app?.close();
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
  });

  it('finds the injection planted in the test-only route (the control)', () => {
    const found = rows.filter(([url]) => url?.includes('/test-only/vulnerable-search'));

    expect(
      found.map((row) => row[2]),
      output.slice(-3000),
    ).to.include('q');
  });

  it('finds no injectable parameter in the reference app’s routes', () => {
    const found = rows.filter(([url]) => !url?.includes('/test-only/vulnerable-search'));

    expect(found, output.slice(-3000)).to.deep.equal([]);
  });

  it('really attacked every parameter of both routes, over loopback only', () => {
    expect(output, 'sqlmap did not finish').to.match(/\[\*\] ending @/);
    const count = (path: string) => proxy.seen.filter((r) => r.url.startsWith(path)).length;

    expect(count('/notes?'), 'requests to /notes').to.be.greaterThan(200);
    expect(count('/admin/audit-events?'), 'requests to /admin/audit-events').to.be.greaterThan(500);
    for (const parameter of ['limit', 'offset', 'actor', 'action', 'subjectType', 'subjectId']) {
      expect(output).to.match(new RegExp(`GET parameter '${parameter}'`));
    }
    expect(output).to.match(/parameter 'User-Agent'/);
    expect(new URL(proxy.url).hostname).to.equal('127.0.0.1');
  });
});
