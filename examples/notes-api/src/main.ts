import { createNotesApp } from './app';
import { DEMO_PASSWORD, DEMO_USERS } from './seed';

// The entry point of `npm start`. It prints where it listens and, in development, how to get a
// token; it never prints a secret other than the documented demo password.
async function main(): Promise<void> {
  const notes = await createNotesApp();
  const { url } = await notes.listen();
  process.stdout.write(`notes-api listening on ${url}\n`);
  if (notes.config.shouldSeed) {
    const names = DEMO_USERS.map((u) => `${u.username} (${u.role})`).join(', ');
    process.stdout.write(`demo users: ${names}; password "${DEMO_PASSWORD}"\n`);
    process.stdout.write(
      `get a token: curl -s -X POST ${url}/auth/token -H 'content-type: application/json' -d '{"username":"erin","password":"${DEMO_PASSWORD}"}'\n`,
    );
  }
  const stop = (): void => {
    notes.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `notes-api failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
