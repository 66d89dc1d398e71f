import { expect } from 'chai';
import { call, startNotesApp, type RunningNotesApp } from '../support/notes-app';
import { auditRows, createNote, type NoteBody } from './support';

describe('parameter pollution on the reference app', () => {
  let app: RunningNotesApp;
  let mine: NoteBody;
  let theirs: NoteBody;
  let erin: string;

  beforeEach(async () => {
    app = await startNotesApp();
    mine = await createNote(app, 'erin', { title: 'mine' });
    theirs = await createNote(app, 'eve', { title: 'theirs' });
    erin = await app.tokenFor('erin');
  });

  afterEach(() => app.close());

  it('refuses a second id in the query string with 400', async () => {
    const res = await call(`${app.url}/notes/${mine.id}?id=${theirs.id}`, {
      method: 'PUT',
      token: erin,
      body: { title: 'changed' },
    });
    expect(res.status).to.equal(400);
    expect(res.body.code).to.equal('ERR_AUTHZ_PARAMETER_CONFLICT');
    expect(res.body.details).to.deep.equal({ parameter: 'id', sources: ['path', 'query'] });
  });

  it('refuses a second id in the body with 400', async () => {
    const res = await call(`${app.url}/notes/${mine.id}`, {
      method: 'PUT',
      token: erin,
      body: { id: theirs.id, title: 'changed' },
    });
    expect(res.status).to.equal(400);
    expect(res.body.details).to.deep.equal({ parameter: 'id', sources: ['path', 'body'] });
  });

  it('changes neither note and audits the attempt as a denial', async () => {
    await call(`${app.url}/notes/${mine.id}?id=${theirs.id}`, {
      method: 'PUT',
      token: erin,
      body: { title: 'changed' },
    });
    const titles = (await app.notes.context.notes.find()).map((note) => note.title);
    expect(titles).to.include.members(['mine', 'theirs']);
    const [row] = await auditRows(app, 'authz.denied');
    expect(row).to.include({ route: 'NotesController.update', status: 400, outcome: 'denied' });
    expect(row?.reason).to.equal(
      'ERR_AUTHZ_PARAMETER_CONFLICT: parameter pollution on "id" (path and query)',
    );
  });
});
