import { expect } from 'chai';
import { startNotesApp, type RunningNotesApp } from '../support/notes-app';
import { freshLoopbackAddress, sendFrom, type Answer } from './support/send-from';

const skipped = (globalThis as { __bulwarkSkipped?: Set<string> }).__bulwarkSkipped;

/** Sends all requests at once and waits for every answer. */
function burst(count: number, send: (index: number) => Promise<Answer>): Promise<Answer[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => send(index)));
}

const served = (answers: readonly Answer[]): number =>
  answers.filter((a) => a.status !== 429).length;

describe('rate limits under concurrent requests (hand-written)', function () {
  this.timeout(120_000);

  describe('one instance with in-memory counters', () => {
    let app: RunningNotesApp;

    beforeEach(async () => {
      app = await startNotesApp({ config: { redisUrl: null } });
    });

    afterEach(async () => {
      await app.close();
    });

    it('serves exactly the ten sign-ins a minute one address may make, of forty at once', async () => {
      const from = freshLoopbackAddress();

      const answers = await burst(40, (i) =>
        sendFrom(`${app.url}/auth/token`, {
          method: 'POST',
          from,
          json: { username: `nobody${i}`, password: 'x' },
        }),
      );

      expect(served(answers)).to.equal(10);
      expect(
        answers.filter((a) => a.status === 429).every((a) => a.body.code === 'ERR_RATE_LIMITED'),
      ).to.equal(true);
    });

    it('creates exactly the thirty notes a minute one editor may write, of sixty at once', async () => {
      const erin = await app.tokenFor('erin');
      const before = await app.notes.context.notes.count();

      const answers = await burst(60, (i) =>
        sendFrom(`${app.url}/notes`, {
          method: 'POST',
          headers: { authorization: `Bearer ${erin}` },
          json: { title: `race ${i}`, body: 'x' },
        }),
      );

      expect(answers.filter((a) => a.status === 201)).to.have.length(30);
      expect(answers.filter((a) => a.status === 429)).to.have.length(30);
      expect((await app.notes.context.notes.count()) - before).to.equal(30);
    });

    it('does not let the same burst through under spellings of the path', async () => {
      const erin = await app.tokenFor('erin');
      const paths = ['/notes', '/NOTES', '/notes/', '/Notes/'];

      const answers = await burst(60, (i) =>
        sendFrom(`${app.url}${paths[i % paths.length]}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${erin}` },
          json: { title: `spelled ${i}`, body: 'x' },
        }),
      );

      expect(answers.filter((a) => a.status === 201)).to.have.length(30);
    });
  });

  describe('two instances sharing Redis', () => {
    const redisUrl = process.env['REDIS_URL'];
    let first: RunningNotesApp;
    let second: RunningNotesApp;

    before(async function () {
      if (redisUrl === undefined || redisUrl === '') {
        skipped?.add(
          'rate-limit races across two instances on Redis (test/security/rate-limit-races.spec.ts): REDIS_URL is not set',
        );
        this.skip();
      }
      first = await startNotesApp({ config: { redisUrl } });
      second = await startNotesApp({ config: { redisUrl } });
    });

    after(async () => {
      await first?.close();
      await second?.close();
    });

    it('serves ten sign-ins from one address in total, whichever instance answers', async () => {
      // A fresh source address: the counter is shared in Redis with every other suite's apps.
      const from = freshLoopbackAddress();

      const answers = await burst(40, (i) =>
        sendFrom(`${(i % 2 === 0 ? first : second).url}/auth/token`, {
          method: 'POST',
          from,
          json: { username: `nobody${i}`, password: 'x' },
        }),
      );

      expect(served(answers)).to.equal(10);
    });
  });
});
