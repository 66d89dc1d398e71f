import { expect } from 'chai';
import { MemoryOAuthClientStore } from '@bulwark/auth';
import { oauthClientStoreContract } from '../../../../../test/auth/support/oauth-client-store-contract';

describe('MemoryOAuthClientStore', () => {
  oauthClientStoreContract(() =>
    Promise.resolve({ store: new MemoryOAuthClientStore(), dispose: () => Promise.resolve() }),
  );

  it('keeps a frozen copy that the caller cannot change afterwards', async () => {
    const store = new MemoryOAuthClientStore();
    const scopes = ['a'];
    const now = new Date();
    await store.save({
      id: 'x',
      name: 'x',
      secretHash: 'h',
      allowedScopes: scopes,
      enabled: true,
      createdAt: now,
      updatedAt: now,
    });
    scopes.push('admin');
    const saved = await store.findById('x');
    expect(saved?.allowedScopes).to.deep.equal(['a']);
    expect(Object.isFrozen(saved)).to.equal(true);
  });
});
