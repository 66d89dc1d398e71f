import { expect } from 'chai';
import type { OAuthClient, OAuthClientStore } from '@bulwark/auth';

/** Creates a fresh, empty store for each test and disposes of it afterwards. */
export type StoreFactory<S> = () => Promise<{ store: S; dispose: () => Promise<void> }>;

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
  let store: OAuthClientStore;
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    ({ store, dispose } = await factory());
  });

  afterEach(async () => {
    await dispose();
  });

  describe('#findById', () => {
    it('resolves null for an unknown id', async () => {
      expect(await store.findById('nobody')).to.equal(null);
    });

    it('reads back every field as saved', async () => {
      await store.save(client('svc-1'));
      expect(await store.findById('svc-1')).to.deep.equal(client('svc-1'));
    });

    it('matches ids exactly, not by prefix or case', async () => {
      await store.save(client('svc-1'));
      expect(await store.findById('SVC-1')).to.equal(null);
      expect(await store.findById('svc-')).to.equal(null);
      expect(await store.findById("svc-1' OR '1'='1")).to.equal(null);
    });
  });

  describe('#save', () => {
    it('replaces a client with the same id', async () => {
      await store.save(client('svc-1'));
      await store.save(client('svc-1', { enabled: false, allowedScopes: ['notes:read'] }));
      const saved = await store.findById('svc-1');
      expect(saved?.enabled).to.equal(false);
      expect(saved?.allowedScopes).to.deep.equal(['notes:read']);
      expect(await store.list()).to.have.length(1);
    });

    it('keeps an empty scope list', async () => {
      await store.save(client('svc-2', { allowedScopes: [] }));
      expect((await store.findById('svc-2'))?.allowedScopes).to.deep.equal([]);
    });
  });

  describe('#list and #delete', () => {
    it('lists every client and deletes by id', async () => {
      await store.save(client('a'));
      await store.save(client('b'));
      expect((await store.list()).map((c) => c.id).sort()).to.deep.equal(['a', 'b']);
      expect(await store.delete('a')).to.equal(true);
      expect(await store.delete('a')).to.equal(false);
      expect((await store.list()).map((c) => c.id)).to.deep.equal(['b']);
    });
  });
}
