import { expect } from 'chai';
import { accessMatrix, type RoutePolicy } from '@bulwark/core';
import { permissions } from '../../examples/notes-api/src/permissions';
import { call, startNotesApp, type RunningNotesApp } from '../support/notes-app';
import { auditRows } from './support';

/**
 * Routes where any signed-in user manages their own account; they are meant to serve a viewer
 * too. Every one of them lives under `/me/`, which the test checks.
 */
const SELF_SERVICE = new Set(['ApiKeysController.create', 'ApiKeysController.revoke']);

const isAdminOnly = (policy: RoutePolicy): boolean =>
  policy.authorization?.roles.length === 1 && policy.authorization.roles[0] === 'admin';

describe('function-level authorization (BFLA) on the reference app', () => {
  let app: RunningNotesApp;
  let viewer: string;
  let publishedId: string;

  beforeEach(async () => {
    app = await startNotesApp();
    viewer = await app.tokenFor('victor');
    const welcome = await app.notes.context.notes.findOneByOrFail({ isPublished: true });
    publishedId = welcome.id;
  });

  afterEach(() => app.close());

  const guarded = (): RoutePolicy[] =>
    app.notes.bulwark.policies.filter(
      (policy) =>
        !policy.isPublic &&
        (policy.isMutating || isAdminOnly(policy)) &&
        !SELF_SERVICE.has(policy.id),
    );

  it('refuses a viewer token on every admin route and every mutating route', async () => {
    const routes = guarded();
    expect(routes.map((policy) => policy.id)).to.include.members([
      'NotesController.create',
      'NotesController.update',
      'NotesController.remove',
      'UsersController.users',
    ]);
    const notesBefore = await app.notes.context.notes.find({ order: { id: 'ASC' } });

    for (const policy of routes) {
      const path = policy.path.replace(/:[A-Za-z]+/g, publishedId);
      const res = await call(`${app.url}${path}`, {
        method: policy.method,
        token: viewer,
        ...(policy.validation.body === null ? {} : { body: { title: 'taken over', body: 'x' } }),
      });
      expect(res.status, `${policy.method} ${policy.path}`).to.equal(403);
      expect(res.body.code, `${policy.method} ${policy.path}`).to.equal('ERR_AUTHZ_DENIED');
    }

    expect(await app.notes.context.notes.find({ order: { id: 'ASC' } })).to.deep.equal(notesBefore);
    const denials = await auditRows(app, 'authz.denied');
    expect(denials.map((row) => row.route)).to.have.members(routes.map((policy) => policy.id));
    expect(denials.every((row) => row.outcome === 'denied' && row.status === 403)).to.equal(true);
  });

  it('agrees with the access matrix, which marks each of those routes denied for viewers', () => {
    const matrix = accessMatrix(app.notes.bulwark.policies, permissions);
    for (const policy of guarded()) {
      const row = matrix.rows.find((candidate) => candidate.route === policy.id);
      expect(row?.cells['role:viewer'], policy.id).to.equal('denied');
    }
    const read = matrix.rows.find((candidate) => candidate.route === 'NotesController.one');
    expect(read?.cells).to.include({ 'role:viewer': 'conditional', 'role:admin': 'allowed' });
  });

  it('exempts only self-service routes of the caller own account', () => {
    for (const policy of app.notes.bulwark.policies.filter((p) => SELF_SERVICE.has(p.id))) {
      expect(policy.path, policy.id).to.match(/^\/me\//);
    }
  });

  it('applies method-specific rules: a viewer reads a published note but cannot delete it', async () => {
    const path = `${app.url}/notes/${publishedId}`;
    expect((await call(path, { token: viewer })).status).to.equal(200);
    const removal = await call(path, { method: 'DELETE', token: viewer });
    expect(removal.status).to.equal(403);
    expect(await app.notes.context.notes.countBy({ id: publishedId })).to.equal(1);
  });

  it('lets an admin through the admin routes', async () => {
    const res = await call(`${app.url}/admin/users`, { token: await app.tokenFor('alice') });
    expect(res.status).to.equal(200);
  });
});
