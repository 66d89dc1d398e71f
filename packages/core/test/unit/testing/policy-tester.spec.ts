import { expect } from 'chai';
import { Authorize, compilePolicies, createPrincipal, policyTester } from '@bulwark/core';
import { BASE, permissions, route } from '../policy/fixtures';

describe('policyTester', () => {
  const policy = policyTester(permissions);
  const editor = policy.as({ id: 'u1', roles: ['editor'] });
  const viewer = policy.as({ id: 'v1', roles: ['viewer'] });

  describe('#as', () => {
    it('builds a user principal with the given roles', () => {
      expect(editor.principal).to.include({ id: 'u1', kind: 'user', scheme: 'test' });
      expect(editor.principal.roles).to.deep.equal(['editor']);
    });

    it('takes a ready principal as it is', () => {
      const client = createPrincipal({
        id: 'c',
        kind: 'client',
        scheme: 'apiKey',
        scopes: ['notes:read'],
      });
      expect(policy.as(client).principal).to.equal(client);
      expect(policy.as(client).can('read', 'Note')).to.equal(true);
    });
  });

  describe('#can', () => {
    it('judges an instance on its conditions', () => {
      expect(editor.can('update', 'Note', { ownerId: 'u1' })).to.equal(true);
      expect(editor.cannot('update', 'Note', { ownerId: 'u2' })).to.equal(true);
      expect(viewer.can('read', 'Note', { isPublished: true })).to.equal(true);
      expect(viewer.can('read', 'Note', { isPublished: false })).to.equal(false);
    });

    it('leaves the caller object untagged', () => {
      const note = { ownerId: 'u1' };
      editor.can('update', 'Note', note);
      expect(Object.getOwnPropertyNames(note)).to.deep.equal(['ownerId']);
    });

    it('answers the type alone as CASL does, a conditional grant counting', () => {
      expect(viewer.can('read', 'Note')).to.equal(true);
      expect(viewer.can('delete', 'Note')).to.equal(false);
    });
  });

  describe('#readableFields and #forbiddenFields', () => {
    it('lists the declared fields the principal may read', () => {
      expect(editor.readableFields('Note', { ownerId: 'u2', title: 't' })).to.deep.equal([
        'id',
        'isPublished',
        'ownerId',
        'title',
      ]);
      expect(viewer.readableFields('Note', { isPublished: false })).to.deep.equal([]);
    });

    it('names the fields a write may not set', () => {
      expect(editor.forbiddenFields('update', 'Note', { ownerId: 'u1' }, ['title'])).to.equal(null);
      expect(
        viewer.forbiddenFields('update', 'Note', { ownerId: 'v1' }, ['title'])?.fields,
      ).to.deep.equal(['title']);
    });
  });

  describe('#route', () => {
    class Notes {
      update(): void {}
      remove(): void {}
    }
    Authorize('update', 'Note', { load: () => null })(Notes.prototype, 'update');
    Authorize({ roles: ['admin'] })(Notes.prototype, 'remove');
    const [update, remove] = compilePolicies({
      ...BASE,
      routes: [route(Notes, 'update', 'PUT', '/notes/:id'), route(Notes, 'remove', 'DELETE', '/x')],
    });

    it('decides a compiled route as the runtime would', async () => {
      expect(update && (await editor.route(update, { instance: { ownerId: 'u1' } }))).to.deep.equal(
        {
          isAllowed: true,
        },
      );
      expect(update && (await editor.route(update, { instance: { ownerId: 'u2' } }))).to.include({
        isAllowed: false,
        code: 'ERR_AUTHZ_DENIED',
      });
      expect(update && (await editor.route(update, { instance: null }))).to.include({
        reason: 'instance not found',
      });
      expect(remove && (await editor.route(remove))).to.include({ isAllowed: false });
    });
  });
});
