import { expect } from 'chai';
import { checkInjection } from '../../../../src/probe/checks/injection.check';
import { RouteContext } from '../../../../src/probe/engine/route-context';
import { config, route, target } from '../engine/fixtures';
import {
  failuresIn,
  fakeApi,
  sessionFor,
  statusIn,
  type FakeAnswer,
  type FakeApi,
  type FakeRequest,
} from './fake-api';

const INJECTIONS = [
  'injection.sql',
  'injection.nosql',
  'injection.command',
  'injection.path-traversal',
  'injection.xss',
];
const open = { isPublic: true, schemes: [], authorization: null } as const;
const search = route({
  ...open,
  id: 'Search.search',
  method: 'GET',
  path: '/search',
  isMutating: false,
  parameters: [{ name: 'q', location: 'query', required: false, schema: { type: 'string' } }],
});
const create = route({
  ...open,
  id: 'Notes.create',
  method: 'POST',
  path: '/notes',
  parameters: [],
  body: { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] },
});
const file = route({
  ...open,
  id: 'Files.read',
  method: 'GET',
  path: '/files/{name}',
  isMutating: false,
  parameters: [{ name: 'name', location: 'path', required: true, schema: { type: 'string' } }],
});

/** Treats every value as data: parameterized, typed, JSON out. */
function careful(request: FakeRequest): FakeAnswer {
  if (request.path === '/search') {
    const isOperator = [...request.query.keys()].some((k) => k !== 'q');
    return isOperator
      ? { status: 400, body: { code: 'ERR_VALIDATION_FAILED' } }
      : { status: 200, body: { items: [] } };
  }
  if (request.path === '/notes') {
    return typeof request.json?.title === 'string'
      ? { status: 201, body: { title: request.json.title } }
      : { status: 400 };
  }
  return { status: 404, body: { code: 'ERR_NOT_FOUND' } };
}

describe('checkInjection', () => {
  let api: FakeApi | undefined;

  afterEach(() => api?.close());

  async function run(handle: (request: FakeRequest) => FakeAnswer) {
    api = await fakeApi(handle);
    const session = await sessionFor(api.url, target([search, create, file]), config());
    for (const r of [search, create, file])
      await checkInjection(session, new RouteContext(session, r));
    return session;
  }

  it('passes an app that treats every string as data', async () => {
    const session = await run(careful);

    for (const [index, checks] of [
      [0, INJECTIONS],
      [1, INJECTIONS],
      [2, INJECTIONS.filter((c) => c !== 'injection.nosql')],
    ] as const) {
      for (const check of checks)
        expect(statusIn(session, check, index), `${index} ${check}`).to.equal('pass');
    }
  });

  it('fails SQL when a quote breaks the query', async () => {
    const session = await run((r) =>
      r.query.get('q')?.includes("'") === true
        ? { status: 500, body: { code: 'ERR_INTERNAL' } }
        : careful(r),
    );

    expect(failuresIn(session, 'injection.sql', 0)[0]).to.match(
      /^sql string in query "q": answered 500/,
    );
  });

  it('fails when an injected condition widens a list beyond what nothing matches', async () => {
    const session = await run((r) => {
      const q = r.query.get('q');
      return q !== null && / OR /i.test(q)
        ? { status: 200, body: { items: [1, 2, 3] } }
        : careful(r);
    });

    expect(failuresIn(session, 'injection.sql', 0)[0]).to.match(
      /3 results where a value that matches nothing gives 0 \(the query changed\)$/,
    );
  });

  it('fails NoSQL when an operator object is accepted as text, or an operator parameter widens the list', async () => {
    const session = await run((r) => {
      if (r.path === '/notes') return { status: 201, body: { title: r.json?.title } };
      const isOperator = [...r.query.keys()].some((k) => k.includes('$'));
      return isOperator ? { status: 200, body: { items: [1] } } : careful(r);
    });

    expect(failuresIn(session, 'injection.nosql', 1)[0]).to.match(
      /accepted where the schema declares text$/,
    );
    expect(failuresIn(session, 'injection.nosql', 0)[0]).to.match(/the query changed/);
  });

  it('fails path traversal when a system file comes back, and XSS when markup is echoed as HTML', async () => {
    const session = await run((r) => {
      if (r.path.startsWith('/files/') && decodeURIComponent(r.path).includes('etc/passwd')) {
        return { status: 200, raw: 'root:x:0:0:root:/root:/bin/bash' };
      }
      if (r.path === '/notes' && typeof r.json?.title === 'string') {
        return {
          status: 201,
          headers: { 'content-type': 'text/html' },
          raw: `<h1>${r.json.title}</h1>`,
        };
      }
      return careful(r);
    });

    expect(failuresIn(session, 'injection.path-traversal', 2)[0]).to.match(
      /the answer holds the content of \/etc\/passwd$/,
    );
    expect(failuresIn(session, 'injection.xss', 1)[0]).to.match(
      /markup comes back unescaped in an HTML answer$/,
    );
  });

  it('puts the strings into header parameters too', async () => {
    const traced = route({
      ...open,
      id: 'Search.traced',
      method: 'GET',
      path: '/traced',
      isMutating: false,
      parameters: [
        { name: 'X-Trace', location: 'header', required: false, schema: { type: 'string' } },
      ],
    });
    api = await fakeApi((r) =>
      String(r.headers['x-trace']).includes("' OR") ? { status: 500 } : { status: 200, body: {} },
    );
    const session = await sessionFor(api.url, target([traced]), config());

    await checkInjection(session, new RouteContext(session, traced));

    expect(failuresIn(session, 'injection.sql')[0]).to.match(
      /^sql string in header "X-Trace": answered 500/,
    );
    expect(statusIn(session, 'injection.xss')).to.equal('pass');
  });

  it('fails command injection when the command output comes back', async () => {
    const session = await run((r) =>
      r.path === '/notes' && String(r.json?.title).includes('$(id)')
        ? { status: 201, raw: 'uid=0(root) gid=0(root)' }
        : careful(r),
    );

    expect(statusIn(session, 'injection.command', 1)).to.equal('fail');
  });
});
