import { expect } from 'chai';
import { createPrincipal, definePermissions, grantOf } from '@bulwark/core';
import { permissions } from '../policy/fixtures';

const user = (id: string, roles: string[], attributes: Record<string, unknown> = {}) =>
  createPrincipal({ id, kind: 'user', scheme: 'bearer', roles, attributes });

describe('Permissions', () => {
  describe('#abilityFor', () => {
    it('unites the rules of every role and scope of the principal', () => {
      const both = createPrincipal({
        id: 'c',
        kind: 'client',
        scheme: 'bearer',
        roles: ['viewer'],
        scopes: ['notes:read'],
      });
      expect(permissions.abilityFor(both).can('read', 'Note')).to.equal(true);
      expect(permissions.abilityFor(both).can('update', 'Note')).to.equal(false);
    });

    it('allows nothing to an anonymous caller or an unknown role', () => {
      expect(permissions.abilityFor(null).can('read', 'Note')).to.equal(false);
      expect(permissions.abilityFor(user('x', ['root'])).can('read', 'Note')).to.equal(false);
    });

    it('serves the same ability to the same principal and a distinct one otherwise', () => {
      const a = permissions.abilityFor(user('same', ['editor']));
      expect(permissions.abilityFor(user('same', ['editor']))).to.equal(a);
      expect(permissions.abilityFor(user('other', ['editor']))).to.not.equal(a);
    });

    it('never shares an ability between principals whose attributes differ', () => {
      const scoped = definePermissions({
        subjects: { Doc: {} },
        roles: { member: ({ can }, me) => can('read', 'Doc', { tenant: me.attributes.org }) },
      });
      const acme = scoped.abilityFor(user('u', ['member'], { org: 'acme' }));
      const globex = scoped.abilityFor(user('u', ['member'], { org: 'globex' }));
      expect(acme).to.not.equal(globex);
    });

    it('serves the cached ability to an equal principal in a new object', () => {
      const first = permissions.abilityFor(user('twin', ['editor']));
      expect(permissions.abilityFor(user('twin', ['editor']))).to.equal(first);
    });

    it('never serves a stale ability after a nested attribute changed', () => {
      const scoped = definePermissions({
        subjects: { Doc: {} },
        roles: {
          member: ({ can }, me) =>
            can('read', 'Doc', { tenant: (me.attributes.org as { id: string }).id }),
        },
      });
      const org = { id: 'acme' };
      const member = user('m', ['member'], { org });
      const before = scoped.abilityFor(member);
      org.id = 'globex';
      expect(scoped.abilityFor(member)).to.not.equal(before);
    });

    it('bounds the cache', () => {
      const small = definePermissions({
        subjects: { Doc: {} },
        roles: { r: ({ can }) => can('read', 'Doc') },
        cacheSize: 2,
      });
      const first = small.abilityFor(user('1', ['r']));
      small.abilityFor(user('2', ['r']));
      small.abilityFor(user('3', ['r']));
      expect(small.abilityFor(user('1', ['r']))).to.not.equal(first);
    });

    it('refuses to check an untagged object instead of guessing its type', () => {
      const ability = permissions.abilityFor(user('u1', ['editor']));
      expect(() => ability.can('update', { ownerId: 'u1' } as never))
        .to.throw()
        .with.property('code', 'ERR_POLICY_INVALID');
    });
  });

  describe('#facts', () => {
    it('reads each role once without a real principal', () => {
      expect(grantOf(permissions.facts.roles.editor ?? [], 'update', 'Note')).to.equal(
        'conditional',
      );
      expect(grantOf(permissions.facts.roles.admin ?? [], 'update', 'Note')).to.equal('allowed');
      expect(grantOf(permissions.facts.roles.viewer ?? [], 'update', 'Note')).to.equal('denied');
    });
  });
});

describe('grantOf', () => {
  const facts = (rules: Parameters<typeof definePermissions>[0]['roles'][string]) =>
    definePermissions({ subjects: { Note: {} }, roles: { r: rules } }).facts.roles.r ?? [];

  it('lets an unconditional cannot win', () => {
    expect(
      grantOf(
        facts(({ can, cannot }) => {
          can('manage', 'all');
          cannot('delete', 'Note');
        }),
        'delete',
        'Note',
      ),
    ).to.equal('denied');
  });

  it('turns an outright grant conditional under a conditional cannot', () => {
    const rules = facts(({ can, cannot }) => {
      can('read', 'Note');
      cannot('read', 'Note', { isSecret: true });
    });
    expect(grantOf(rules, 'read', 'Note')).to.equal('conditional');
  });

  it('treats a field-restricted grant as allowed for the action, leaving fields to field checks', () => {
    expect(
      grantOf(
        facts(({ can }) => can('read', 'Note', ['title'])),
        'read',
        'Note',
      ),
    ).to.equal('allowed');
  });

  it('lets a later grant override an earlier unconditional cannot, as CASL does', () => {
    const rules = facts(({ can, cannot }) => {
      cannot('delete', 'Note');
      can('delete', 'Note');
    });
    expect(grantOf(rules, 'delete', 'Note')).to.equal('allowed');
  });

  it('keeps a conditional grant that sits above an unconditional cannot', () => {
    const rules = facts(({ can, cannot }) => {
      cannot('delete', 'Note');
      can('delete', 'Note', { isDraft: true });
    });
    expect(grantOf(rules, 'delete', 'Note')).to.equal('conditional');
  });

  it('ignores a field-restricted cannot for the action', () => {
    const rules = facts(({ can, cannot }) => {
      can('read', 'Note');
      cannot('read', 'Note', ['secret']);
    });
    expect(grantOf(rules, 'read', 'Note')).to.equal('allowed');
  });

  it('denies a pair no rule covers', () => {
    expect(
      grantOf(
        facts(({ can }) => can('read', 'Note')),
        'delete',
        'Note',
      ),
    ).to.equal('denied');
  });
});

