import { expect } from 'chai';
import { call, startNotesApp, type RunningNotesApp } from '../support/notes-app';

describe('audit log of the reference app', () => {
  let app: RunningNotesApp;
  let admin: string;

  before(async () => {
    app = await startNotesApp();
    admin = await app.tokenFor('alice');
    const erin = await app.tokenFor('erin');
    const eve = await app.tokenFor('eve');
    const created = await call(`${app.url}/notes`, {
      method: 'POST',
      token: erin,
      body: { title: 'Audited', body: 'x' },
    });
    await call(`${app.url}/notes/${created.body.id}`, {
      method: 'PUT',
      token: eve,
      body: { title: 'Not yours' },
    });
    await call(`${app.url}/notes/${created.body.id}`, {
      method: 'PUT',
      token: erin,
      body: { title: 'Edited' },
    });
  });

  after(async () => {
    await app.close();
  });

  const search = (query: string, token = admin) =>
    call(`${app.url}/admin/audit-events${query}`, { token });

  it('lists events newest first for an admin', async () => {
    const res = await search('');

    expect(res.status).to.equal(200);
    const sequences = res.body.items.map((e: { sequence: number }) => e.sequence);
    expect(sequences).to.deep.equal([...sequences].sort((a: number, b: number) => b - a));
    expect(res.body.items[0]).to.include.keys('hash', 'previousHash', 'requestId', 'outcome');
  });

  it('filters by actor, action, outcome and subject, and shows what an update changed', async () => {
    const erinId = await app.userId('erin');
    const eveId = await app.userId('eve');

    const updates = await search(`?action=note.update&actor=${erinId}`);
    const denials = await search(`?outcome=denied&actor=${eveId}`);
    const noteId = updates.body.items[0].subject.id;
    const bySubject = await search(`?subjectType=Note&subjectId=${noteId}`);

    expect(updates.body.items).to.have.length(1);
    expect(updates.body.items[0].details).to.deep.include({
      'body.title': 'Edited',
    });
    expect(updates.body.items[0].details.changes.title).to.deep.equal({
      before: 'Audited',
      after: 'Edited',
    });
    expect(denials.body.items.map((e: { action: string }) => e.action)).to.deep.equal([
      'authz.denied',
    ]);
    expect(bySubject.body.items.map((e: { action: string }) => e.action)).to.deep.equal([
      'note.update',
    ]);
  });

  it('filters by time and pages with the cursor', async () => {
    // Erin's events only, so the admin's own reads (recorded meanwhile) do not shift the pages.
    const erin = `actor=${await app.userId('erin')}`;
    const all = await search(`?${erin}`);
    const first = await search(`?${erin}&limit=1`);
    const second = await search(`?${erin}&limit=1&before=${first.body.nextBefore}`);
    const future = await search(`?from=${encodeURIComponent('2999-01-01T00:00:00Z')}`);

    const paged = [...first.body.items, ...second.body.items].map((e: { id: string }) => e.id);
    expect(paged).to.deep.equal(all.body.items.map((e: { id: string }) => e.id));
    expect(all.body.items).to.have.length(2);
    expect(second.body.nextBefore).to.equal(null);
    expect(future.body.items).to.deep.equal([]);
  });

  it('records that the log was read, and by whom', async () => {
    const aliceId = await app.userId('alice');
    const read = await search('?limit=1');
    const requestId = read.headers.get('x-request-id');

    // Reads are recorded asynchronously; poll a bounded number of times for the event.
    let found = false;
    for (let attempt = 0; attempt < 40 && !found; attempt += 1) {
      const reads = await search(`?action=audit.read&actor=${aliceId}&limit=100`);
      found = reads.body.items.some((e: { requestId: string }) => e.requestId === requestId);
      if (!found) await new Promise((resolve) => setTimeout(resolve, 25));
    }

    expect(found).to.equal(true);
  });

  context('when the caller is not an admin', () => {
    it('refuses editors and viewers with 403 and anonymous callers with 401', async () => {
      const editor = await search('', await app.tokenFor('erin'));
      const viewer = await search('', await app.tokenFor('victor'));
      const anonymous = await call(`${app.url}/admin/audit-events`);

      expect([editor.status, viewer.status, anonymous.status]).to.deep.equal([403, 403, 401]);
    });
  });

  context('when the query is invalid', () => {
    it('refuses unknown filters, bad outcomes, bad times and oversized pages with 400', async () => {
      const queries = ['?password=x', '?outcome=maybe', '?from=yesterday', '?limit=1000'];

      const statuses = await Promise.all(queries.map(async (q) => (await search(q)).status));

      expect(statuses).to.deep.equal([400, 400, 400, 400]);
    });
  });
});
