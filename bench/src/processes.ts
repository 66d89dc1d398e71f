import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadJob, LoadResult } from './load/load-job';
import type { MicroResult } from './micro/measure';
import type { StackId } from './stacks';

/** A server child process, listening on 127.0.0.1. */
export interface ServerProcess {
  readonly id: StackId;
  readonly pid: number;
  readonly url: string;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 60_000;

/**
 * Starts a stack in its own process and waits for its port.
 *
 * @param id - The stack.
 * @param environment - Extra environment (keys, users, run directory).
 * @returns The running server.
 * @throws Error when the process exits or stays silent for a minute.
 */
export function startServer(
  id: StackId,
  environment: Record<string, string>,
): Promise<ServerProcess> {
  const child = fork(join(__dirname, 'servers', 'serve.js'), [id], {
    env: { ...process.env, NODE_ENV: 'production', ...environment },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${id} did not start within ${STARTUP_TIMEOUT_MS / 1000} s.`));
    }, STARTUP_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${id} exited with code ${String(code)} before listening.`));
    });
    child.once('message', (message: { type: string; port: number }) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({
        id,
        pid: child.pid as number,
        url: `http://127.0.0.1:${message.port}`,
        stop: () => stopChild(child),
      });
    });
  });
}

/** Asks a child to stop, and kills it if it has not exited ten seconds later. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    if (child.connected) child.send({ type: 'stop' });
    else child.kill('SIGTERM');
  });
}

/** The load generator's process: one autocannon run at a time. */
export interface LoadProcess {
  run(job: LoadJob): Promise<LoadResult>;
  stop(): Promise<void>;
}

/** Starts the load generator in its own process. */
export function startLoadProcess(): LoadProcess {
  const child = fork(join(__dirname, 'load', 'load-worker.js'), [], {
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return {
    run: (job) =>
      new Promise((resolve, reject) => {
        child.once(
          'message',
          (message: { type: string; result?: LoadResult; message?: string }) => {
            if (message.type === 'result' && message.result !== undefined) resolve(message.result);
            else reject(new Error(`load generator failed: ${message.message ?? 'unknown error'}`));
          },
        );
        child.send(job);
      }),
    stop: () => stopChild(child),
  };
}

/**
 * The resident set size of a process, from `/proc/<pid>/status`.
 *
 * @param pid - The process.
 * @returns RSS in bytes, or `null` where `/proc` is not available.
 */
export function residentSetSize(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
    return match === null ? null : Number(match[1]) * 1024;
  } catch {
    return null;
  }
}

/**
 * Samples a process's RSS at a fixed interval until stopped.
 *
 * @param pid - The process.
 * @param intervalMs - Time between samples.
 * @returns `stop()`, which returns every sample in bytes, oldest first.
 */
export function sampleRss(pid: number, intervalMs: number): { stop(): number[] } {
  const samples: number[] = [];
  const timer = setInterval(() => {
    const rss = residentSetSize(pid);
    if (rss !== null) samples.push(rss);
  }, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      return samples;
    },
  };
}

const CLOCK_TICKS = clockTicks();

function clockTicks(): number {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isInteger(value) && value > 0 ? value : 100;
  } catch {
    return 100;
  }
}

/**
 * The CPU time a process has used (user + system), from `/proc/<pid>/stat`. Unlike wall time it
 * barely moves when other work shares the machine, so CPU time per request is the steadiest
 * figure a shared machine gives.
 *
 * @param pid - The process.
 * @returns Seconds, or `null` where `/proc` is not available.
 */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** What the micro-benchmark process reports. */
export interface MicroReport {
  readonly results: readonly MicroResult[];
  /** SQLite's `synchronous` level the audit store ran with. */
  readonly synchronous: number;
}

/**
 * Runs a measuring script (micro benchmarks, limiter flood) in its own process and waits for
 * the one message it reports.
 *
 * @param script - The script, relative to the compiled bench.
 * @param type - The message type that carries the result.
 * @param environment - Extra environment.
 * @param execArgv - Extra Node options, such as `--expose-gc`.
 * @returns The message.
 * @throws Error with the script's message when it fails or exits without reporting.
 */
export function runMeasuringProcess<T>(
  script: string,
  type: string,
  environment: Record<string, string>,
  execArgv: readonly string[] = [],
): Promise<T> {
  const child = fork(join(__dirname, script), [], {
    env: { ...process.env, NODE_ENV: 'production', ...environment },
    execArgv: [...process.execArgv, ...execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (message: { type: string; message?: string }) => {
      child.kill();
      if (message.type === type) resolve(message as T);
      else reject(new Error(`${script} failed: ${message.message ?? 'unknown error'}`));
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}
