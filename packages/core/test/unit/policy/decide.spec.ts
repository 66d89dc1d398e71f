import { expect } from 'chai';
import {
  createPrincipal,
  decide,
  definePermissions,
  type AuthorizationPolicy,
  type DecisionInput,
} from '@bulwark/core';
import { permissions } from './fixtures';

const policy = (overrides: Partial<AuthorizationPolicy>): AuthorizationPolicy => ({
  action: null,
  subject: null,
  roles: [],
  scopes: [],
  check: null,
  load: null,
  isList: false,
  deniedStatus: 403,
  isConditional: false,
  grants: {},
  isDenyAll: false,
  ...overrides,
});

const editor = createPrincipal({
  id: 'u1',
  kind: 'user',
  scheme: 'bearer',
  roles: ['editor'],
  scopes: ['notes:read'],
});
const input = (extra: Partial<DecisionInput> = {}): DecisionInput => ({
  principal: editor,
  ability: permissions.abilityFor(editor),
  params: {},
  checks: {},
  ...extra,
});
const loader = () => null;

describe('decide', () => {
  it('denies a deny-all policy', async () => {
    expect(await decide(policy({ isDenyAll: true }), input())).to.include({
      isAllowed: false,
      code: 'ERR_AUTHZ_DENIED',
    });
  });

  it('requires one of the roles', async () => {
    expect((await decide(policy({ roles: ['admin'] }), input())).isAllowed).to.equal(false);
    expect((await decide(policy({ roles: ['admin', 'editor'] }), input())).isAllowed).to.equal(
      true,
    );
  });

  it('requires every scope and names the missing ones', async () => {
    const decision = await decide(policy({ scopes: ['notes:read', 'notes:write'] }), input());
    expect(decision).to.deep.equal({
      isAllowed: false,
      code: 'ERR_AUTHZ_SCOPE_INSUFFICIENT',
      reason: 'missing scopes: notes:write',
    });
  });

  it('checks ownership conditions on the loaded instance', async () => {
    const update = policy({ action: 'update', subject: 'Note', load: loader });
    expect((await decide(update, input({ instance: { ownerId: 'u1' } }))).isAllowed).to.equal(true);
    expect(await decide(update, input({ instance: { ownerId: 'u2' } }))).to.include({
      isAllowed: false,
      code: 'ERR_AUTHZ_DENIED',
    });
  });

  it('answers a missing or hidden instance with the route status', async () => {
    const read = policy({ action: 'update', subject: 'Note', load: loader, deniedStatus: 404 });
    expect(await decide(read, input({ instance: null }))).to.include({
      code: 'ERR_NOT_FOUND',
      reason: 'instance not found',
    });
    expect(await decide(read, input({ instance: { ownerId: 'u2' } }))).to.include({
      code: 'ERR_NOT_FOUND',
    });
  });

  it('checks the type alone on list routes', async () => {
    expect(
      (await decide(policy({ action: 'read', subject: 'Note', isList: true }), input())).isAllowed,
    ).to.equal(true);
    expect(
      (await decide(policy({ action: 'delete', subject: 'Note', isList: true }), input()))
        .isAllowed,
    ).to.equal(false);
  });

  context('when a cannot rule with a reason decides', () => {
    const model = definePermissions({
      subjects: { Note: { fields: ['ownerId', 'isLocked'] } },
      roles: {
        editor: ({ can, cannot }, me) => {
          can('delete', 'Note', { ownerId: me.id });
          cannot('delete', 'Note', { isLocked: true }).because('locked notes are kept');
          cannot('archive', 'Note').because('archiving is for admins');
        },
      },
    });
    const withReasons = (instance?: object) =>
      input({ ability: model.abilityFor(editor), ...(instance ? { instance } : {}) });

    it('adds the reason to the audit reason of an instance refusal', async () => {
      const remove = policy({ action: 'delete', subject: 'Note', load: loader });
      expect(await decide(remove, withReasons({ ownerId: 'u1', isLocked: true }))).to.deep.equal({
        isAllowed: false,
        code: 'ERR_AUTHZ_DENIED',
        reason: 'cannot delete this Note: locked notes are kept',
      });
    });

    it('adds the reason to a type-level refusal', async () => {
      const archive = policy({ action: 'archive', subject: 'Note' });
      expect(await decide(archive, withReasons())).to.include({
        reason: 'cannot archive Note: archiving is for admins',
      });
    });

    it('gives the bare reason when no cannot rule decided', async () => {
      const remove = policy({ action: 'delete', subject: 'Note', load: loader });
      expect(await decide(remove, withReasons({ ownerId: 'u2' }))).to.include({
        reason: 'cannot delete this Note',
      });
    });
  });

  context('when a custom check is named', () => {
    const named = policy({ check: 'c' });

    it('allows only on exactly true', async () => {
      expect((await decide(named, input({ checks: { c: () => true } }))).isAllowed).to.equal(true);
      expect(
        (await decide(named, input({ checks: { c: () => 'yes' as never } }))).isAllowed,
      ).to.equal(false);
      expect(
        (await decide(named, input({ checks: { c: async () => 1 as never } }))).isAllowed,
      ).to.equal(false);
    });

    it('denies when the check throws or is missing', async () => {
      const throwing = await decide(
        named,
        input({
          checks: {
            c: () => {
              throw new Error('db down');
            },
          },
        }),
      );
      expect(throwing).to.deep.equal({
        isAllowed: false,
        code: 'ERR_AUTHZ_DENIED',
        reason: 'custom check "c" threw',
      });
      expect((await decide(named, input())).isAllowed).to.equal(false);
    });
  });
});
