import { expect } from 'chai';
import { checkMassAssignment } from '../../../../src/probe/checks/mass-assignment.check';
import { RouteContext } from '../../../../src/probe/engine/route-context';
import { authorization, config, route, target } from '../engine/fixtures';
import {
  failuresIn,
  fakeApi,
  sessionFor,
  statusIn,
  type FakeApi,
  type FakeRequest,
} from './fake-api';

const create = route({
  id: 'NotesController.create',
  method: 'POST',
  path: '/notes',
  parameters: [],
  authorization: authorization({
    action: 'create',
    loadsInstance: false,
    grants: { 'role:admin': 'allowed', 'role:editor': 'allowed' },
  }),
  body: {
    type: 'object',
    additionalProperties: false,
    properties: {
      title: { type: 'string' },
      ownerId: { type: ['string', 'null'], format: 'uuid' },
    },
    required: ['title'],
  },
});
const settings = config({
  principals: [
    {
      name: 'erin',
      credential: { kind: 'bearer', token: 'token-erin' },
      roles: ['editor'],
      scopes: [],
    },
    {
      name: 'alice',
      credential: { kind: 'bearer', token: 'token-alice' },
      roles: ['admin'],
      scopes: [],
    },
  ],
  fieldRules: [{ subject: 'Note', fields: ['ownerId'], writableBy: ['alice'] }],
});

function app(isCareful: boolean) {
  return (request: FakeRequest) => {
    const body = (request.json ?? {}) as Record<string, unknown>;
    if (isCareful && Object.keys(body).some((k) => k !== 'title' && k !== 'ownerId'))
      return { status: 400, body: { code: 'ERR_VALIDATION_FAILED' } };
    if (
      isCareful &&
      body['ownerId'] !== undefined &&
      request.headers.authorization !== 'Bearer token-alice'
    ) {
      return { status: 403, body: { code: 'ERR_AUTHZ_FIELDS_DENIED' } };
    }
    return { status: 201, body: { id: 'n9', ...body } };
  };
}

describe('checkMassAssignment', () => {
  let api: FakeApi | undefined;

  afterEach(() => api?.close());

  async function run(isCareful: boolean) {
    api = await fakeApi(app(isCareful));
    const session = await sessionFor(api.url, target([create]), settings);
    await checkMassAssignment(session, new RouteContext(session, create));
    return { session, seen: api.seen };
  }

  it('passes an app that refuses undeclared fields and reserved ones', async () => {
    const { session, seen } = await run(true);

    expect(statusIn(session, 'authz.mass-assignment')).to.equal('pass');
    const reserved = seen.find(
      (r) => r.json?.ownerId !== undefined && Object.keys(r.json).length === 2,
    );
    expect(reserved?.headers.authorization).to.equal('Bearer token-erin');
  });

  it('fails an app that stores whatever it is sent', async () => {
    const { session } = await run(false);

    const failures = failuresIn(session, 'authz.mass-assignment');
    expect(failures[0]).to.match(
      /^undeclared fields id, _id, owner, userId… added to an accepted body: expected 400, got 201$/,
    );
    expect(failures[1]).to.match(
      /^erin sets "ownerId", reserved for alice: expected 403 \(ERR_AUTHZ_FIELDS_DENIED\), got 201$/,
    );
  });
});
