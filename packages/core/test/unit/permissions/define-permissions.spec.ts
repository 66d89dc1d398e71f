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

  it('counts a field-restricted grant as conditional', () => {
    expect(
      grantOf(
        facts(({ can }) => can('read', 'Note', ['title'])),
        'read',
        'Note',
      ),
    ).to.equal('conditional');
  });
});
