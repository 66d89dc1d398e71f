import { expect } from 'chai';
import { call, startNotesApp, type RunningNotesApp } from '../support/notes-app';
import { auditRows, createNote, type NoteBody } from './support';

describe('property-level authorization (BOPLA) on the reference app', () => {
  let app: RunningNotesApp;
  let eveId: string;

  beforeEach(async () => {
    app = await startNotesApp();
    eveId = await app.userId('eve');
  });

  afterEach(() => app.close());

  context('when a write sets a field the principal may not set (mass assignment)', () => {
    it("refuses an editor's new note owned by someone else, naming the field", async () => {
      const before = await app.notes.context.notes.count();
      const res = await call(`${app.url}/notes`, {
        method: 'POST',
        token: await app.tokenFor('erin'),
        body: { title: 'planted', body: 'x', ownerId: eveId },
      });
      expect(res.status).to.equal(403);
      expect(res.body.code).to.equal('ERR_AUTHZ_FIELDS_DENIED');
      expect(res.body.details).to.deep.equal({ fields: ['ownerId'] });
      expect(await app.notes.context.notes.count()).to.equal(before);
    });

    it('refuses an editor handing their own note to someone else', async () => {
      const own = await createNote(app, 'erin', { title: 'mine' });
      const res = await call(`${app.url}/notes/${own.id}`, {
        method: 'PUT',
        token: await app.tokenFor('erin'),
        body: { title: 'yours now', ownerId: eveId },
      });
      expect(res.status).to.equal(403);
      expect(res.body.details.fields).to.deep.equal(['ownerId']);
      const stored = await app.notes.context.notes.findOneByOrFail({ id: own.id });
      expect([stored.title, stored.ownerId]).to.deep.equal(['mine', await app.userId('erin')]);
    });

    it('lets an admin set the owner, through the same DTO', async () => {
      const alice = await app.tokenFor('alice');
      const created = await call(`${app.url}/notes`, {
        method: 'POST',
        token: alice,
        body: { title: 'for eve', body: 'x', ownerId: eveId },
      });
      expect(created.status).to.equal(201);
      expect(created.body.ownerId).to.equal(eveId);
      const moved = await call(`${app.url}/notes/${created.body.id}`, {
        method: 'PUT',
        token: alice,
        body: { ownerId: await app.userId('erin') },
      });
      expect(moved.status).to.equal(200);
      expect(moved.body.ownerId).to.equal(await app.userId('erin'));
    });

    it('audits the refusal with the fields', async () => {
      await call(`${app.url}/notes`, {
        method: 'POST',
        token: await app.tokenFor('erin'),
        body: { title: 'planted', body: 'x', ownerId: eveId },
      });
      const [row] = await auditRows(app, 'authz.denied');
      expect(row).to.include({ route: 'NotesController.create', status: 403 });
      expect(row?.reason).to.equal('ERR_AUTHZ_FIELDS_DENIED: may not create Note fields ownerId');
    });
  });

  context(
    'when a response holds fields the principal may not read (excessive data exposure)',
    () => {
      it('hides the owner of a note from a viewer, on one note and in the list', async () => {
        const published = await createNote(app, 'erin', { title: 'public', isPublished: true });
        const victor = await app.tokenFor('victor');
        const one = await call(`${app.url}/notes/${published.id}`, { token: victor });
        expect(one.status).to.equal(200);
        expect(Object.keys(one.body).sort()).to.deep.equal([
          'body',
          'createdAt',
          'id',
          'isPublished',
          'title',
          'updatedAt',
        ]);
        const list = await call(`${app.url}/notes`, { token: victor });
        expect(list.body.items.length).to.be.greaterThan(0);
        expect(list.body.items.some((note: NoteBody) => 'ownerId' in note)).to.equal(false);
      });

      it('shows the owner to an editor and to an admin', async () => {
        const published = await createNote(app, 'erin', { title: 'public', isPublished: true });
        for (const username of ['eve', 'alice']) {
          const res = await call(`${app.url}/notes/${published.id}`, {
            token: await app.tokenFor(username),
          });
          expect(res.body.ownerId, username).to.equal(await app.userId('erin'));
        }
      });

      it('never sends a user field the model does not declare, such as the password hash', async () => {
        const res = await call(`${app.url}/admin/users`, { token: await app.tokenFor('alice') });
        expect(res.status).to.equal(200);
        for (const user of res.body.items) {
          expect(Object.keys(user).sort()).to.deep.equal(['createdAt', 'id', 'role', 'username']);
        }
      });
    },
  );
});
