import { expect } from 'chai';
import {
  MemoryOAuthClientStore,
  registerOAuthClient,
  rotateOAuthClientSecret,
  verifySecret,
} from '@bulwark/auth';
import { FAST_SCRYPT, rejection } from '../../support/fixtures';

describe('registerOAuthClient', () => {
  it('stores only the hash of a fresh 256-bit secret', async () => {
    const store = new MemoryOAuthClientStore();
    const { client, clientSecret } = await registerOAuthClient(store, {
      name: ' Reports ',
      allowedScopes: ['notes:read', 'notes:read'],
      hashParams: FAST_SCRYPT,
    });
    expect(clientSecret).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(client.id).to.match(/^client_[A-Za-z0-9_-]{16}$/);
    const saved = await store.findById(client.id);
    expect(JSON.stringify(saved)).to.not.include(clientSecret);
    expect(await verifySecret(clientSecret, saved!.secretHash)).to.equal(true);
    expect(saved).to.deep.include({ name: 'Reports', enabled: true });
    expect(saved?.allowedScopes).to.deep.equal(['notes:read']);
  });

  it('generates a different secret each time', async () => {
    const store = new MemoryOAuthClientStore();
    const a = await registerOAuthClient(store, {
      name: 'a',
      allowedScopes: [],
      hashParams: FAST_SCRYPT,
    });
    const b = await registerOAuthClient(store, {
      name: 'b',
      allowedScopes: [],
      hashParams: FAST_SCRYPT,
    });
    expect(a.clientSecret).to.not.equal(b.clientSecret);
  });

  it('refuses a taken id, a bad id, an empty name and a bad scope', async () => {
    const store = new MemoryOAuthClientStore();
    await registerOAuthClient(store, {
      id: 'svc',
      name: 'a',
      allowedScopes: [],
      hashParams: FAST_SCRYPT,
    });
    const taken = await rejection(
      registerOAuthClient(store, { id: 'svc', name: 'a', allowedScopes: [] }),
    );
    expect(taken.code).to.equal('ERR_CONFIG_INVALID');
    const bad = await rejection(
      registerOAuthClient(store, { id: 'a b', name: '', allowedScopes: ['x y'] }),
    );
    expect(bad.details?.['problems']).to.have.length(3);
  });
});

describe('rotateOAuthClientSecret', () => {
  it('replaces the secret so the old one stops working', async () => {
    const store = new MemoryOAuthClientStore();
    const { client, clientSecret } = await registerOAuthClient(store, {
      name: 'a',
      allowedScopes: [],
      hashParams: FAST_SCRYPT,
    });
    const next = await rotateOAuthClientSecret(store, client.id, FAST_SCRYPT);
    const saved = await store.findById(client.id);
    expect(await verifySecret(next, saved!.secretHash)).to.equal(true);
    expect(await verifySecret(clientSecret, saved!.secretHash)).to.equal(false);
  });

  it('refuses an unknown client', async () => {
    expect(
      (await rejection(rotateOAuthClientSecret(new MemoryOAuthClientStore(), 'nobody'))).code,
    ).to.equal('ERR_NOT_FOUND');
  });
});
