import { expect } from 'chai';
import { createApiKeyAuthenticator, createApiKeyManager } from '@bulwark/auth';
import { API_KEY_TABLE, TypeOrmApiKeyStore } from '@bulwark/typeorm';
import { apiKeyStoreContract } from '../../../../../test/auth/support/api-key-store-contract';
import { describeOnAuthBackends, type AuthDatabase } from '../../support/auth-backends';

describeOnAuthBackends('TypeOrmApiKeyStore', (open) => {
  apiKeyStoreContract(async () => {
    const db = await open();
    return { store: new TypeOrmApiKeyStore(db.dataSource), dispose: () => db.dispose() };
  });

  context('with the manager and the authenticator', () => {
    let db: AuthDatabase;

    beforeEach(async () => {
      db = await open();
    });

    afterEach(async () => {
      await db.dispose();
    });

    it('stores the hash only, authenticates the key and refuses it once revoked', async () => {
      const store = new TypeOrmApiKeyStore(db.dataSource);
      const keys = createApiKeyManager({ store });
      const auth = createApiKeyAuthenticator({ store });
      const { key, view } = await keys.create({
        ownerId: 'alice',
        name: 'CI',
        scopes: ['notes:read'],
      });

      const rows: Array<Record<string, unknown>> = await db.dataSource.query(
        `SELECT * FROM ${db.table(API_KEY_TABLE)}`,
      );
      expect(JSON.stringify(rows)).to.not.include(key);
      const request = {
        headers: { 'x-api-key': key },
        cookies: {},
        query: {},
        clientAddress: '127.0.0.1',
      };
      expect((await auth.authenticate(request))?.credentialId).to.equal(view.id);

      await keys.revoke('alice', view.id);
      const error = await auth.authenticate(request).catch((e: { reason?: string }) => e);
      expect((error as { reason?: string }).reason).to.equal('apikey.revoked');
    });

    it('grants no scopes from a corrupted scopes column', async () => {
      const store = new TypeOrmApiKeyStore(db.dataSource);
      const { view } = await createApiKeyManager({ store }).create({
        ownerId: 'a',
        name: 'n',
        scopes: ['x'],
      });
      await db.dataSource.query(`UPDATE ${db.table(API_KEY_TABLE)} SET scopes = 'not json'`);
      expect((await store.findById(view.id))?.scopes).to.deep.equal([]);
    });

    it('reports an update with no changes by whether the key exists', async () => {
      const store = new TypeOrmApiKeyStore(db.dataSource);
      const { view } = await createApiKeyManager({ store }).create({
        ownerId: 'a',
        name: 'n',
        scopes: [],
      });
      expect(await store.update(view.id, {})).to.equal(true);
      expect(await store.update('nope', {})).to.equal(false);
    });
  });
});
