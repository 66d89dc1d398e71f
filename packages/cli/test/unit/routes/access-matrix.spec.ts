import { expect } from 'chai';
import type { AuthorizationPolicy, RoutePolicy } from '@bulwark/core';
import { accessMatrix } from '../../../src/routes/access-matrix';
import { strictViolations } from '../../../src/routes/strict-check';

class Controller {}

function route(
  id: string,
  overrides: Partial<RoutePolicy>,
  authz: Partial<AuthorizationPolicy> | null,
): RoutePolicy {
  return {
    id,
    method: 'GET',
    path: `/${id}`,
    controller: Controller,
    handler: id,
    isPublic: authz === null,
    isMutating: false,
    schemes: authz === null ? [] : ['bearer'],
    authorization:
      authz === null
        ? null
        : {
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
            ...authz,
          },
    validation: {
      body: null,
      query: null,
      params: null,
      headers: null,
      groups: [],
      response: null,
    },
    rateLimits: [],
    audit: null,
    ...overrides,
  };
}

const grants = {
  'role:admin': 'allowed',
  'role:editor': 'conditional',
  'scope:notes:read': 'allowed',
} as const;

describe('accessMatrix', () => {
  const matrix = accessMatrix([
    route('health', {}, null),
    route('read', {}, { action: 'read', subject: 'Note', grants }),
    route('adminOnly', {}, { action: 'read', subject: 'Note', grants, roles: ['admin'] }),
    route('scoped', {}, { scopes: ['notes:read'] }),
    route('checked', {}, { check: 'sameTenant' }),
    route('unfinished', {}, { isDenyAll: true }),
  ]);
  const cells = (id: string) => matrix.rows.find((r) => r.id === id)!.cells;

  it('has an anonymous column, then roles, then scopes', () => {
    expect(matrix.columns).to.deep.equal([
      'anonymous',
      'role:admin',
      'role:editor',
      'scope:notes:read',
    ]);
  });

  it('allows everyone on a public route and no one on a route without a policy', () => {
    expect(Object.values(cells('health'))).to.deep.equal([
      'allowed',
      'allowed',
      'allowed',
      'allowed',
    ]);
    expect(Object.values(cells('unfinished'))).to.deep.equal([
      'denied',
      'denied',
      'denied',
      'denied',
    ]);
  });

  it('reads each column from the compiled grants', () => {
    expect(cells('read')).to.deep.equal({
      anonymous: 'denied',
      'role:admin': 'allowed',
      'role:editor': 'conditional',
      'scope:notes:read': 'allowed',
    });
  });

  it('denies columns without a required role or scope', () => {
    expect(cells('adminOnly')['role:editor']).to.equal('denied');
    expect(cells('adminOnly')['scope:notes:read']).to.equal('denied');
    expect(cells('scoped')['role:admin']).to.equal('denied');
    expect(cells('scoped')['scope:notes:read']).to.equal('allowed');
  });

  it('makes a custom check conditional', () => {
    expect(cells('checked')['role:editor']).to.equal('conditional');
  });
});

describe('strictViolations', () => {
  it('accepts a public read and a limited, audited public write', () => {
    const login = route(
      'login',
      {
        method: 'POST',
        isMutating: true,
        rateLimits: [
          {
            name: 'login',
            limit: 10,
            windowMs: 60_000,
            algorithm: 'fixed-window',
            key: 'ip',
            cost: 1,
            origin: 'method',
          },
        ],
        audit: {
          action: 'auth.login',
          params: [],
          body: [],
          subjectIdParam: null,
          isImplicit: false,
        },
      },
      null,
    );
    expect(strictViolations([route('health', {}, null), login])).to.deep.equal([]);
  });

  it('refuses an unlimited public write, an unaudited write and a route without a policy', () => {
    const write = route('sign', { method: 'POST', isMutating: true }, null);
    const problems = strictViolations([write, route('todo', {}, { isDenyAll: true })]).map(
      (v) => v.problem,
    );
    expect(problems).to.deep.equal(['unprotected', 'unaudited', 'no-policy']);
  });
});
