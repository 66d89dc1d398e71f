import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { describeWithRedis, REDIS_URL } from '../../packages/rate-limit/test/unit/support/redis';

const ROOT = join(__dirname, '..', '..');
const LIMIT = 12;
const REQUESTS = 60;

interface Instance {
  readonly child: ChildProcess;
  readonly url: string;
}

/** Starts one reference-app process and waits for the URL it prints. */
async function startInstance(prefix: string): Promise<Instance> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=bulwark-source',
      '-r',
      'ts-node/register',
      '-r',
      'reflect-metadata',
      join(__dirname, 'support', 'notes-instance.ts'),
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        TS_NODE_PROJECT: join(ROOT, 'tsconfig.test.json'),
        NODE_ENV: 'test',
        REDIS_URL,
        RATE_LIMIT_PREFIX: prefix,
        RATE_LIMIT_GLOBAL: String(LIMIT),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => void (errors += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('{'));
      if (line !== undefined) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) =>
      reject(new Error(`instance exited with ${code}: ${errors.slice(-2000)}`)),
    );
  });
  return { child, url };
}

async function stopInstance(instance: Instance): Promise<void> {
  if (instance.child.exitCode !== null) return;
  instance.child.kill('SIGTERM');
  await once(instance.child, 'exit');
}

describeWithRedis('rate-limit multi-process suite')(
  'two reference-app processes sharing one Redis',
  function () {
    // Two processes compile the app's TypeScript on start.
    this.timeout(90_000);
    const prefix = `test:rl:mp:${randomUUID()}:`;
    let instances: Instance[] = [];

    before(async () => {
      instances = await Promise.all([startInstance(prefix), startInstance(prefix)]);
    });

    after(async () => {
      await Promise.all(instances.map(stopInstance));
      const redis = new Redis(REDIS_URL!);
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    });

    it('admits exactly `limit` of many concurrent requests spread over both', async () => {
      const responses = await Promise.all(
        Array.from({ length: REQUESTS }, async (_, i) => {
          const response = await fetch(`${instances[i % 2]!.url}/health`);
          await response.arrayBuffer();
          return { instance: i % 2, status: response.status };
        }),
      );
      const admitted = responses.filter((r) => r.status === 200);
      const refused = responses.filter((r) => r.status === 429);

      expect(admitted).to.have.length(LIMIT);
      expect(refused).to.have.length(REQUESTS - LIMIT);
      expect(new Set(responses.map((r) => r.instance)).size).to.equal(2);
    });

    it('keeps refusing on either process once the shared budget is spent', async () => {
      const statuses = await Promise.all(
        instances.map(async ({ url }) => (await fetch(`${url}/health`)).status),
      );
      expect(statuses).to.deep.equal([429, 429]);
    });
  },
);
