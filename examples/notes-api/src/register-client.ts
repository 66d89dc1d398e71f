import { registerOAuthClient } from '@bulwark/auth';
import { TypeOrmOAuthClientStore } from '@bulwark/typeorm';
import { readConfig } from './config';
import { openDataSource } from './data-source';

// Registers an OAuth client for the client-credentials grant and prints its id and secret once:
//   node dist/register-client.js "Nightly report" notes:read
// The secret is not stored anywhere but as a scrypt hash; lose it and rotate it.
async function main(): Promise<void> {
  const [name, ...scopes] = process.argv.slice(2);
  if (name === undefined || scopes.length === 0) {
    process.stderr.write('usage: register-client <name> <scope> [scope...]\n');
    process.exit(2);
  }
  const dataSource = await openDataSource(readConfig());
  try {
    const { client, clientSecret } = await registerOAuthClient(
      new TypeOrmOAuthClientStore(dataSource),
      {
        name,
        allowedScopes: scopes,
      },
    );
    process.stdout.write(`client_id=${client.id}\nclient_secret=${clientSecret}\n`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `register-client failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
