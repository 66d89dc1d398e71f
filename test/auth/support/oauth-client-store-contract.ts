import { expect } from 'chai';
import type { OAuthClient, OAuthClientStore } from '@bulwark/auth';
import { freshStore, type StoreFactory } from './store-factory';

export type { StoreFactory } from './store-factory';

const client = (id: string, extra: Partial<OAuthClient> = {}): OAuthClient => ({
  id,
  name: `Client ${id}`,
  secretHash: `scrypt$1024$8$1$${'A'.repeat(22)}$${'B'.repeat(43)}`,
  allowedScopes: ['notes:read', 'notes:write'],
  enabled: true,
  createdAt: new Date('2030-01-01T00:00:00.000Z'),
  updatedAt: new Date('2030-01-02T00:00:00.000Z'),
  ...extra,
});

/**
 * The behaviour every {@link OAuthClientStore} must show, run against each implementation.
 *
 * @param factory - Makes an empty store.
 */
export function oauthClientStoreContract(factory: StoreFactory<OAuthClientStore>): void {
  const current = freshStore(factory);

  describe('#findById', () => {
    it('resolves null for an unknown id', async () => {
      expect(await current().findById('nobody')).to.equal(null);
    });

    it('reads back every field as saved', async () => {
      await current().save(client('svc-1'));
      expect(await current().findById('svc-1')).to.deep.equal(client('svc-1'));
    });

    it('matches ids exactly, not by prefix or case', async () => {
      await current().save(client('svc-1'));
      expect(await current().findById('SVC-1')).to.equal(null);
      expect(await current().findById('svc-')).to.equal(null);
      expect(await current().findById("svc-1' OR '1'='1")).to.equal(null);
    });
  });

  describe('#save', () => {
    it('replaces a client with the same id', async () => {
      await current().save(client('svc-1'));
      await current().save(client('svc-1', { enabled: false, allowedScopes: ['notes:read'] }));
      const saved = await current().findById('svc-1');
      expect(saved?.enabled).to.equal(false);
      expect(saved?.allowedScopes).to.deep.equal(['notes:read']);
      expect(await current().list()).to.have.length(1);
    });

    it('keeps an empty scope list', async () => {
      await current().save(client('svc-2', { allowedScopes: [] }));
      expect((await current().findById('svc-2'))?.allowedScopes).to.deep.equal([]);
    });
  });

  describe('#list and #delete', () => {
    it('lists every client and deletes by id', async () => {
      await current().save(client('a'));
      await current().save(client('b'));
      expect((await current().list()).map((c) => c.id).sort()).to.deep.equal(['a', 'b']);
      expect(await current().delete('a')).to.equal(true);
      expect(await current().delete('a')).to.equal(false);
      expect((await current().list()).map((c) => c.id)).to.deep.equal(['b']);
    });
  });
}
