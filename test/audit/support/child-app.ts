import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/** A reference app served by a child process. */
export interface ChildApp {
  readonly url: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or the signal name) once the process has ended. */
  readonly exited: Promise<number | string | null>;
  /** Everything the child wrote to stderr, for failure messages. */
  stderr(): string;
}

/**
 * Starts a TypeScript entry point of the reference app in a child process, on a free loopback
 * port, and waits until it prints the address it listens on.
 *
 * @param script - Path of the entry point, relative to the repository root.
 * @param env - Extra environment variables.
 * @returns The running child.
 * @throws Error when the child exits or stays silent for 60 s before listening.
 */
export function spawnApp(script: string, env: Record<string, string>): Promise<ChildApp> {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register', '-r', 'reflect-metadata', '--conditions=bulwark-source', script],
    {
      cwd: ROOT,
      env: {
        ...withoutServices(process.env),
        TS_NODE_PROJECT: join(ROOT, 'tsconfig.test.json'),
        PORT: '0',
        HOST: '127.0.0.1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );

  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The app did not start in time: ${errors}`));
    }, 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      resolve({ url: match[1] as string, child, exited, stderr: () => errors });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`The app exited (${String(code)}) before listening: ${errors}`));
    });
  });
}

/**
 * The parent's environment without `DATABASE_URL` and `REDIS_URL`: the child must use the SQLite
 * file and memory counters the test names, even when CI points the suite at real services.
 */
function withoutServices(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _database, REDIS_URL: _redis, ...rest } = env;
  return rest;
}
