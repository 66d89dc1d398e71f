import { expect } from 'chai';
import { subject } from '@casl/ability';
import {
  createPrincipal,
  definePermissions,
  forbiddenFields,
  outOfReachAfter,
  readableFields,
} from '@bulwark/core';

const FIELDS = [
  'id',
  'title',
  'body',
  'ownerId',
  'isPublished',
  'isLocked',
  'meta.tags',
  'meta.color',
];
const model = definePermissions({
  subjects: { Note: { fields: FIELDS } },
  roles: {
    editor: ({ can, cannot }, me) => {
      can('read', 'Note');
      cannot('read', 'Note', ['ownerId'], { isPublished: true }).because('authors stay private');
      can('update', 'Note', ['title', 'body', 'meta.*'], { ownerId: me.id });
      cannot('update', 'Note', ['title'], { isLocked: true }).because('locked notes keep titles');
    },
  },
});
const erin = model.abilityFor(
  createPrincipal({ id: 'erin', kind: 'user', scheme: 'test', roles: ['editor'] }),
);
const note = (fields: Record<string, unknown>) => subject('Note', { ...fields });

describe('forbiddenFields', () => {
  it('answers null when every field may be written', () => {
    expect(forbiddenFields(erin, 'update', note({ ownerId: 'erin' }), ['title', 'body'])).to.equal(
      null,
    );
  });

  it('names each field outside the field rules', () => {
    const refusal = forbiddenFields(erin, 'update', note({ ownerId: 'erin' }), [
      'title',
      'ownerId',
      'id',
    ]);
    expect(refusal?.fields).to.deep.equal(['ownerId', 'id']);
    expect(refusal?.reasons).to.deep.equal([]);
  });

  it('judges conditional field rules on the instance', () => {
    expect(
      forbiddenFields(erin, 'update', note({ ownerId: 'eve' }), ['title'])?.fields,
    ).to.deep.equal(['title']);
  });

  it('carries the reason of the cannot rule that refused', () => {
    const refusal = forbiddenFields(erin, 'update', note({ ownerId: 'erin', isLocked: true }), [
      'title',
      'body',
    ]);
    expect(refusal).to.deep.equal({ fields: ['title'], reasons: ['locked notes keep titles'] });
  });

  it('expands field patterns', () => {
    expect(forbiddenFields(erin, 'update', note({ ownerId: 'erin' }), ['meta.tags'])).to.equal(
      null,
    );
  });
});

describe('readableFields', () => {
  it('grants every candidate when a rule has no field list', () => {
    expect(readableFields(erin, 'read', note({ isPublished: false }), FIELDS).sort()).to.deep.equal(
      [...FIELDS].sort(),
    );
  });

  it('removes the fields a matching cannot rule names', () => {
    const fields = readableFields(erin, 'read', note({ isPublished: true }), FIELDS);
    expect(fields).to.not.include('ownerId');
    expect(fields).to.include('title');
  });

  it('grants only the candidates a field pattern matches', () => {
    const fields = readableFields(erin, 'update', note({ ownerId: 'erin' }), FIELDS);
    expect(fields.sort()).to.deep.equal(['body', 'meta.color', 'meta.tags', 'title']);
  });

  it('grants nothing on an object the principal may not act on', () => {
    expect(readableFields(erin, 'update', note({ ownerId: 'eve' }), FIELDS)).to.deep.equal([]);
  });
});

describe('outOfReachAfter', () => {
  const stored = { ownerId: 'erin', title: 'a', when: new Date(0) };

  it('answers null while the changed object stays within the rules', () => {
    expect(outOfReachAfter(erin, 'update', 'Note', stored, { title: 'b' })).to.equal(null);
  });

  it('names the changed fields that take the object out of reach', () => {
    expect(
      outOfReachAfter(erin, 'update', 'Note', stored, {
        title: 'a',
        ownerId: 'eve',
        when: new Date(0),
      }),
    ).to.deep.equal(['ownerId']);
  });

  it('names every written field when the stored object was already out of reach', () => {
    expect(
      outOfReachAfter(erin, 'update', 'Note', { ownerId: 'eve', title: 'a' }, { title: 'a' }),
    ).to.deep.equal(['title']);
  });
});
