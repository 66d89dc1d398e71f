import { expect } from 'chai';
import { createJwtAuthenticator, type Authenticator } from '@bulwark/auth';
import { startNotesApp, type RunningNotesApp } from '../support/notes-app';
import { sendFrom, type Answer } from './support/send-from';

const JWT_SECRET = 'csrf-scenario-jwt-secret-0123456789abcdefghij';
const CSRF_SECRET = 'csrf-scenario-csrf-secret-0123456789abcdefghij';
const SESSION = 'notes_session';
const EVIL = 'https://evil.example';

/**
 * The reference app's login token carried in a cookie, as a browser front end would keep it:
 * the scheme a cross-site page can make a browser send on its own. Its challenge says `Bearer`
 * because the reference app documents every scheme by its challenge and the generator has no
 * describer for a cookie scheme; the challenge changes nothing in how the cookie is checked.
 */
function sessionScheme(bearer: Authenticator): Authenticator {
  return {
    scheme: 'session',
    challenge: 'Bearer realm="notes-api-session"',
    credentialCookie: SESSION,
    authenticate: async (request) => {
      const value = request.cookies[SESSION];
      if (value === undefined) return null;
      const principal = await bearer.authenticate({
        ...request,
        headers: { authorization: `Bearer ${value}` },
      });
      return principal === null ? null : { ...principal, scheme: 'session' };
    },
  };
}

describe('CSRF against cookie sessions (hand-written)', function () {
  this.timeout(60_000);
  let app: RunningNotesApp;
  let erin: string;
  let victor: string;

  before(async () => {
    const bearer = createJwtAuthenticator({
      issuer: 'urn:bulwark:notes-api',
      audience: 'notes-api',
      key: { secret: JWT_SECRET },
      algorithms: ['HS256'],
    });
    app = await startNotesApp({
      config: { jwtSecret: JWT_SECRET, redisUrl: null },
      bulwark: { authenticators: [bearer, sessionScheme(bearer)], csrf: { secret: CSRF_SECRET } },
    });
    erin = await app.tokenFor('erin');
    victor = await app.tokenFor('victor');
  });

  after(async () => {
    await app.close();
  });

  /** What the browser of a signed-in user holds: the session cookie, and the CSRF pair. */
  async function browserOf(token: string): Promise<{ cookies: string; csrf: string }> {
    const res = await sendFrom(`${app.url}/csrf-token`, {
      headers: { cookie: `${SESSION}=${token}` },
    });
    expect(res.status).to.equal(200);
    const pair = String(res.headers['set-cookie']?.[0] ?? '').split(';')[0];
    return { cookies: `${SESSION}=${token}; ${pair}`, csrf: res.body.token as string };
  }

  const notesOf = async (): Promise<number> => app.notes.context.notes.count();
  const post = (headers: Record<string, string>, raw?: string): Promise<Answer> =>
    sendFrom(`${app.url}/notes`, {
      method: 'POST',
      headers,
      ...(raw === undefined
        ? { json: { title: 'planted by a third-party page', body: 'x' } }
        : { raw }),
    });

  context('when a page on another site makes the browser send the session cookie', () => {
    it('refuses a classic form post, before reading it, and creates nothing', async () => {
      const before = await notesOf();

      const res = await post(
        {
          cookie: `${SESSION}=${erin}`,
          origin: EVIL,
          'content-type': 'application/x-www-form-urlencoded',
          'sec-fetch-site': 'cross-site',
        },
        'title=planted&body=x',
      );

      expect(res.status).to.equal(403);
      expect(res.body.code).to.equal('ERR_CSRF_FAILED');
      expect(await notesOf()).to.equal(before);
    });

    it('refuses it from a foreign origin even with the victim’s own token pair', async () => {
      const { cookies, csrf } = await browserOf(erin);

      const res = await post({ cookie: cookies, 'x-csrf-token': csrf, origin: EVIL });

      expect(res.status).to.equal(403);
      expect(res.body.code).to.equal('ERR_CSRF_FAILED');
    });

    it('refuses a request without Origin that the browser marks cross-site, or does not mark at all', async () => {
      const { cookies, csrf } = await browserOf(erin);

      const crossSite = await post({
        cookie: cookies,
        'x-csrf-token': csrf,
        'sec-fetch-site': 'cross-site',
      });
      const unmarked = await post({ cookie: cookies, 'x-csrf-token': csrf });

      expect([crossSite.status, unmarked.status]).to.deep.equal([403, 403]);
    });

    it('refuses a deletion through the cookie as well', async () => {
      const mine = await post({ authorization: `Bearer ${erin}` });

      const res = await sendFrom(`${app.url}/notes/${mine.body.id}`, {
        method: 'DELETE',
        headers: { cookie: `${SESSION}=${erin}`, origin: EVIL },
      });

      expect(res.status).to.equal(403);
      expect(res.body.code).to.equal('ERR_CSRF_FAILED');
      expect(await app.notes.context.notes.countBy({ id: mine.body.id })).to.equal(1);
    });
  });

  context('when an attacker brings a token of their own', () => {
    it('refuses a token pair issued to another session', async () => {
      const attacker = await browserOf(victor);
      const own = `http://${new URL(app.url).host}`;

      const res = await post({
        cookie: `${SESSION}=${erin}; ${attacker.cookies.split('; ')[1]}`,
        'x-csrf-token': attacker.csrf,
        origin: own,
      });

      expect(res.status).to.equal(403);
      expect(res.body.code).to.equal('ERR_CSRF_FAILED');
    });

    it('refuses a token without its cookie, and a cookie without its token', async () => {
      const { cookies, csrf } = await browserOf(erin);
      const own = `http://${new URL(app.url).host}`;

      const noCookie = await post({
        cookie: `${SESSION}=${erin}`,
        'x-csrf-token': csrf,
        origin: own,
      });
      const noHeader = await post({ cookie: cookies, origin: own });

      expect([noCookie.status, noHeader.status]).to.deep.equal([403, 403]);
    });
  });

  context('when the request is legitimate', () => {
    it('accepts the app’s own page with the token pair', async () => {
      const { cookies, csrf } = await browserOf(erin);

      const res = await post({
        cookie: cookies,
        'x-csrf-token': csrf,
        origin: `http://${new URL(app.url).host}`,
      });

      expect(res.status).to.equal(201);
    });

    it('asks nothing of a bearer client, whose header no page can make a browser send', async () => {
      const res = await post({ authorization: `Bearer ${erin}`, origin: EVIL });

      expect(res.status).to.equal(201);
    });
  });
});
