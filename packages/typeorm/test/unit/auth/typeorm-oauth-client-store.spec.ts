import { expect } from 'chai';
import { registerOAuthClient, verifySecret } from '@bulwark/auth';
import { OAUTH_CLIENT_TABLE, TypeOrmOAuthClientStore } from '@bulwark/typeorm';
import { oauthClientStoreContract } from '../../../../../test/auth/support/oauth-client-store-contract';
import { describeOnAuthBackends } from '../../support/auth-backends';

describeOnAuthBackends('TypeOrmOAuthClientStore', (open) => {
  oauthClientStoreContract(async () => {
    const db = await open();
    return { store: new TypeOrmOAuthClientStore(db.dataSource), dispose: () => db.dispose() };
  });

  it('keeps only the scrypt hash of a registered client secret', async () => {
    const db = await open();
    try {
      const store = new TypeOrmOAuthClientStore(db.dataSource);
      const { client, clientSecret } = await registerOAuthClient(store, {
        name: 'Reports',
        allowedScopes: ['reports:read'],
        hashParams: { N: 1024, r: 8, p: 1 },
      });
      const rows: unknown[] = await db.dataSource.query(
        `SELECT * FROM ${db.table(OAUTH_CLIENT_TABLE)}`,
      );
      expect(JSON.stringify(rows)).to.not.include(clientSecret);
      const stored = await store.findById(client.id);
      expect(await verifySecret(clientSecret, stored!.secretHash)).to.equal(true);
    } finally {
      await db.dispose();
    }
  });
});
