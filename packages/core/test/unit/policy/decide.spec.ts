import { expect } from 'chai';
import {
  createPrincipal,
  decide,
  decideNow,
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

describe('decideNow', () => {
  const allowed = { isAllowed: true };
  const denied = (code: string) => ({ isAllowed: false, code });
  const owned = policy({ action: 'update', subject: 'Note', load: loader });
  const cases: ReadonlyArray<[string, AuthorizationPolicy, DecisionInput, object]> = [
    ['a deny-all policy', policy({ isDenyAll: true }), input(), denied('ERR_AUTHZ_DENIED')],
    ['a held role', policy({ roles: ['admin', 'editor'] }), input(), allowed],
    ['a missing role', policy({ roles: ['admin'] }), input(), denied('ERR_AUTHZ_DENIED')],
    ['held scopes', policy({ scopes: ['notes:read'] }), input(), allowed],
    [
      'a missing scope',
      policy({ scopes: ['notes:read', 'notes:write'] }),
      input(),
      denied('ERR_AUTHZ_SCOPE_INSUFFICIENT'),
    ],
    ['an owned instance', owned, input({ instance: { ownerId: 'u1' } }), allowed],
    [
      'an instance of another owner',
      owned,
      input({ instance: { ownerId: 'u2' } }),
      denied('ERR_AUTHZ_DENIED'),
    ],
    [
      'a hidden instance',
      policy({ action: 'update', subject: 'Note', load: loader, deniedStatus: 404 }),
      input({ instance: null }),
      denied('ERR_NOT_FOUND'),
    ],
    [
      'a permitted list',
      policy({ action: 'read', subject: 'Note', isList: true }),
      input(),
      allowed,
    ],
    [
      'a refused list',
      policy({ action: 'delete', subject: 'Note', isList: true }),
      input(),
      denied('ERR_AUTHZ_DENIED'),
    ],
  ];

  context('when the route names no custom check', () => {
    for (const [name, route, given, expected] of cases) {
      it(`returns the decision itself for ${name}, the one decide resolves`, async () => {
        const decision = decideNow(route, given);

        expect(decision).to.not.be.instanceOf(Promise);
        expect(decision).to.deep.include(expected);
        expect(decision).to.deep.equal(await decide(route, given));
      });
    }

    it('refuses before the custom check would run on a refused role', () => {
      let calls = 0;
      const decision = decideNow(
        policy({ roles: ['admin'], check: 'c' }),
        input({ checks: { c: () => ++calls > 0 } }),
      );

      expect(decision).to.deep.include({ isAllowed: false, code: 'ERR_AUTHZ_DENIED' });
      expect(calls).to.equal(0);
    });
  });

  context('when the route names a custom check', () => {
    const named = policy({ check: 'c' });

    it('returns a promise of the decision', async () => {
      const pending = decideNow(named, input({ checks: { c: () => true } }));

      expect(pending).to.be.instanceOf(Promise);
      expect(await pending).to.deep.equal({ isAllowed: true });
    });

    it('waits for an asynchronous check and allows only on exactly true', async () => {
      const later = (value: unknown) => () =>
        new Promise<boolean>((resolve) => setImmediate(() => resolve(value as boolean)));

      expect(await decideNow(named, input({ checks: { c: later(true) } }))).to.deep.equal({
        isAllowed: true,
      });
      expect(await decideNow(named, input({ checks: { c: later(false) } }))).to.deep.equal({
        isAllowed: false,
        code: 'ERR_AUTHZ_DENIED',
        reason: 'custom check "c" refused',
      });
      expect(await decideNow(named, input({ checks: { c: later('true') } }))).to.include({
        isAllowed: false,
      });
    });

    it('denies when the check rejects, throws or is missing', async () => {
      const rejecting = decideNow(
        named,
        input({ checks: { c: () => Promise.reject(new Error('db down')) } }),
      );
      const throwing = decideNow(
        named,
        input({
          checks: {
            c: () => {
              throw new Error('db down');
            },
          },
        }),
      );

      for (const pending of [rejecting, throwing]) {
        expect(await pending).to.deep.equal({
          isAllowed: false,
          code: 'ERR_AUTHZ_DENIED',
          reason: 'custom check "c" threw',
        });
      }
      expect(await decideNow(named, input())).to.include({ isAllowed: false });
    });
  });
});
