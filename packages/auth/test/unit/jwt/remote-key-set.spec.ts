import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createJwtAuthenticator, createTokenSigner } from '@bulwark/auth';
import type { JwksUrlKeyOption } from '@bulwark/auth';
import {
  AUDIENCE,
  bearer,
  ecKeys,
  fakeJwks,
  ISSUER,
  NOW,
  publicJwk,
  rejection,
  thrown,
  type FakeJwks,
} from '../../support/fixtures';

const URL_ = 'https://issuer.test/jwks.json';

describe('RemoteKeySet', () => {
  const first = ecKeys();
  const second = ecKeys();
  let now: number;
  let jwks: FakeJwks;

  const signerFor = (privateKey: typeof first.privateKey, keyId: string) =>
    createTokenSigner({
      issuer: ISSUER,
      audience: AUDIENCE,
      key: { privateKey },
      keyId,
      clock: () => now,
    });

  function authenticator(extra: Partial<JwksUrlKeyOption> = {}) {
    return createJwtAuthenticator({
      issuer: ISSUER,
      audience: AUDIENCE,
      key: { jwksUrl: URL_, fetch: jwks.fetch, ...extra },
      clock: () => now,
      cache: false,
    });
  }

  beforeEach(() => {
    now = NOW;
    jwks = fakeJwks([publicJwk(first.publicKey, 'k1')]);
  });

  context('when the key set is fetched', () => {
    it('verifies a token by its kid and fetches the set once', async () => {
      const auth = authenticator();
      const token = await signerFor(first.privateKey, 'k1').sign({ sub: 'svc' });
      expect((await auth.authenticate(bearer(token)))?.id).to.equal('svc');
      expect((await auth.authenticate(bearer(token)))?.id).to.equal('svc');
      expect(jwks.calls).to.deep.equal([URL_]);
    });

    it('shares one fetch between concurrent requests', async () => {
      const auth = authenticator();
      const token = await signerFor(first.privateKey, 'k1').sign({ sub: 'svc' });
      await Promise.all([1, 2, 3, 4].map(() => auth.authenticate(bearer(token))));
      expect(jwks.calls).to.have.length(1);
    });

    it('fetches again once the set is older than cacheMaxAge', async () => {
      const auth = authenticator({ cacheMaxAge: '10m' });
      const token = await signerFor(first.privateKey, 'k1').sign(
        { sub: 'svc' },
        { expiresIn: '1h' },
      );
      await auth.authenticate(bearer(token));
      now += 11 * 60_000;
      await auth.authenticate(bearer(token));
      expect(jwks.calls).to.have.length(2);
    });
  });

  context('when a token names an unknown kid', () => {
    it('refreshes the set and accepts a key the issuer just published', async () => {
      const auth = authenticator({ cooldown: '30s' });
      await auth.authenticate(bearer(await signerFor(first.privateKey, 'k1').sign({ sub: 'a' })));
      jwks.keys = [publicJwk(first.publicKey, 'k1'), publicJwk(second.publicKey, 'k2')];
      now += 31_000;
      const rotated = await signerFor(second.privateKey, 'k2').sign({ sub: 'b' });
      expect((await auth.authenticate(bearer(rotated)))?.id).to.equal('b');
      expect(jwks.calls).to.have.length(2);
    });

    it('refreshes at most once per cooldown however many random kids arrive', async () => {
      const auth = authenticator({ cooldown: '30s' });
      const attacker = ecKeys();
      for (let i = 0; i < 20; i += 1) {
        const token = await signerFor(attacker.privateKey, `random-${i}`).sign({ sub: 'm' });
        const error = await rejection(auth.authenticate(bearer(token)));
        expect(error.reason).to.equal('jwt.kid-unknown');
        now += 1_000;
      }
      expect(jwks.calls).to.have.length(1);
      now += 30_000;
      await rejection(
        auth.authenticate(bearer(await signerFor(attacker.privateKey, 'again').sign({ sub: 'm' }))),
      );
      expect(jwks.calls).to.have.length(2);
    });
  });

  context('when the issuer cannot be reached', () => {
    it('refuses tokens when no set was ever fetched (fail closed)', async () => {
      jwks.failing = true;
      const token = await signerFor(first.privateKey, 'k1').sign({ sub: 'a' });
      const error = await rejection(authenticator().authenticate(bearer(token)));
      expect(error.code).to.equal('ERR_AUTHN_INVALID');
      expect(error.reason).to.equal('jwks.unavailable');
    });

    it('refuses tokens when the issuer answers an error status', async () => {
      jwks.status = 500;
      const token = await signerFor(first.privateKey, 'k1').sign({ sub: 'a' });
      expect((await rejection(authenticator().authenticate(bearer(token)))).reason).to.equal(
        'jwks.unavailable',
      );
    });

    it('keeps using the last set up to maxStale, then refuses', async () => {
      const auth = authenticator({ cacheMaxAge: '10m', maxStale: '1h', cooldown: '30s' });
      const token = await signerFor(first.privateKey, 'k1').sign({ sub: 'a' }, { expiresIn: '1d' });
      await auth.authenticate(bearer(token));
      jwks.failing = true;
      now += 30 * 60_000;
      expect((await auth.authenticate(bearer(token)))?.id).to.equal('a');
      now += 45 * 60_000;
      expect((await rejection(auth.authenticate(bearer(token)))).reason).to.equal('jwks.stale');
    });

    it('uses the refreshed set again once the issuer recovers', async () => {
      const auth = authenticator({ cacheMaxAge: '10m', maxStale: '1m', cooldown: '30s' });
      const token = await signerFor(first.privateKey, 'k1').sign({ sub: 'a' }, { expiresIn: '1d' });
      jwks.failing = true;
      await rejection(auth.authenticate(bearer(token)));
      jwks.failing = false;
      now += 31_000;
      expect((await auth.authenticate(bearer(token)))?.id).to.equal('a');
    });
  });

  context('when a key is removed from the set', () => {
    it('refuses tokens signed with it after the next refresh', async () => {
      const auth = authenticator({ cacheMaxAge: '10m' });
      const token = await signerFor(first.privateKey, 'k1').sign({ sub: 'a' }, { expiresIn: '1d' });
      await auth.authenticate(bearer(token));
      jwks.keys = [publicJwk(second.publicKey, 'k2')];
      now += 11 * 60_000;
      expect((await rejection(auth.authenticate(bearer(token)))).reason).to.equal(
        'jwt.kid-unknown',
      );
    });
  });

  describe('options', () => {
    it('refuses a plain-http URL outside loopback and URLs with credentials', () => {
      for (const jwksUrl of [
        'http://issuer.test/jwks',
        'https://user:pw@issuer.test/jwks',
        'ftp://x/',
      ]) {
        const error = thrown(() =>
          createJwtAuthenticator({ issuer: ISSUER, audience: AUDIENCE, key: { jwksUrl } }),
        );
        expect(error.code).to.equal('ERR_CONFIG_INVALID');
      }
    });

    it('refuses HMAC algorithms, bad durations and unknown fields for a key set', () => {
      const error = thrown(() =>
        createJwtAuthenticator({
          issuer: ISSUER,
          audience: AUDIENCE,
          algorithms: ['HS256'],
          key: { jwksUrl: URL_, cooldown: 'often', surprise: 1 } as unknown as JwksUrlKeyOption,
        }),
      );
      expect(error.details?.['problems']).to.have.length(3);
    });
  });

  context('over real HTTP on loopback', () => {
    let server: Server;
    let base: string;
    let body = '';
    let redirect = false;
    let chunked = false;

    before(async () => {
      server = createServer((req, res) => {
        if (redirect) {
          res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' }).end();
          return;
        }
        if (chunked) {
          res.writeHead(200, { 'content-type': 'application/json' });
          for (let i = 0; i < 100; i += 1) res.write(' '.repeat(1000));
          res.end(body);
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    after(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    beforeEach(() => {
      redirect = false;
      chunked = false;
      body = JSON.stringify({ keys: [publicJwk(first.publicKey, 'k1')] });
    });

    const loopback = () =>
      createJwtAuthenticator({
        issuer: ISSUER,
        audience: AUDIENCE,
        key: { jwksUrl: `${base}/jwks` },
        clock: () => now,
      });

    it('fetches the set with the global fetch', async () => {
      const token = await signerFor(first.privateKey, 'k1').sign({ sub: 'a' });
      expect((await loopback().authenticate(bearer(token)))?.id).to.equal('a');
    });

    it('does not follow a redirect', async () => {
      redirect = true;
      const token = await signerFor(first.privateKey, 'k1').sign({ sub: 'a' });
      expect((await rejection(loopback().authenticate(bearer(token)))).reason).to.equal(
        'jwks.unavailable',
      );
    });

    it('stops reading a streamed response past maxResponseBytes', async () => {
      chunked = true;
      const token = await signerFor(first.privateKey, 'k1').sign({ sub: 'a' });
      expect((await rejection(loopback().authenticate(bearer(token)))).reason).to.equal(
        'jwks.unavailable',
      );
    });

    it('refuses a response larger than maxResponseBytes', async () => {
      body = JSON.stringify({
        keys: [publicJwk(first.publicKey, 'k1')],
        padding: 'x'.repeat(100_000),
      });
      const token = await signerFor(first.privateKey, 'k1').sign({ sub: 'a' });
      expect((await rejection(loopback().authenticate(bearer(token)))).reason).to.equal(
        'jwks.unavailable',
      );
    });
  });
});
