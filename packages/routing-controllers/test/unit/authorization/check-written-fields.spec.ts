import { expect } from 'chai';
import { subject } from '@casl/ability';
import { checkWrittenFields } from '../../../src/authorization/check-written-fields';
import { abilityOf, NoteRow, routePolicy } from './support';

const load = () => null;
const update = routePolicy({ action: 'update', subject: 'Note', load });
const create = routePolicy({ action: 'create', subject: 'Note' }, { method: 'POST' });
const stored = (values: Partial<NoteRow>) => subject('Note', new NoteRow(values));

const refusal = (input: Parameters<typeof checkWrittenFields>[0]) => {
  try {
    checkWrittenFields(input);
  } catch (error) {
    return error as { code: string; status: number; details: unknown; reason: string };
  }
  return null;
};

describe('checkWrittenFields', () => {
  const erin = abilityOf('erin', 'editor');

  context('when creating', () => {
    it('lets an editor set the fields the create rule lists', () => {
      const body = { title: 't', body: 'b', isPublished: undefined };
      expect(refusal({ policy: create, ability: erin, body, instance: null })).to.equal(null);
    });

    it('refuses ownerId for an editor with 403 naming the field, and allows it for an admin', () => {
      const body = { title: 't', ownerId: 'someone-else' };
      expect(refusal({ policy: create, ability: erin, body, instance: null })).to.deep.include({
        code: 'ERR_AUTHZ_FIELDS_DENIED',
        status: 403,
        details: { fields: ['ownerId'] },
      });
      const admin = abilityOf('root', 'admin');
      expect(refusal({ policy: create, ability: admin, body, instance: null })).to.equal(null);
    });
  });

  context('when updating a loaded instance', () => {
    it('judges conditional field rules on the stored object', () => {
      const own = stored({ ownerId: 'erin' });
      expect(
        refusal({ policy: update, ability: erin, body: { title: 'x' }, instance: own }),
      ).to.equal(null);
      const locked = stored({ ownerId: 'erin', isLocked: true });
      expect(
        refusal({
          policy: update,
          ability: erin,
          body: { title: 'x', body: 'y' },
          instance: locked,
        }),
      ).to.deep.include({
        details: { fields: ['title'] },
        reason: 'may not update Note fields title: locked notes keep titles',
      });
    });

    it('refuses a change that moves the object out of reach', () => {
      const mover = abilityOf('mo', 'mover');
      const own = stored({ ownerId: 'mo', title: 'a' });
      expect(
        refusal({ policy: update, ability: mover, body: { title: 'b' }, instance: own }),
      ).to.equal(null);
      expect(
        refusal({
          policy: update,
          ability: mover,
          body: { title: 'a', ownerId: 'eve' },
          instance: own,
        }),
      ).to.deep.include({
        code: 'ERR_AUTHZ_FIELDS_DENIED',
        details: { fields: ['ownerId'] },
      });
    });
  });

  context('when the route does not write fields', () => {
    it('skips reads, routes without a body, public routes and empty bodies', () => {
      const viewer = abilityOf('v', 'viewer');
      const body = { ownerId: 'x' };
      const read = routePolicy({ action: 'read', subject: 'Note' }, { method: 'POST' });
      const noBody = routePolicy({ action: 'update', subject: 'Note' }, { body: null });
      const open = routePolicy(null, { method: 'POST' });
      for (const policy of [read, noBody, open]) {
        expect(refusal({ policy, ability: viewer, body, instance: null })).to.equal(null);
      }
      expect(refusal({ policy: create, ability: viewer, body: {}, instance: null })).to.equal(null);
      expect(
        refusal({ policy: create, ability: viewer, body: undefined, instance: null }),
      ).to.equal(null);
    });
  });
});
