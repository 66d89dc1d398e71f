import { expect } from 'chai';
import { checkAccess } from '../../../../src/probe/checks/access.check';
import type { ProbePrincipal } from '../../../../src/probe/config/probe-config';
import { authorization, config, route, target } from '../engine/fixtures';
import {
  failuresIn,
  fakeApi,
  sessionFor,
  statusIn,
  type FakeApi,
  type FakeRequest,
} from './fake-api';

const ROLES: Record<string, string> = {
  alice: 'admin',
  erin: 'editor',
  eve: 'editor',
  victor: 'viewer',
};
const principals: ProbePrincipal[] = Object.entries(ROLES).map(([name, role]) => ({
  name,
  credential: { kind: 'bearer', token: `token-${name}` },
  roles: [role],
  scopes: [],
}));
const settings = config({
  principals,
  objects: [{ subject: 'Note', id: 'n1', owner: 'erin', reachableBy: ['alice'] }],
});

const users = route({
  id: 'UsersController.users',
  method: 'GET',
  path: '/admin/users',
  parameters: [],
  isMutating: false,
  authorization: authorization({
    action: 'read',
    subject: 'User',
    roles: ['admin'],
    loadsInstance: false,
    grants: { 'role:admin': 'allowed' },
  }),
});
const grants = {
  'role:admin': 'allowed',
  'role:editor': 'conditional',
  'role:viewer': 'conditional',
} as const;
const one = route({
  id: 'NotesController.one',
  method: 'GET',
  isMutating: false,
  authorization: authorization({ action: 'read', deniedStatus: 404, grants }),
});
const list = route({
  id: 'NotesController.list',
  method: 'GET',
  path: '/notes',
  parameters: [],
  isMutating: false,
  authorization: authorization({
    action: 'read',
    loadsInstance: false,
    isList: true,
    deniedStatus: 404,
    grants,
  }),
});

/** Who the request is from, by the token the probe sent. */
const caller = (request: FakeRequest): string =>
  String(request.headers.authorization ?? '').replace('Bearer token-', '');

interface Flaws {
  readonly adminForAll?: boolean;
  readonly revealsExistence?: boolean;
  readonly leaksInLists?: boolean;
  readonly ownerLockedOut?: boolean;
}

function app(flaws: Flaws) {
  return (request: FakeRequest) => {
    const who = caller(request);
    if (request.path === '/admin/users') {
      return who === 'alice' || flaws.adminForAll === true
        ? { status: 200, body: { items: [] } }
        : { status: 403, body: { code: 'ERR_AUTHZ_DENIED' } };
    }
    if (request.path === '/notes/n1') {
      const reaches = (who === 'erin' && flaws.ownerLockedOut !== true) || who === 'alice';
      if (reaches) return { status: 200, body: { id: 'n1' } };
      return flaws.revealsExistence === true
        ? { status: 403, body: { code: 'ERR_AUTHZ_DENIED' } }
        : { status: 404, body: { code: 'ERR_NOT_FOUND' } };
    }
    if (request.path === '/notes') {
      const sees = who === 'erin' || who === 'alice' || flaws.leaksInLists === true;
      return { status: 200, body: { items: sees ? [{ id: 'n1' }] : [] } };
    }
    return { status: 404, body: { code: 'ERR_NOT_FOUND' } };
  };
}

describe('checkAccess', () => {
  let api: FakeApi | undefined;

  afterEach(() => api?.close());

  async function run(flaws: Flaws) {
    api = await fakeApi(app(flaws));
    const session = await sessionFor(api.url, target([users, one, list]), settings);
    for (const r of [users, one, list]) await checkAccess(session, r);
    return session;
  }

  it('passes an app that refuses as the policy says', async () => {
    const session = await run({});

    expect(statusIn(session, 'authz.function-level', 0)).to.equal('pass');
    expect(statusIn(session, 'authz.object-level', 1)).to.equal('pass');
    expect(statusIn(session, 'authz.list-narrowing', 2)).to.equal('pass');
  });

  it('fails function level when principals without the role are served', async () => {
    const session = await run({ adminForAll: true });

    expect(failuresIn(session, 'authz.function-level', 0)).to.have.length(3);
    expect(failuresIn(session, 'authz.function-level', 0)[0]).to.match(
      /^erin lacks the permission: expected 403/,
    );
  });

  it('fails object level when the refusal tells an existing object from a missing one', async () => {
    const session = await run({ revealsExistence: true });

    expect(failuresIn(session, 'authz.object-level', 1)).to.include(
      "eve on erin's Note n1: expected 404 (ERR_AUTHZ_DENIED, ERR_AUTHZ_SCOPE_INSUFFICIENT, ERR_NOT_FOUND), got 403 ERR_AUTHZ_DENIED",
    );
  });

  it('fails list narrowing when a list holds an object the principal does not reach', async () => {
    const session = await run({ leaksInLists: true });

    expect(failuresIn(session, 'authz.list-narrowing', 2)).to.include(
      "eve's list holds erin's Note n1, which the principal may not reach",
    );
  });

  it('skips object level when the owner cannot read the object either', async () => {
    const session = await run({ ownerLockedOut: true });

    expect(statusIn(session, 'authz.object-level', 1)).to.equal('skip');
    expect(
      session.book.results()[1]?.checks.find((c) => c.check === 'authz.object-level')?.skipped[0],
    ).to.match(/^control failed: erin could not read/);
  });
});
