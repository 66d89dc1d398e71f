import { expect } from 'chai';
import { accessMatrix, Authorize, compilePolicies, Public } from '@bulwark/core';
import { BASE, permissions, route } from '../policy/fixtures';

describe('accessMatrix', () => {
  class Notes {
    list(): void {}
    update(): void {}
    create(): void {}
    audit(): void {}
    scoped(): void {}
    checked(): void {}
    health(): void {}
  }
  Authorize('read', 'Note', { list: true })(Notes.prototype, 'list');
  Authorize('update', 'Note', { load: () => null })(Notes.prototype, 'update');
  Authorize('create', 'Note')(Notes.prototype, 'create');
  Authorize({ roles: ['admin'] })(Notes.prototype, 'audit');
  Authorize({ action: 'read', subject: 'Note', scopes: ['notes:read'], list: true })(
    Notes.prototype,
    'scoped',
  );
  Authorize({ check: 'alwaysYes' })(Notes.prototype, 'checked');
  Public()(Notes.prototype, 'health');
  const policies = compilePolicies({
    ...BASE,
    routes: ['list', 'update', 'create', 'audit', 'scoped', 'checked', 'health'].map((name) =>
      route(Notes, name, name === 'update' ? 'PUT' : 'GET'),
    ),
  });
  const matrix = accessMatrix(policies, permissions);
  const cells = (name: string) => matrix.rows.find((row) => row.route === `Notes.${name}`)?.cells;

  it('has one column per role, then one per scope', () => {
    expect(matrix.columns).to.deep.equal([
      'role:admin',
      'role:editor',
      'role:viewer',
      'scope:notes:read',
    ]);
  });

  it('tells allowed, conditional and denied apart per role', () => {
    expect(cells('update')).to.deep.equal({
      'role:admin': 'allowed',
      'role:editor': 'conditional',
      'role:viewer': 'denied',
      'scope:notes:read': 'denied',
    });
    expect(cells('list')).to.include({ 'role:viewer': 'conditional', 'role:editor': 'allowed' });
  });

  it('applies role and scope requirements of the route', () => {
    expect(cells('audit')).to.deep.equal({
      'role:admin': 'allowed',
      'role:editor': 'denied',
      'role:viewer': 'denied',
      'scope:notes:read': 'denied',
    });
    expect(cells('scoped')).to.deep.equal({
      'role:admin': 'denied',
      'role:editor': 'denied',
      'role:viewer': 'denied',
      'scope:notes:read': 'allowed',
    });
  });

  it('marks a custom check conditional and a public route allowed', () => {
    expect(Object.values(cells('checked') ?? {})).to.deep.equal([
      'conditional',
      'conditional',
      'conditional',
      'conditional',
    ]);
    expect(matrix.rows.find((row) => row.route === 'Notes.health')).to.include({ isPublic: true });
    expect(new Set(Object.values(cells('health') ?? {}))).to.deep.equal(new Set(['allowed']));
  });

  it('describes each route and freezes the result', () => {
    expect(matrix.rows.find((row) => row.route === 'Notes.update')).to.include({
      method: 'PUT',
      path: '/update',
      action: 'update',
      subject: 'Note',
    });
    expect(Object.isFrozen(matrix.rows)).to.equal(true);
    expect(JSON.parse(JSON.stringify(matrix)).columns).to.have.length(4);
  });
});
