import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { bulwark, buildCli, childEnv, ROOT } from './support/cli';

const exec = promisify(execFile);
const PACKAGES = [
  'core',
  'auth',
  'audit',
  'rate-limit',
  'typeorm',
  'routing-controllers',
  'openapi',
  'cli',
];

/** Runs a command in a folder with a clean environment; throws with its output when it fails. */
async function sh(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<string> {
  try {
    const { stdout } = await exec(command, args, {
      cwd,
      env: childEnv(env),
      maxBuffer: 64 * 1024 * 1024,
      timeout: 240_000,
    });
    return stdout;
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(
      `${command} ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}\n${stderr ?? ''}`,
    );
  }
}

// The scaffold end to end: a new app installed against this workspace's own packages (packed
// with npm pack, no registry for @bulwark/*), built, and its own tests run. Third-party
// packages come from the local npm cache when they are there. The SQLite driver's compiled
// addon is copied from the workspace instead of compiling SQLite again.
describe('bulwark new, installed and tested (scaffold end to end)', function () {
  this.timeout(600_000);
  let dir: string;
  let app: string;

  before(async () => {
    await buildCli();
    dir = mkdtempSync(join(tmpdir(), 'bulwark-scaffold-'));
    const packs = join(dir, 'packs');
    mkdirSync(packs);
    await sh(
      'npm',
      ['pack', '--pack-destination', packs, ...PACKAGES.flatMap((p) => ['-w', `packages/${p}`])],
      ROOT,
    );
    const created = await bulwark(['new', 'scaffolded-api', '--local-packages', packs], {
      cwd: dir,
    });
    expect(created.code, created.stderr).to.equal(0);
    app = join(dir, 'scaffolded-api');
    await sh(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'],
      app,
    );
    const addon = join('node_modules', 'better-sqlite3', 'build', 'Release');
    mkdirSync(join(app, addon), { recursive: true });
    const version = (root: string) =>
      JSON.parse(readFileSync(join(root, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8'))
        .version;
    if (version(app) === version(ROOT)) {
      copyFileSync(
        join(ROOT, addon, 'better_sqlite3.node'),
        join(app, addon, 'better_sqlite3.node'),
      );
    } else {
      await sh('npm', ['rebuild', 'better-sqlite3'], app);
    }
  });

  after(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('installs @bulwark packages from the workspace, not the registry', () => {
    const lock = JSON.parse(readFileSync(join(app, 'package-lock.json'), 'utf8'));
    for (const name of ['core', 'routing-controllers', 'cli']) {
      expect(lock.packages[`node_modules/@bulwark/${name}`].resolved).to.match(/^file:/);
    }
  });

  it('builds and passes its own tests', async () => {
    await sh('npm', ['run', 'build'], app);
    const output = await sh('npm', ['test'], app);
    expect(output).to.match(/\d+ passing/);
    expect(output).to.not.match(/failing|pending/);
  });

  it('passes its own bulwark routes --strict and bulwark doctor', async () => {
    const routes = await sh('npm', ['run', 'routes'], app);
    expect(routes).to.include('strict: every route passes');
    const doctor = await sh(
      join(app, 'node_modules', '.bin', 'bulwark'),
      ['doctor', '--offline'],
      app,
    );
    expect(doctor).to.include('PASS: no high finding');
  });

  it('typechecks the PostgreSQL and Redis variant against the same packages', async () => {
    const created = await bulwark(
      ['new', 'scaled-api', '--db', 'postgres', '--rate-limit-store', 'redis'],
      { cwd: dir },
    );
    expect(created.code).to.equal(0);
    const variant = join(dir, 'scaled-api');
    symlinkSync(join(app, 'node_modules'), join(variant, 'node_modules'), 'dir');
    await sh(join(app, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], variant);
  });
});
