import { expect } from 'chai';
import { RouteContext } from '../../../../src/probe/engine/route-context';
import type { ProbePrincipal } from '../../../../src/probe/config/probe-config';
import { fakeApi, sessionFor, type FakeApi, type FakeRequest } from '../checks/fake-api';
import { authorization, config, route, target } from './fixtures';

const principal = (name: string, role: string): ProbePrincipal => ({
  name,
  credential: { kind: 'bearer', token: `token-${name}` },
  roles: [role],
  scopes: [],
});
const update = route({
  authorization: authorization(),
  body: { type: 'object', properties: { title: { type: 'string' } } },
  examples: [{ isPublished: true }],
});
const caller = (request: FakeRequest) =>
  String(request.headers.authorization).replace('Bearer token-', '');

describe('RouteContext', () => {
  let api: FakeApi | undefined;

  afterEach(() => api?.close());

  describe('#next', () => {
    it('confirms a principal on an object it reaches, with the minimal body, once', async () => {
      api = await fakeApi(() => ({ status: 200, body: {} }));
      const settings = config({
        principals: [
          principal('victor', 'viewer'),
          principal('eve', 'editor'),
          principal('erin', 'editor'),
        ],
        objects: [{ subject: 'Note', id: 'n1', owner: 'erin', reachableBy: [] }],
      });
      const session = await sessionFor(api.url, target([update]), settings);
      const context = new RouteContext(session, update);

      const first = await context.next();
      const second = await context.next();

      expect(typeof first !== 'string' && first.actor?.name).to.equal('erin');
      expect(typeof first !== 'string' && first.path).to.equal('/notes/n1');
      expect(second).to.equal(first);
      expect(api.seen.map((r) => [r.method, r.path, r.json])).to.deep.equal([
        ['PUT', '/notes/n1', {}],
      ]);
    });

    it('moves to the next principal when one is refused, and says why when none is left', async () => {
      api = await fakeApi((r) =>
        caller(r) === 'alice' ? { status: 403 } : { status: 200, body: {} },
      );
      const settings = config({
        principals: [principal('alice', 'admin'), principal('erin', 'editor')],
        objects: [{ subject: 'Note', id: 'n1', owner: 'erin', reachableBy: ['alice'] }],
      });
      const session = await sessionFor(api.url, target([update]), settings);
      const context = new RouteContext(session, update);

      const base = await context.next();
      const onlyAlice = await context.next((actor) => actor?.name === 'alice');

      expect(typeof base !== 'string' && base.actor?.name).to.equal('erin');
      expect(onlyAlice).to.match(
        /^the request made from the schema and config was answered 403 as alice/,
      );
    });

    it('takes a public route’s 401 as an accepted request, but not a 400', async () => {
      const login = route({
        id: 'Auth.token',
        method: 'POST',
        path: '/auth/token',
        parameters: [],
        isPublic: true,
        schemes: [],
        authorization: null,
        body: { type: 'object' },
      });
      api = await fakeApi(() => ({ status: 401 }));
      const session = await sessionFor(api.url, target([login]), config());

      expect(typeof (await new RouteContext(session, login).next())).to.equal('object');
      api.close();
      api = await fakeApi(() => ({ status: 400 }));
      const refused = await sessionFor(api.url, target([login]), config());
      expect(await new RouteContext(refused, login).next()).to.match(/answered 400/);
    });

    it('says so when no principal reaches an object of the route', async () => {
      api = await fakeApi(() => ({ status: 200, body: {} }));
      const session = await sessionFor(
        api.url,
        target([update]),
        config({ principals: [principal('eve', 'editor')] }),
      );

      expect(await new RouteContext(session, update).next()).to.equal(
        'no object in the config is reachable by a principal allowed on this route',
      );
      expect(api.seen).to.have.length(0);
    });
  });
});
