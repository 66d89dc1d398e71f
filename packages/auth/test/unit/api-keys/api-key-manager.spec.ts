import { expect } from 'chai';
import { createApiKeyManager, hashApiKey, MemoryApiKeyStore } from '@bulwark/auth';
import type { ApiKeyManager } from '@bulwark/auth';
import { NOW, rejection, thrown } from '../../support/fixtures';

const DAY = 86_400_000;

describe('createApiKeyManager', () => {
  let now: number;
  let store: MemoryApiKeyStore;
  let keys: ApiKeyManager;

  beforeEach(() => {
    now = NOW;
    store = new MemoryApiKeyStore();
    keys = createApiKeyManager({ store, clock: () => now });
  });

  describe('#create', () => {
    it('returns the key once and stores only its hash', async () => {
      const { key, view } = await keys.create({
        ownerId: 'alice',
        name: ' CI ',
        scopes: ['notes:read', 'notes:read'],
      });
      const stored = await store.findById(view.id);
      expect(stored?.secretHash).to.equal(hashApiKey(key));
      expect(JSON.stringify(stored)).to.not.include(key);
      expect(view).to.not.have.property('secretHash');
      expect(view).to.deep.include({
        ownerId: 'alice',
        name: 'CI',
        status: 'active',
        tenant: null,
      });
      expect(view.scopes).to.deep.equal(['notes:read']);
    });

    it('caps the lifetime at maxLifetime and defaults to it', async () => {
      const { view } = await keys.create({ ownerId: 'a', name: 'n', scopes: [] });
      expect(view.expiresAt?.getTime()).to.equal(NOW + 365 * DAY);
      const error = await rejection(
        keys.create({ ownerId: 'a', name: 'n', scopes: [], expiresIn: '400d' }),
      );
      expect(error.code).to.equal('ERR_VALIDATION_FAILED');
    });

    it('allows keys without expiry only when maxLifetime is null', async () => {
      const open = createApiKeyManager({ store, maxLifetime: null, clock: () => now });
      expect((await open.create({ ownerId: 'a', name: 'n', scopes: [] })).view.expiresAt).to.equal(
        null,
      );
    });

    it('refuses an empty owner, a bad name, bad scopes and a bad lifetime', async () => {
      const bad = await rejection(keys.create({ ownerId: '', name: '', scopes: ['has space'] }));
      expect(bad.details?.['problems']).to.have.length(3);
      const lifetime = await rejection(
        keys.create({ ownerId: 'a', name: 'n', scopes: [], expiresIn: 'soon' as never }),
      );
      expect(lifetime.code).to.equal('ERR_VALIDATION_FAILED');
    });
  });

  describe('#list', () => {
    it("lists the owner's keys with status and without hashes", async () => {
      const a = await keys.create({ ownerId: 'alice', name: 'a', scopes: [], expiresIn: '1d' });
      now += 1000;
      const b = await keys.create({ ownerId: 'alice', name: 'b', scopes: [] });
      await keys.create({ ownerId: 'bob', name: 'c', scopes: [] });
      await keys.revoke('alice', b.view.id);
      now += DAY;
      const listed = await keys.list('alice');
      expect(listed.map((v) => [v.id, v.status])).to.deep.equal([
        [b.view.id, 'revoked'],
        [a.view.id, 'expired'],
      ]);
      expect(JSON.stringify(listed)).to.not.include('secretHash');
    });
  });

  describe('#revoke', () => {
    it("revokes the owner's key and refuses another owner's", async () => {
      const { view } = await keys.create({ ownerId: 'alice', name: 'a', scopes: [] });
      expect(await keys.revoke('mallory', view.id)).to.equal(false);
      expect((await store.findById(view.id))?.revokedAt).to.equal(null);
      expect(await keys.revoke('alice', view.id)).to.equal(true);
      expect((await store.findById(view.id))?.revokedAt?.getTime()).to.equal(NOW);
      expect(await keys.revoke('alice', 'unknown')).to.equal(false);
    });

    it('keeps the first revocation time when revoked twice', async () => {
      const { view } = await keys.create({ ownerId: 'alice', name: 'a', scopes: [] });
      await keys.revoke('alice', view.id);
      now += 5000;
      await keys.revoke('alice', view.id);
      expect((await store.findById(view.id))?.revokedAt?.getTime()).to.equal(NOW);
    });
  });

  describe('#rotate', () => {
    it('issues a replacement and lets the old key overlap, then expire', async () => {
      const old = await keys.create({
        ownerId: 'alice',
        name: 'deploy',
        scopes: ['notes:write'],
        tenant: 't1',
      });
      const next = await keys.rotate('alice', old.view.id, '1h');
      expect(next?.key).to.not.equal(old.key);
      expect(next?.view).to.deep.include({
        name: 'deploy',
        tenant: 't1',
        expiresAt: old.view.expiresAt,
      });
      const retired = await store.findById(old.view.id);
      expect(retired?.expiresAt?.getTime()).to.equal(NOW + 3_600_000);
      expect(retired?.replacedBy).to.equal(next?.view.id);
    });

    it('does not extend an old key that expires before the overlap ends', async () => {
      const old = await keys.create({ ownerId: 'alice', name: 'n', scopes: [], expiresIn: '30m' });
      await keys.rotate('alice', old.view.id, '1h');
      expect((await store.findById(old.view.id))?.expiresAt?.getTime()).to.equal(NOW + 1_800_000);
    });

    it("refuses another owner's key and a revoked key", async () => {
      const { view } = await keys.create({ ownerId: 'alice', name: 'n', scopes: [] });
      expect(await keys.rotate('mallory', view.id)).to.equal(null);
      await keys.revoke('alice', view.id);
      expect(await keys.rotate('alice', view.id)).to.equal(null);
    });
  });

  describe('options', () => {
    it('refuses a prefix scanners could not anchor on', () => {
      expect(thrown(() => createApiKeyManager({ store, prefix: 'Bad_Prefix' })).code).to.equal(
        'ERR_CONFIG_INVALID',
      );
    });
  });
});
