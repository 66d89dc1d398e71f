import { expect } from 'chai';
import { call, startNotesApp, type RunningNotesApp } from '../support/notes-app';
import { auditRows, createNote, tokenAs, type NoteBody } from './support';

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('object-level authorization (BOLA) on the reference app', () => {
  let app: RunningNotesApp;

  beforeEach(async () => {
    app = await startNotesApp();
  });

  afterEach(() => app.close());

  context("when an editor reaches for another editor's note", () => {
    let draft: NoteBody;
    let eve: string;

    beforeEach(async () => {
      draft = await createNote(app, 'erin', { title: 'Erin draft' });
      eve = await app.tokenFor('eve');
    });

    it('refuses reading, changing and deleting it, and leaves it as it was', async () => {
      const path = `${app.url}/notes/${draft.id}`;
      expect((await call(path, { token: eve })).status).to.equal(404);
      const change = await call(path, {
        method: 'PUT',
        token: eve,
        body: { title: 'Eve was here' },
      });
      expect(change.status).to.equal(403);
      expect((await call(path, { method: 'DELETE', token: eve })).status).to.equal(403);
      const stored = await app.notes.context.notes.findOneByOrFail({ id: draft.id });
      expect(stored.title).to.equal('Erin draft');
    });

    it('lets the owner read and change it', async () => {
      const erin = await app.tokenFor('erin');
      const path = `${app.url}/notes/${draft.id}`;
      expect((await call(path, { token: erin })).status).to.equal(200);
      expect(
        (await call(path, { method: 'PUT', token: erin, body: { title: 'Mine' } })).status,
      ).to.equal(200);
    });

    it('audits each refusal with its reason', async () => {
      await call(`${app.url}/notes/${draft.id}`, { token: eve });
      await call(`${app.url}/notes/${draft.id}`, {
        method: 'PUT',
        token: eve,
        body: { title: 'x' },
      });
      const rows = await auditRows(app, 'authz.denied');
      expect(rows.map((row) => [row.route, row.status, row.reason])).to.deep.equal([
        ['NotesController.one', 404, 'ERR_NOT_FOUND: cannot read this Note'],
        ['NotesController.update', 403, 'ERR_AUTHZ_DENIED: cannot update this Note'],
      ]);
    });
  });

  context('when the answer could reveal whether an object exists', () => {
    it('answers a forbidden and a missing note alike on a read: 404', async () => {
      const draft = await createNote(app, 'erin', { title: 'hidden' });
      const eve = await app.tokenFor('eve');
      const forbidden = await call(`${app.url}/notes/${draft.id}`, { token: eve });
      const missing = await call(`${app.url}/notes/${MISSING}`, { token: eve });
      expect([forbidden.status, missing.status]).to.deep.equal([404, 404]);
      const strip = ({ requestId: _ignored, ...rest }: Record<string, unknown>) => rest;
      expect(strip(forbidden.body)).to.deep.equal(strip(missing.body));
    });

    it('answers a forbidden and a missing note alike on a write: 403', async () => {
      const draft = await createNote(app, 'erin', { title: 'hidden' });
      const eve = await app.tokenFor('eve');
      const body = { title: 'x' };
      const forbidden = await call(`${app.url}/notes/${draft.id}`, {
        method: 'PUT',
        token: eve,
        body,
      });
      const missing = await call(`${app.url}/notes/${MISSING}`, {
        method: 'PUT',
        token: eve,
        body,
      });
      expect([forbidden.status, missing.status]).to.deep.equal([403, 403]);
      expect(forbidden.body.code).to.equal(missing.body.code);
      expect(forbidden.body.detail).to.equal(missing.body.detail);
    });
  });

  context('when a cannot rule with a reason refuses', () => {
    it('refuses deleting a published note and audits the reason', async () => {
      const published = await createNote(app, 'erin', { title: 'Out there', isPublished: true });
      const res = await call(`${app.url}/notes/${published.id}`, {
        method: 'DELETE',
        token: await app.tokenFor('erin'),
      });
      expect(res.status).to.equal(403);
      expect(JSON.stringify(res.body)).to.not.include('unpublished');
      const [row] = await auditRows(app, 'authz.denied');
      expect(row?.reason).to.equal(
        'ERR_AUTHZ_DENIED: cannot delete this Note: a published note is unpublished before it is deleted',
      );
    });
  });

  context('when listing', () => {
    beforeEach(async () => {
      await createNote(app, 'erin', { title: 'erin draft' });
      await createNote(app, 'erin', { title: 'erin public', isPublished: true });
      await createNote(app, 'eve', { title: 'eve draft' });
      await createNote(app, 'alice', { title: 'alice draft' });
    });

    const titles = async (token: string, query = ''): Promise<string[]> => {
      const res = await call(`${app.url}/notes${query}`, { token });
      expect(res.status).to.equal(200);
      return (res.body.items as NoteBody[]).map((note) => note.title).sort();
    };

    it('returns each principal exactly the notes it may read', async () => {
      expect(await titles(await app.tokenFor('victor'))).to.deep.equal(['Welcome', 'erin public']);
      expect(await titles(await app.tokenFor('eve'))).to.deep.equal([
        'Welcome',
        'erin public',
        'eve draft',
      ]);
      expect(await titles(await app.tokenFor('alice'))).to.have.length(5);
    });

    it('pages through the narrowed list without gaps or repeats', async () => {
      for (let i = 0; i < 12; i += 1) {
        await createNote(app, i % 3 === 0 ? 'eve' : 'erin', {
          title: `n${i}`,
          isPublished: i % 2 === 0,
        });
      }
      const eve = await app.tokenFor('eve');
      const everything = await titles(eve, '?limit=100');
      const paged: string[] = [];
      for (let offset = 0; offset < everything.length + 5; offset += 5) {
        const res = await call(`${app.url}/notes?limit=5&offset=${offset}`, { token: eve });
        paged.push(...(res.body.items as NoteBody[]).map((note) => note.title));
      }
      expect(paged).to.have.length(everything.length);
      expect([...paged].sort()).to.deep.equal(everything);
    });

    it('treats SQL metacharacters in the principal id as data', async () => {
      const sneaky = await tokenAs(app, "x' OR '1'='1", ['editor']);
      expect(await titles(sneaky)).to.deep.equal(['Welcome', 'erin public']);
    });

    it('treats SQL metacharacters in a path identifier as data', async () => {
      const res = await call(`${app.url}/notes/${encodeURIComponent("' OR '1'='1")}`, {
        token: await app.tokenFor('alice'),
      });
      expect(res.status).to.equal(404);
    });
  });
});
