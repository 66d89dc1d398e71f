import { expect } from 'chai';
import { subject } from '@casl/ability';
import { filterResponse } from '../../../src/authorization/filter-response';
import { abilityOf, AuthorRow, NoteRow, permissions, routePolicy } from './support';

const one = routePolicy({ action: 'read', subject: 'Note', load: () => null }, { method: 'GET' });
const list = routePolicy({ action: 'read', subject: 'Note', isList: true }, { method: 'GET' });
const author = () => new AuthorRow({ id: 'a1', name: 'Ann', email: 'ann@example.test' });
const note = (values: Partial<NoteRow> = {}) =>
  new NoteRow({
    id: 'n1',
    title: 't',
    body: 'b',
    ownerId: 'erin',
    isPublished: true,
    secret: 'undeclared',
    author: author(),
    ...values,
  });

describe('filterResponse', () => {
  const viewer = abilityOf('v', 'viewer');
  const erin = abilityOf('erin', 'editor');
  const filter = (result: unknown, ability = viewer, policy = one) =>
    filterResponse(result, { policy, permissions, ability });

  it('drops the fields a field rule does not grant, and undeclared fields', () => {
    const filtered = filter(note()) as NoteRow;
    expect(Object.keys(filtered)).to.have.members(['id', 'title', 'body', 'isPublished', 'author']);
    expect(filtered).to.be.instanceOf(NoteRow);
  });

  it('filters nested subjects by their own rules', () => {
    const filtered = filter(note(), erin) as NoteRow;
    expect(filtered.ownerId).to.equal('erin');
    expect(Object.keys(filtered.author ?? {})).to.have.members(['id', 'name']);
  });

  it('filters the items of a list inside a plain object and leaves the rest alone', () => {
    const filtered = filter({ items: [note(), note({ id: 'n2' })], total: 2 }, viewer, list) as {
      items: NoteRow[];
      total: number;
    };
    expect(filtered.total).to.equal(2);
    expect(filtered.items.map((item) => item.ownerId)).to.deep.equal([undefined, undefined]);
    expect(filtered.items.map((item) => item.id)).to.deep.equal(['n1', 'n2']);
  });

  it('filters tagged plain objects', () => {
    const tagged = subject('Note', { id: 'n1', ownerId: 'erin', isPublished: true });
    expect(filter(tagged)).to.deep.equal({ id: 'n1', isPublished: true });
  });

  it('copies nothing when nothing is filtered, and keeps dates and primitives', () => {
    const plain = { at: new Date(0), tags: ['a'], nested: { n: 1 } };
    expect(filter(plain)).to.equal(plain);
    expect(filter('text')).to.equal('text');
    expect(filter(null)).to.equal(null);
  });

  it('answers a subject whose every field is readable as it is, and copies one that loses a field', () => {
    const admin = abilityOf('root', 'admin');
    const whole = new AuthorRow({ id: 'a1', name: 'Ann', email: 'ann@example.test' });
    expect(filter(whole, admin)).to.equal(whole);

    // The readable fields before and after the dropped one survive, and the class with them.
    const tagged = subject('Note', { id: 'n1', ownerId: 'erin', title: 't', isPublished: true });
    const filtered = filter(tagged) as Record<string, unknown>;
    expect(filtered).to.not.equal(tagged);
    expect(filtered).to.deep.equal({ id: 'n1', title: 't', isPublished: true });
    expect(tagged).to.have.property('ownerId', 'erin');
  });

  it('keeps a shared object shared and refuses a cycle', () => {
    const shared = note();
    const filtered = filter([shared, shared]) as NoteRow[];
    expect(filtered[0]).to.equal(filtered[1]);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => filter(cyclic))
      .to.throw()
      .with.property('code', 'ERR_POLICY_INVALID');
  });

  it('refuses a cycle back to the answer itself and one between nested objects', () => {
    const rows: unknown[] = [note()];
    rows.push({ back: rows });
    expect(() => filter(rows))
      .to.throw()
      .with.property('code', 'ERR_POLICY_INVALID');

    const first: Record<string, unknown> = { id: 'first' };
    first.next = { id: 'second', next: first };
    expect(() => filter({ chain: first }))
      .to.throw()
      .with.property('code', 'ERR_POLICY_INVALID');
  });

  context('when a list route returns an instance the principal may not read', () => {
    it('fails instead of sending it', () => {
      const draft = note({ isPublished: false, ownerId: 'eve' });
      expect(() => filter({ items: [note(), draft] }, viewer, list))
        .to.throw()
        .with.property('code', 'ERR_POLICY_INVALID');
    });

    it('lets an object route answer with an empty object instead', () => {
      const draft = note({ isPublished: false, ownerId: 'eve' });
      expect(Object.keys(filter(draft) as object)).to.deep.equal([]);
    });
  });
});
