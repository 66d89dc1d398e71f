// One instance of the reference app for the multi-process test, run in its own Node process.
// It counts on the Redis named by REDIS_URL under RATE_LIMIT_PREFIX, and every route gets a
// global per-address limit of RATE_LIMIT_GLOBAL requests a minute. It prints its URL as one
// JSON line and stops on SIGTERM.
import { createNotesApp } from '@bulwark/example-notes-api';
import { createRateLimitEnforcer } from '@bulwark/rate-limit';

async function main(): Promise<void> {
  const rateLimiter = createRateLimitEnforcer({
    store: 'redis',
    redis: { url: process.env.REDIS_URL! },
    prefix: process.env.RATE_LIMIT_PREFIX!,
  });
  const notes = await createNotesApp({
    config: {
      port: 0,
      host: '127.0.0.1',
      sqlitePath: ':memory:',
      databaseUrl: null,
      shouldSeed: false,
    },
    bulwark: {
      rateLimiter,
      globalRateLimits: [
        { limit: Number(process.env.RATE_LIMIT_GLOBAL), window: '1m', key: 'ip', name: 'global' },
      ],
    },
  });
  const { url } = await notes.listen();
  process.stdout.write(`${JSON.stringify({ url })}\n`);
  process.once('SIGTERM', () => {
    Promise.all([notes.close(), rateLimiter.close()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `notes instance failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
