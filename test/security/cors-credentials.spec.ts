import { expect } from 'chai';
import { startNotesApp, type RunningNotesApp } from '../support/notes-app';
import { sendFrom, type Answer } from './support/send-from';

const FRONT_END = 'https://notes.example';

/** Origins an attacker controls or forges, each a classic way past a sloppy origin check. */
const FOREIGN = [
  'https://evil.example',
  'https://notes.example.evil.example',
  'https://evilnotes.example',
  'https://notes.example%60.evil.example',
  'http://notes.example',
  'https://notes.example:8443',
  'https://NOTES.example',
  'null',
];

const CORS_HEADERS = [
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-allow-methods',
  'access-control-allow-headers',
];

function corsOf(answer: Answer): Record<string, unknown> {
  return Object.fromEntries(
    CORS_HEADERS.filter((h) => answer.headers[h] !== undefined).map((h) => [h, answer.headers[h]]),
  );
}

describe('CORS with credentials (hand-written)', function () {
  this.timeout(60_000);

  describe('the reference app with its front end allowed, credentials included', () => {
    let app: RunningNotesApp;
    let erin: string;

    before(async () => {
      app = await startNotesApp({
        config: { redisUrl: null },
        bulwark: { cors: { origins: [FRONT_END], credentials: true } },
      });
      erin = await app.tokenFor('erin');
    });

    after(async () => {
      await app.close();
    });

    const preflight = (origin: string) =>
      sendFrom(`${app.url}/notes`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });

    it('lets the front end send credentials, naming it exactly and never with a wildcard', async () => {
      const res = await preflight(FRONT_END);

      expect(res.status).to.be.lessThan(300);
      expect(res.headers['access-control-allow-origin']).to.equal(FRONT_END);
      expect(res.headers['access-control-allow-credentials']).to.equal('true');
      expect(String(res.headers['vary'])).to.match(/\bOrigin\b/i);
    });

    for (const origin of FOREIGN) {
      it(`gives ${origin} no CORS header at all, in a preflight or a credentialed read`, async () => {
        const flight = await preflight(origin);
        const read = await sendFrom(`${app.url}/notes`, {
          headers: { origin, authorization: `Bearer ${erin}` },
        });

        expect(corsOf(flight)).to.deep.equal({});
        expect(corsOf(read)).to.deep.equal({});
        expect(String(read.headers['vary'])).to.match(/\bOrigin\b/i);
      });
    }

    it('never reflects the origin into a refusal either', async () => {
      const refused = await sendFrom(`${app.url}/admin/users`, {
        headers: { origin: 'https://evil.example', authorization: `Bearer ${erin}` },
      });

      expect(refused.status).to.equal(403);
      expect(corsOf(refused)).to.deep.equal({});
    });
  });

  context('when an app asks for any origin with credentials', () => {
    it('refuses to start', async () => {
      const error = await startNotesApp({
        config: { redisUrl: null },
        bulwark: { cors: { origins: '*', credentials: true } },
      }).then(
        (app) => app.close().then(() => null),
        (e: unknown) => e,
      );

      expect(error).to.have.property('code', 'ERR_CONFIG_INVALID');
    });
  });

  context('when an app allows any origin without credentials', () => {
    it('answers with a wildcard and never allows credentials', async () => {
      const app = await startNotesApp({
        config: { redisUrl: null },
        bulwark: { cors: { origins: '*' } },
      });
      try {
        const res = await sendFrom(`${app.url}/health`, {
          headers: { origin: 'https://anyone.example' },
        });

        expect(res.headers['access-control-allow-origin']).to.equal('*');
        expect(res.headers['access-control-allow-credentials']).to.equal(undefined);
      } finally {
        await app.close();
      }
    });
  });
});
