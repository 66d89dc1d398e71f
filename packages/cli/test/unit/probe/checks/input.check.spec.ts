import { expect } from 'chai';
import { checkInput } from '../../../../src/probe/checks/input.check';
import { RouteContext } from '../../../../src/probe/engine/route-context';
import { config, route, target } from '../engine/fixtures';
import {
  failuresIn,
  fakeApi,
  sessionFor,
  statusIn,
  type FakeApi,
  type FakeRequest,
} from './fake-api';

const CHECKS = [
  'input.unknown-properties',
  'input.prototype-keys',
  'input.wrong-types',
  'input.oversized-body',
  'input.deep-nesting',
  'input.content-type',
];

const create = route({
  id: 'NotesController.create',
  method: 'POST',
  path: '/notes',
  parameters: [],
  authorization: null,
  isPublic: true,
  schemes: [],
  body: {
    type: 'object',
    additionalProperties: false,
    properties: {
      title: { type: 'string' },
      count: { type: 'integer' },
      meta: { type: ['object', 'null'] },
    },
    required: ['title'],
  },
});
const search = route({
  id: 'SearchController.search',
  method: 'GET',
  path: '/search',
  isPublic: true,
  isMutating: false,
  schemes: [],
  authorization: null,
  parameters: [
    { name: 'q', location: 'query', required: false, schema: { type: 'string' } },
    { name: 'limit', location: 'query', required: false, schema: { type: 'integer' } },
  ],
});
const LIMITS = { maxBytes: 2000, maxDepth: 5, maxArrayLength: 100, maxStringLength: 1000 };

function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  return 1 + Math.max(0, ...Object.values(value).map(depthOf));
}

/** Validates like Bulwark: type, size, depth, forbidden keys, whitelist, JSON types. */
function strict(request: FakeRequest) {
  const refuse = (status: number, code: string) => ({ status, body: { code } });
  if (request.path === '/search') {
    const names = [...request.query.keys()];
    if (names.some((n) => !['q', 'limit'].includes(n))) return refuse(400, 'ERR_VALIDATION_FAILED');
    const limit = request.query.get('limit');
    if (limit !== null && !/^\d+$/.test(limit)) return refuse(400, 'ERR_VALIDATION_FAILED');
    return { status: 200, body: { items: [] } };
  }
  if (!String(request.headers['content-type']).startsWith('application/json'))
    return refuse(415, 'ERR_UNSUPPORTED_MEDIA_TYPE');
  if (request.text.length > LIMITS.maxBytes) return refuse(413, 'ERR_REQUEST_TOO_LARGE');
  const body = request.json as Record<string, unknown>;
  if (depthOf(body) > LIMITS.maxDepth) return refuse(400, 'ERR_REQUEST_MALFORMED');
  if (Object.keys(body).some((k) => k === '__proto__' || k === 'constructor'))
    return refuse(400, 'ERR_REQUEST_MALFORMED');
  if (Object.keys(body).some((k) => !['title', 'count', 'meta'].includes(k)))
    return refuse(400, 'ERR_VALIDATION_FAILED');
  if (typeof body['title'] !== 'string') return refuse(400, 'ERR_VALIDATION_FAILED');
  if (body['count'] !== undefined && !Number.isInteger(body['count']))
    return refuse(400, 'ERR_VALIDATION_FAILED');
  const meta = body['meta'];
  if (
    meta !== undefined &&
    (typeof meta !== 'object' ||
      meta === null ||
      Array.isArray(meta) ||
      Object.keys(meta).length > 0)
  ) {
    return refuse(400, 'ERR_VALIDATION_FAILED');
  }
  return { status: 201, body: { id: 'n1' } };
}

/** Takes anything, and falls over on deep nesting. */
function lax(request: FakeRequest) {
  if (request.path !== '/search' && depthOf(request.json) > LIMITS.maxDepth)
    return { status: 500, body: { code: 'ERR_INTERNAL' } };
  return { status: request.path === '/search' ? 200 : 201, body: { items: [] } };
}

describe('checkInput', () => {
  let api: FakeApi | undefined;

  afterEach(() => api?.close());

  async function run(handler: (request: FakeRequest) => { status: number; body?: unknown }) {
    api = await fakeApi(handler);
    const session = await sessionFor(
      api.url,
      { ...target([create, search]), bodyLimits: LIMITS },
      config(),
    );
    await checkInput(session, new RouteContext(session, create));
    await checkInput(session, new RouteContext(session, search));
    return session;
  }

  it('passes an app that refuses each malformed input with the right status', async () => {
    const session = await run(strict);

    for (const check of CHECKS) expect(statusIn(session, check, 0), check).to.equal('pass');
    for (const check of ['input.unknown-properties', 'input.prototype-keys', 'input.wrong-types']) {
      expect(statusIn(session, check, 1), `search ${check}`).to.equal('pass');
    }
  });

  it('fails every input check of an app that takes anything', async () => {
    const session = await run(lax);

    for (const check of CHECKS) expect(statusIn(session, check, 0), check).to.equal('fail');
    expect(failuresIn(session, 'input.unknown-properties', 0)).to.include(
      'an undeclared property inside "meta": expected 400 (ERR_VALIDATION_FAILED, ERR_REQUEST_MALFORMED), got 201',
    );
    expect(failuresIn(session, 'input.deep-nesting', 0)[0]).to.match(
      /nested 13 levels deep: expected 400 or 413, got 500/,
    );
    expect(failuresIn(session, 'input.wrong-types', 1)[0]).to.match(/^query "limit" invalid/);
  });
});
