import { expect } from 'chai';
import type { ApiKeyRecord, ApiKeyStore } from '@bulwark/auth';
import { freshStore, type StoreFactory } from './store-factory';

const record = (id: string, extra: Partial<ApiKeyRecord> = {}): ApiKeyRecord => ({
  id,
  ownerId: 'alice',
  name: `Key ${id}`,
  secretHash: 'a'.repeat(64),
  scopes: ['notes:read'],
  tenant: null,
  createdAt: new Date('2030-01-01T00:00:00.000Z'),
  expiresAt: null,
  revokedAt: null,
  lastUsedAt: null,
  replacedBy: null,
  ...extra,
});

/**
 * The behaviour every {@link ApiKeyStore} must show, run against each implementation.
 *
 * @param factory - Makes an empty store.
 */
export function apiKeyStoreContract(factory: StoreFactory<ApiKeyStore>): void {
  const current = freshStore(factory);

  describe('#findById', () => {
    it('resolves null for an unknown id', async () => {
      expect(await current().findById('0000000000000000')).to.equal(null);
    });

    it('reads back every field as inserted', async () => {
      const full = record('k1', {
        tenant: 'acme',
        scopes: ['a', 'b'],
        expiresAt: new Date('2031-01-01T00:00:00.000Z'),
        revokedAt: new Date('2030-06-01T00:00:00.000Z'),
        lastUsedAt: new Date('2030-05-01T12:34:56.789Z'),
        replacedBy: 'k2',
      });
      await current().insert(full);
      expect(await current().findById('k1')).to.deep.equal(full);
    });

    it('matches ids exactly', async () => {
      await current().insert(record('AbC123'));
      expect(await current().findById('abc123')).to.equal(null);
      expect(await current().findById("AbC123' OR '1'='1")).to.equal(null);
    });
  });

  describe('#insert', () => {
    it('rejects an id already in use', async () => {
      await current().insert(record('k1'));
      let failed = false;
      await current()
        .insert(record('k1', { ownerId: 'mallory' }))
        .catch(() => (failed = true));
      expect(failed).to.equal(true);
      expect((await current().findById('k1'))?.ownerId).to.equal('alice');
    });
  });

  describe('#update', () => {
    it('changes only the given fields', async () => {
      await current().insert(record('k1'));
      const revokedAt = new Date('2030-02-02T00:00:00.000Z');
      expect(await current().update('k1', { revokedAt })).to.equal(true);
      const updated = await current().findById('k1');
      expect(updated?.revokedAt?.toISOString()).to.equal(revokedAt.toISOString());
      expect(updated?.name).to.equal('Key k1');
      expect(updated?.lastUsedAt).to.equal(null);
    });

    it('resolves false for an unknown id', async () => {
      expect(await current().update('nope', { revokedAt: new Date() })).to.equal(false);
    });
  });

  describe('#listByOwner', () => {
    it("lists only the owner's keys, newest first", async () => {
      await current().insert(record('old', { createdAt: new Date('2030-01-01T00:00:00.000Z') }));
      await current().insert(record('new', { createdAt: new Date('2030-03-01T00:00:00.000Z') }));
      await current().insert(record('bobs', { ownerId: 'bob' }));
      expect((await current().listByOwner('alice')).map((r) => r.id)).to.deep.equal(['new', 'old']);
      expect(await current().listByOwner('nobody')).to.deep.equal([]);
    });
  });
}