describe('definePermissions', () => {
  const failure = (definition: Parameters<typeof definePermissions>[0]) => {
    try {
      definePermissions(definition);
    } catch (error) {
      return error as { code: string; details: { problems: string[] } };
    }
    throw new Error('expected definePermissions to refuse the model');
  };

  context('when a rule names something the subjects do not declare', () => {
    it('refuses an undeclared subject', () => {
      const error = failure({
        subjects: { Note: {} },
        roles: { r: ({ can }) => can('read', 'Notes') },
      });
      expect(error.code).to.equal('ERR_CONFIG_INVALID');
      expect(error.details.problems).to.deep.equal([
        'role "r": a rule names the undeclared subject "Notes".',
      ]);
    });

    it('refuses a misspelt field in a field list and in a condition, all at once', () => {
      const error = failure({
        subjects: { Note: { fields: ['id', 'title', 'ownerId'] } },
        roles: {
          r: ({ can }, me) => can('update', 'Note', ['titel'], { owner: me.id }),
        },
        scopes: { s: ({ cannot }) => cannot('read', 'Note', { 'author.name': 'x' }) },
      });
      expect(error.code).to.equal('ERR_CONFIG_INVALID');
      expect(error.details.problems).to.deep.equal([
        'role "r": a rule on "Note" names the unknown field "titel".',
        'role "r": a condition on "Note" reads the unknown field "owner".',
        'scope "s": a condition on "Note" reads the unknown field "author.name".',
      ]);
    });

    it('refuses a top-level $or, which CASL would read as a field that never matches', () => {
      const error = failure({
        subjects: { Note: { fields: ['id'] } },
        roles: { r: ({ can }) => can('read', 'Note', { $or: [{ id: 1 }, { id: 2 }] } as never) },
      });
      expect(error.details.problems).to.deep.equal([
        'role "r": a condition uses "$or", which CASL reads as a field name, so the rule never matches; write one rule per alternative instead.',
      ]);
    });

    it('refuses a field pattern that matches no declared field', () => {
      const error = failure({
        subjects: { Note: { fields: ['title', 'body'] } },
        roles: { r: ({ can }) => can('read', 'Note', ['meta.*']) },
      });
      expect(error.details.problems).to.have.length(1);
    });
  });

  context('when the model is consistent', () => {
    it('accepts declared fields, patterns, paths into declared relations and `all`', () => {
      const model = definePermissions({
        subjects: { Note: { fields: ['title', 'owner'] } },
        roles: {
          r: ({ can }) => {
            can('read', 'Note', ['ti*', 'owner.name'], { 'owner.role': 'editor' });
            can('read', 'all', ['anything']);
          },
        },
      });
      expect(model.fieldsOf('Note')).to.deep.equal(['title', 'owner']);
      expect(model.fieldsOf('Other')).to.equal(null);
    });
  });

  context('when subjects declare entity classes', () => {
    class NoteEntity {
      constructor(readonly ownerId: string) {}
    }
    class Lookalike {
      constructor(readonly ownerId: string) {}
    }
    const model = definePermissions({
      subjects: { Note: { entity: NoteEntity, fields: ['ownerId'] } },
      roles: { editor: ({ can }, me) => can('update', 'Note', { ownerId: me.id }) },
    });
    const ability = model.abilityFor(user('u1', ['editor']));

    it('knows the subject type of an instance by class identity', () => {
      expect(model.subjectTypeOf(new NoteEntity('u1'))).to.equal('Note');
      expect(ability.can('update', new NoteEntity('u1') as never)).to.equal(true);
      expect(ability.can('update', new NoteEntity('u2') as never)).to.equal(false);
    });

    it('never takes the type from a constructor name', () => {
      expect(model.subjectTypeOf(new Lookalike('u1'))).to.equal(null);
      expect(() => ability.can('update', new Lookalike('u1') as never))
        .to.throw()
        .with.property('code', 'ERR_POLICY_INVALID');
    });

    it('refuses two subjects declaring the same class', () => {
      const error = failure({
        subjects: { A: { entity: NoteEntity }, B: { entity: NoteEntity } },
        roles: {},
      });
      expect(error.code).to.equal('ERR_CONFIG_INVALID');
    });
  });

  describe('#abilityOf', () => {
    it('builds an uncached ability from raw rules', () => {
      const model = definePermissions({ subjects: { Note: {} }, roles: {} });
      const rules = [{ action: 'read', subject: 'Note' }];
      expect(model.abilityOf(rules).can('read', 'Note')).to.equal(true);
      expect(model.abilityOf(rules)).to.not.equal(model.abilityOf(rules));
    });
  });
});
