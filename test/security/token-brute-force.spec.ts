import { expect } from 'chai';
import { registerOAuthClient } from '@bulwark/auth';
import { TypeOrmOAuthClientStore } from '@bulwark/typeorm';
import { DEMO_PASSWORD } from '../../examples/notes-api/src/seed';
import { startNotesApp, type RunningNotesApp } from '../support/notes-app';
import { freshLoopbackAddress, sendFrom, type Answer } from './support/send-from';

const FORM = 'application/x-www-form-urlencoded';

describe('token endpoints under brute force (hand-written)', function () {
  this.timeout(120_000);
  let app: RunningNotesApp;

  beforeEach(async () => {
    app = await startNotesApp({ config: { redisUrl: null } });
  });

  afterEach(async () => {
    await app.close();
  });

  const login = (
    from: string,
    username: string,
    password: string,
    extra: { path?: string; headers?: Record<string, string> } = {},
  ) =>
    sendFrom(`${app.url}${extra.path ?? '/auth/token'}`, {
      method: 'POST',
      from,
      json: { username, password },
      ...(extra.headers === undefined ? {} : { headers: extra.headers }),
    });

  context('when one address guesses one account’s password', () => {
    it('locks the account for that address, caps the guesses at ten a minute whatever the path or forwarded address, and refuses the right password there', async () => {
      const attacker = freshLoopbackAddress();
      const answers: Answer[] = [];
      for (let i = 0; i < 30; i += 1) {
        answers.push(
          await login(attacker, 'erin', `guess-${i}`, {
            path: ['/auth/token', '/AUTH/TOKEN', '/auth/token/'][i % 3],
            headers: { 'x-forwarded-for': `198.51.100.${i}`, forwarded: `for=198.51.100.${i}` },
          }),
        );
      }
      const right = await login(attacker, 'erin', DEMO_PASSWORD);

      // Five failures lock the pair for a second, doubling per failure after: the sixth guess,
      // sent at once, meets the lock.
      expect(answers.slice(0, 5).map((a) => a.status)).to.deep.equal([401, 401, 401, 401, 401]);
      expect(answers[5]?.body.code).to.equal('ERR_AUTHN_LOCKED');
      expect(answers.filter((a) => a.status === 401)).to.have.length.at.most(10);
      expect(answers.slice(10).map((a) => a.body.code)).to.deep.equal(
        Array(20).fill('ERR_RATE_LIMITED'),
      );
      expect(
        answers.filter((a) => a.status === 429).every((a) => Number(a.headers['retry-after']) >= 1),
      ).to.equal(true);
      expect(right.status).to.equal(429);
      expect(right.body).to.not.have.property('access_token');
    });

    it('keeps the account open to its owner from another address', async () => {
      const attacker = freshLoopbackAddress();
      for (let i = 0; i < 12; i += 1) await login(attacker, 'erin', `guess-${i}`);

      const owner = await login(freshLoopbackAddress(), 'erin', DEMO_PASSWORD);

      expect(owner.status).to.equal(200);
      expect(owner.body.token_type).to.equal('Bearer');
    });
  });

  context('when one address tries many accounts (credential stuffing)', () => {
    it('refuses every attempt past the per-address limit, whatever the account', async () => {
      const stuffer = freshLoopbackAddress();
      const answers: Answer[] = [];
      for (let i = 0; i < 16; i += 1) answers.push(await login(stuffer, `user${i}`, 'Winter2024!'));

      expect(answers.slice(0, 10).map((a) => a.status)).to.deep.equal(Array(10).fill(401));
      expect(answers.slice(10).map((a) => a.body.code)).to.deep.equal(
        Array(6).fill('ERR_RATE_LIMITED'),
      );
    });

    it('answers an unknown account exactly like a wrong password, so accounts cannot be listed', async () => {
      const from = freshLoopbackAddress();
      const unknown = await login(from, 'no-such-user', 'x');
      const wrong = await login(from, 'victor', 'x');
      const strip = (a: Answer) => ({
        status: a.status,
        body: { ...a.body, requestId: undefined },
        challenge: a.headers['www-authenticate'],
      });

      expect(strip(unknown)).to.deep.equal(strip(wrong));
      expect(unknown.status).to.equal(401);
    });
  });

  context('when one address guesses an OAuth client secret', () => {
    it('slows the guesser down, refuses even the right secret there, and serves the client elsewhere', async () => {
      const { clientSecret } = await registerOAuthClient(
        new TypeOrmOAuthClientStore(app.notes.context.dataSource),
        {
          id: 'nightly-report',
          name: 'Nightly report',
          allowedScopes: ['notes:read'],
        },
      );
      const token = (from: string, secret: string) =>
        sendFrom(`${app.url}/oauth/token`, {
          method: 'POST',
          from,
          headers: {
            'content-type': FORM,
            authorization: `Basic ${Buffer.from(`nightly-report:${secret}`).toString('base64')}`,
          },
          raw: 'grant_type=client_credentials&scope=notes:read',
        });
      const guesser = freshLoopbackAddress();
      const guesses: Answer[] = [];
      for (let i = 0; i < 10; i += 1) guesses.push(await token(guesser, `guess-${i}`));

      const right = await token(guesser, clientSecret);
      const elsewhere = await token(freshLoopbackAddress(), clientSecret);

      expect(guesses.every((a) => a.status !== 200)).to.equal(true);
      expect(guesses.slice(0, 5).map((a) => a.body.error)).to.deep.equal(
        Array(5).fill('invalid_client'),
      );
      expect(guesses[5]?.body.error).to.equal('slow_down');
      expect(right.status).to.not.equal(200);
      expect(right.body).to.not.have.property('access_token');
      expect(elsewhere.status).to.equal(200);
      expect(elsewhere.body.access_token).to.be.a('string');
    });
  });
});
