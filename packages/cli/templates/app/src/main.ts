import { createApp } from './app';
import { DEMO_USERS } from './seed';

// The entry point of `npm start`: prints where it listens and, in development, how to get a
// token with a demo user. It never prints a secret.
async function main(): Promise<void> {
  const app = await createApp();
  const { url } = await app.listen();
  process.stdout.write(`__APP_NAME__ listening on ${url}\n`);
  if (app.config.demoPassword !== null) {
    const names = DEMO_USERS.map((u) => `${u.username} (${u.role})`).join(', ');
    const password = app.config.demoPassword;
    process.stdout.write(`demo users: ${names}; password "${password}" (development only)\n`);
    process.stdout.write(
      `get a token: curl -s -X POST ${url}/auth/token -H 'content-type: application/json' -d '{"username":"max","password":"${password}"}'\n`,
    );
  }
  const stop = (): void => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `__APP_NAME__ failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
