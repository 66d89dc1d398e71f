import { expect } from 'chai';
import { createApiKeyAuthenticator, createApiKeyManager, MemoryApiKeyStore } from '@bulwark/auth';
import type { ApiKeyAuthenticatorOptions, ApiKeyManager, Authenticator } from '@bulwark/auth';
import { checksumOf, NOW, rejection, requestWith, thrown } from '../../support/fixtures';

describe('createApiKeyAuthenticator', () => {
  let now: number;
  let store: MemoryApiKeyStore;
  let keys: ApiKeyManager;
  let auth: Authenticator;
  let key: string;
  let id: string;

  function make(extra: Partial<ApiKeyAuthenticatorOptions> = {}): Authenticator {
    return createApiKeyAuthenticator({
      store,
      clock: () => now,
      loadOwner: (ownerId) =>
        Promise.resolve(ownerId === 'alice' ? { roles: ['editor'], tenant: 'acme' } : null),
      ...extra,
    });
  }

  beforeEach(async () => {
    now = NOW;
    store = new MemoryApiKeyStore();
    keys = createApiKeyManager({ store, clock: () => now });
    ({
      key,
      view: { id },
    } = await keys.create({
      ownerId: 'alice',
      name: 'CI',
      scopes: ['notes:read'],
      expiresIn: '30d',
    }));
    auth = make();
  });

  async function refused(promise: Promise<unknown>, reason: string, status = 401) {
    const error = await rejection(promise);
    expect(error.code).to.equal('ERR_AUTHN_INVALID');
    expect(error.reason).to.equal(reason);
    expect(error.status).to.equal(status);
    expect(error.message).to.not.include(key);
    return error;
  }

  describe('#authenticate', () => {
    context('when the key is valid', () => {
      it('resolves the owner as an api-key principal with the key scopes and owner roles', async () => {
        const principal = await auth.authenticate(requestWith({ authorization: `ApiKey ${key}` }));
        expect(principal).to.deep.include({
          id: 'alice',
          kind: 'api-key',
          scheme: 'apiKey',
          tenant: 'acme',
          credentialId: id,
          expiresAt: NOW + 30 * 86_400_000,
        });
        expect(principal?.roles).to.deep.equal(['editor']);
        expect(principal?.scopes).to.deep.equal(['notes:read']);
        expect(principal?.attributes).to.deep.equal({ apiKeyName: 'CI' });
      });

      it('reads the X-API-Key header too', async () => {
        expect((await auth.authenticate(requestWith({ 'x-api-key': key })))?.id).to.equal('alice');
      });

      it('records the last use at most once per granularity', async () => {
        await auth.authenticate(requestWith({ 'x-api-key': key }));
        await new Promise((resolve) => setImmediate(resolve));
        expect((await store.findById(id))?.lastUsedAt?.getTime()).to.equal(NOW);
        now += 30_000;
        await auth.authenticate(requestWith({ 'x-api-key': key }));
        await new Promise((resolve) => setImmediate(resolve));
        expect((await store.findById(id))?.lastUsedAt?.getTime()).to.equal(NOW);
      });

      it('still authenticates when recording the last use fails, and logs it', async () => {
        const warnings: unknown[] = [];
        store.update = () => Promise.reject(new Error('db down'));
        const logged = make({
          logger: { debug() {}, info() {}, warn: (_m, f) => warnings.push(f), error() {} },
        });
        expect((await logged.authenticate(requestWith({ 'x-api-key': key })))?.id).to.equal(
          'alice',
        );
        await new Promise((resolve) => setImmediate(resolve));
        expect(warnings).to.deep.equal([
          { code: 'W_APIKEY_LAST_USED', credentialId: id, error: 'Error: db down' },
        ]);
      });
    });

    context('when no key is sent', () => {
      it('resolves null', async () => {
        expect(await auth.authenticate(requestWith())).to.equal(null);
        expect(await auth.authenticate(requestWith({ authorization: 'Bearer x.y.z' }))).to.equal(
          null,
        );
      });
    });

    context('when an attack or a mistake is tried', () => {
      it('refuses a key in the query string with 400 instead of ignoring it', async () => {
        await refused(
          auth.authenticate(requestWith({}, { api_key: key })),
          'apikey.query-string',
          400,
        );
        await refused(
          auth.authenticate(requestWith({}, { token: key })),
          'apikey.query-string',
          400,
        );
        await refused(
          auth.authenticate(requestWith({}, { filter: { k: [key] } })),
          'apikey.query-string',
          400,
        );
        await refused(
          auth.authenticate(requestWith({ 'x-api-key': key }, { apikey: 'x' })),
          'apikey.query-string',
          400,
        );
      });

      it('refuses a revoked key', async () => {
        await keys.revoke('alice', id);
        await refused(auth.authenticate(requestWith({ 'x-api-key': key })), 'apikey.revoked');
      });

      it('refuses an expired key', async () => {
        now += 31 * 86_400_000;
        await refused(auth.authenticate(requestWith({ 'x-api-key': key })), 'apikey.expired');
      });

      it('accepts a rotated key during the overlap and refuses it afterwards', async () => {
        const next = await keys.rotate('alice', id, '1h');
        expect((await auth.authenticate(requestWith({ 'x-api-key': key })))?.id).to.equal('alice');
        expect((await auth.authenticate(requestWith({ 'x-api-key': next!.key })))?.id).to.equal(
          'alice',
        );
        now += 3_600_000;
        await refused(auth.authenticate(requestWith({ 'x-api-key': key })), 'apikey.expired');
      });

      it('refuses a key with a wrong secret but a valid checksum', async () => {
        const forged = (await keys.create({ ownerId: 'mallory', name: 'm', scopes: [] })).key;
        const spliced = `${key.slice(0, 21)}${forged.slice(21)}`;
        const body = spliced.slice(0, -6);
        // The checksum guards against typos and feeds scanners; an attacker can recompute it.
        const recomputed = `${body}${checksumOf(body)}`;
        await refused(
          auth.authenticate(requestWith({ 'x-api-key': recomputed })),
          'apikey.secret-wrong',
        );
      });

      it('refuses an unknown identifier', async () => {
        const other = createApiKeyManager({ store: new MemoryApiKeyStore() });
        const { key: elsewhere } = await other.create({ ownerId: 'x', name: 'x', scopes: [] });
        await refused(auth.authenticate(requestWith({ 'x-api-key': elsewhere })), 'apikey.unknown');
      });

      it('refuses a key whose checksum fails before any lookup', async () => {
        let lookups = 0;
        const findById = store.findById.bind(store);
        store.findById = (keyId) => {
          lookups += 1;
          return findById(keyId);
        };
        const typo = `${key.slice(0, -1)}${key.endsWith('a') ? 'b' : 'a'}`;
        await refused(auth.authenticate(requestWith({ 'x-api-key': typo })), 'apikey.checksum');
        await refused(
          auth.authenticate(requestWith({ 'x-api-key': 'not-a-key' })),
          'apikey.malformed',
        );
        expect(lookups).to.equal(0);
      });

      it('refuses a key whose owner is gone', async () => {
        const { key: orphan } = await keys.create({
          ownerId: 'deleted-user',
          name: 'x',
          scopes: [],
        });
        await refused(
          auth.authenticate(requestWith({ 'x-api-key': orphan })),
          'apikey.owner-unknown',
        );
      });

      it('refuses a key sent in both headers, or a repeated header', async () => {
        await refused(
          auth.authenticate(requestWith({ 'x-api-key': key, authorization: `ApiKey ${key}` })),
          'apikey.ambiguous',
          400,
        );
        await refused(
          auth.authenticate(requestWith({ 'x-api-key': [key, key] })),
          'apikey.ambiguous',
          400,
        );
      });

      it('answers every invalid key with the same message and challenge', async () => {
        await keys.revoke('alice', id);
        const revoked = await rejection(auth.authenticate(requestWith({ 'x-api-key': key })));
        const garbage = await rejection(auth.authenticate(requestWith({ 'x-api-key': 'garbage' })));
        expect([revoked.message, revoked.headers]).to.deep.equal([
          garbage.message,
          garbage.headers,
        ]);
        expect(revoked.headers).to.deep.equal({ 'WWW-Authenticate': 'ApiKey' });
      });
    });
  });

  describe('options', () => {
    it('tells the owner loader which key is used, without its secret', async () => {
      const seen: unknown[] = [];
      const narrowing = make({
        loadOwner: (ownerId, facts) => {
          seen.push(facts);
          return Promise.resolve({
            roles: facts.scopes.includes('notes:write') ? ['editor'] : ['viewer'],
          });
        },
      });
      const principal = await narrowing.authenticate(requestWith({ 'x-api-key': key }));
      expect(principal?.roles).to.deep.equal(['viewer']);
      expect(seen).to.deep.equal([{ id, name: 'CI', scopes: ['notes:read'] }]);
    });

    it('acts with no roles when no owner loader is given', async () => {
      const plain = createApiKeyAuthenticator({ store, clock: () => now });
      expect((await plain.authenticate(requestWith({ 'x-api-key': key })))?.roles).to.deep.equal(
        [],
      );
    });

    it('refuses a bad prefix, store and loader together', () => {
      const error = thrown(() =>
        createApiKeyAuthenticator({ store: {} as never, prefix: 'X', loadOwner: 1 as never }),
      );
      expect(error.details?.['problems']).to.have.length(3);
    });
  });
});
