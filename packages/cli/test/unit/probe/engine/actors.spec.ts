import { expect } from 'chai';
import {
  buildActors,
  grantFor,
  isAccepted,
  objectsOf,
  reaches,
  refusalStatus,
  verdictOf,
} from '../../../../src/probe/engine/actors';
import { actor, authorization, config, route, target } from './fixtures';

describe('actors', () => {
  describe('buildActors', () => {
    it('puts each credential where its scheme expects it', () => {
      const { actors, notes } = buildActors(
        target([]),
        config({
          principals: [
            { name: 'erin', credential: { kind: 'bearer', token: 't' }, roles: [], scopes: [] },
            { name: 'key', credential: { kind: 'api-key', key: 'k' }, roles: [], scopes: [] },
            {
              name: 'ann',
              credential: { kind: 'headers', scheme: 'session', headers: { cookie: 'sid=1' } },
              roles: [],
              scopes: [],
            },
          ],
        }),
      );

      expect(actors.map((a) => [a.name, a.schemes, a.headers])).to.deep.equal([
        ['erin', ['bearer'], { authorization: 'Bearer t' }],
        ['key', ['apiKey'], { 'x-api-key': 'k' }],
        ['ann', ['session'], { cookie: 'sid=1' }],
      ]);
      expect(notes).to.deep.equal([]);
    });

    it('notes a principal that no scheme of the app takes', () => {
      const bare = { ...target([]), schemes: [] };

      const { actors, notes } = buildActors(
        bare,
        config({
          principals: [
            { name: 'erin', credential: { kind: 'bearer', token: 't' }, roles: [], scopes: [] },
          ],
        }),
      );

      expect(actors).to.deep.equal([]);
      expect(notes[0]).to.include('"erin"');
    });
  });

  describe('verdictOf', () => {
    it('says unauthenticated for a credential of a scheme the route does not take', () => {
      expect(verdictOf(route({ schemes: ['apiKey'] }), actor('erin', ['admin']))).to.equal(
        'unauthenticated',
      );
      expect(isAccepted(route({ schemes: ['apiKey'] }), actor('erin', ['admin']))).to.equal(false);
    });

    it('refuses a principal without a required role or scope, or without the grant', () => {
      expect(
        verdictOf(
          route({ authorization: authorization({ roles: ['admin'] }) }),
          actor('erin', ['editor']),
        ),
      ).to.equal('refused');
      expect(
        verdictOf(
          route({ authorization: authorization({ scopes: ['notes:write'] }) }),
          actor('erin', ['editor'], ['notes:read']),
        ),
      ).to.equal('refused');
      expect(verdictOf(route(), actor('victor', ['viewer']))).to.equal('refused');
      expect(
        verdictOf(
          route({ authorization: authorization({ isDenyAll: true }) }),
          actor('alice', ['admin']),
        ),
      ).to.equal('refused');
    });

    it('permits a conditional or allowed grant, and every caller of a public route', () => {
      expect(verdictOf(route(), actor('erin', ['editor']))).to.equal('permitted');
      expect(grantFor(route(), actor('multi', ['viewer', 'admin']))).to.equal('allowed');
      expect(verdictOf(route({ isPublic: true, schemes: [] }), actor('erin', []))).to.equal(
        'permitted',
      );
    });

    it('cannot tell without a policy', () => {
      expect(verdictOf(route({ authorization: null }), actor('erin', ['editor']))).to.equal(
        'unknown',
      );
      expect(
        grantFor(route({ authorization: authorization({ action: null }) }), actor('erin', [])),
      ).to.equal(null);
    });
  });

  describe('refusalStatus', () => {
    it('is 403 for a missing role and the route’s denied status on object routes', () => {
      const hidden = route({
        authorization: authorization({ deniedStatus: 404, roles: ['admin', 'editor'] }),
      });

      expect(refusalStatus(hidden, actor('victor', ['viewer']))).to.equal(403);
      expect(refusalStatus(hidden, actor('erin', ['editor']))).to.equal(404);
      expect(
        refusalStatus(
          route({ authorization: authorization({ loadsInstance: false, deniedStatus: 404 }) }),
          actor('erin', ['editor']),
        ),
      ).to.equal(403);
    });
  });

  it('matches objects by subject and reach by owner or listing', () => {
    const note = { subject: 'Note', id: 'n1', owner: 'erin', reachableBy: ['alice'] };
    const cfg = config({
      objects: [note, { subject: 'User', id: 'u1', owner: 'alice', reachableBy: [] }],
    });

    expect(objectsOf(route(), cfg)).to.deep.equal([note]);
    expect([
      reaches(note, actor('erin', [])),
      reaches(note, actor('alice', [])),
      reaches(note, actor('eve', [])),
    ]).to.deep.equal([true, true, false]);
  });
});
