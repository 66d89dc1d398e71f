import { execFile, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

/** The repository root. */
export const ROOT = resolve(__dirname, '..', '..', '..');
/** The real `bulwark` executable. */
export const BIN = join(ROOT, 'packages', 'cli', 'bin', 'bulwark.js');
export const NOTES_APP = join(ROOT, 'examples', 'notes-api');
export const FIXTURE_APP = join(ROOT, 'test', 'cli', 'fixtures', 'weak-app');

let built: Promise<void> | undefined;

/**
 * Builds the CLI (and what it loads: every package and the reference app) once per test run,
 * as `npx tsc -b` would; the binary runs the built `dist`.
 */
export function buildCli(): Promise<void> {
  built ??= promisify(execFile)(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-b',
      'packages/cli/tsconfig.build.json',
      'packages/create-bulwark/tsconfig.build.json',
      'examples/notes-api/tsconfig.build.json',
    ],
    { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
  ).then(
    () => undefined,
    (error: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`The build failed:\n${error.stdout ?? ''}${error.stderr ?? error.message}`);
    },
  );
  return built;
}

/** What one run of the binary produced. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A clean environment for a child: none of mocha's TypeScript settings, no NODE_ENV, no colour
 * forcing, no service URLs (the app under inspection stays on SQLite and memory counters even
 * when CI points the suite at PostgreSQL and Redis), plus the given variables.
 */
export function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of [
    'TS_NODE_PROJECT',
    'NODE_OPTIONS',
    'NODE_ENV',
    'FORCE_COLOR',
    'NO_COLOR',
    'JWT_SECRET',
    'DATABASE_URL',
    'REDIS_URL',
  ]) {
    delete env[name];
  }
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/**
 * Runs a Node executable with arguments, piped (not a terminal), and collects its output.
 *
 * @param script - The executable script (such as {@link BIN}).
 * @param args - Its arguments.
 * @param options - Working folder and extra environment variables.
 */
export function runNode(
  script: string,
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<CliResult> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: options.cwd ?? ROOT,
      env: childEnv(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolveRun({ code, stdout, stderr }));
  });
}

/** Runs the real `bulwark` binary. */
export function bulwark(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<CliResult> {
  return runNode(BIN, args, options);
}
