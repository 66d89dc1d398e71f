import { expect } from 'chai';
import { startNotesApp, type RunningNotesApp } from '../support/notes-app';
import { expectRefused } from './support/expectations';
import { startHardeningApp, type HardeningApp } from './support/hardening-app';
import { send } from './support/http';

/** Every own property of Object.prototype with its value, to compare before and after. */
function snapshotPrototype(): Array<[string, unknown]> {
  return Object.getOwnPropertyNames(Object.prototype).map((name) => [
    name,
    Object.getOwnPropertyDescriptor(Object.prototype, name)?.value,
  ]);
}

const POLLUTING_BODIES = [
  '{"__proto__": {"polluted": "yes"}, "title": "t", "body": "b"}',
  '{"constructor": {"prototype": {"polluted": "yes"}}, "title": "t", "body": "b"}',
  '{"title": "t", "body": "b", "nested": [{"__proto__": {"polluted": "yes"}}]}',
  '{"\\u005f_proto__": {"polluted": "yes"}, "title": "t", "body": "b"}',
  '{"prototype": {"polluted": "yes"}, "title": "t", "body": "b"}',
];

const POLLUTING_QUERIES = [
  '__proto__[polluted]=yes',
  '__proto__=yes',
  'constructor[prototype][polluted]=yes',
  '__proto__.polluted=yes',
  'constructor=yes',
];

describe('prototype pollution (end to end)', () => {
  const before = snapshotPrototype();

  afterEach(() => {
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    expect(snapshotPrototype()).to.deep.equal(before);
  });

  context('against the reference app', () => {
    let app: RunningNotesApp;

    beforeEach(async () => {
      app = await startNotesApp();
    });

    afterEach(async () => {
      await app.close();
    });

    it('refuses polluting bodies with 400, writes nothing, and leaves Object.prototype untouched', async () => {
      const token = await app.tokenFor('erin');
      const notesBefore = await app.notes.context.notes.count();
      for (const raw of POLLUTING_BODIES) {
        const res = await send(`${app.url}/notes`, {
          method: 'POST',
          token,
          headers: { 'content-type': 'application/json' },
          raw,
        });

        expect(res.status, raw).to.equal(400);
        expect(res.body.code).to.equal('ERR_REQUEST_MALFORMED');
      }
      expect(await app.notes.context.notes.count()).to.equal(notesBefore);
    });

    it('refuses polluting query strings with 400', async () => {
      const token = await app.tokenFor('erin');
      for (const query of POLLUTING_QUERIES) {
        const res = await send(`${app.url}/notes?${query}`, { token });

        expect(res.status, query).to.equal(400);
        expect(['ERR_REQUEST_MALFORMED', 'ERR_VALIDATION_FAILED']).to.include(res.body.code);
      }
    });
  });

  context('against the hardening app', () => {
    let app: HardeningApp;
    let token: string;

    beforeEach(async () => {
      app = await startHardeningApp();
      token = await app.tokenFor('ann', 'clerk');
    });

    afterEach(async () => {
      await app.close();
    });

    it('refuses polluting bodies before any handler', async () => {
      for (const raw of POLLUTING_BODIES) {
        const res = await send(`${app.url}/orders`, {
          method: 'POST',
          token,
          headers: { 'content-type': 'application/json' },
          raw,
        });

        expectRefused(app, res, 400, 'ERR_REQUEST_MALFORMED');
      }
    });

    it('refuses polluting query strings on routes with and without a query DTO', async () => {
      for (const path of ['/orders', '/plain']) {
        for (const query of POLLUTING_QUERIES) {
          const res = await send(`${app.url}${path}?${query}`, { token });

          expect(res.status, `${path}?${query}`).to.equal(400);
          expect(app.calls).to.deep.equal([]);
        }
      }
    });

    it('keeps polluting cookie names inert', async () => {
      const res = await send(`${app.url}/plain`, {
        token,
        headers: {
          cookie: `__proto__=yes; constructor=yes; state=j:${encodeURIComponent('{"__proto__":{"polluted":"yes"}}')}`,
        },
      });

      expect(res.status).to.equal(200);
    });
  });
});
