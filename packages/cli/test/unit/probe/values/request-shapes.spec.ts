import { expect } from 'chai';
import { EMPTY_PROBE_CONFIG } from '../../../../src/probe/config/probe-config';
import { authorization as loading } from '../engine/fixtures';
import type { TargetRoute } from '../../../../src/probe/target/probe-target';
import {
  baselineBody,
  pathOf,
  requiredQuery,
  withQuery,
} from '../../../../src/probe/values/request-shapes';

function route(overrides: Partial<TargetRoute>): TargetRoute {
  return {
    id: 'NotesController.update',
    method: 'PUT',
    path: '/orgs/{org}/notes/{id}',
    isPublic: false,
    isMutating: true,
    schemes: ['bearer'],
    authorization: null,
    rateLimits: [],
    parameters: [
      {
        name: 'org',
        location: 'path',
        required: true,
        schema: { type: 'string', pattern: '^[a-z]{3}$' },
      },
      { name: 'id', location: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
      { name: 'limit', location: 'query', required: true, schema: { type: 'integer', minimum: 1 } },
      { name: 'q', location: 'query', required: false, schema: { type: 'string' } },
    ],
    body: { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] },
    examples: [{ title: 'Groceries', isPublished: true }],
    ...overrides,
  };
}

describe('request shapes', () => {
  describe('pathOf', () => {
    it('puts the object id into the last parameter and samples the others', () => {
      expect(pathOf(route({}), {}, 'n-1')).to.equal('/orgs/ppp/notes/n-1');
    });

    it('percent-encodes given values so they stay in their segment', () => {
      expect(pathOf(route({}), { org: 'abc', id: '../../etc/passwd?x=1' })).to.equal(
        '/orgs/abc/notes/..%2F..%2Fetc%2Fpasswd%3Fx%3D1',
      );
    });

    it('gives null when a parameter can neither be given nor sampled', () => {
      const strict = route({
        parameters: [
          {
            name: 'org',
            location: 'path',
            required: true,
            schema: { type: 'string', pattern: '^\\d{3}-x$' },
          },
        ],
      });

      expect(pathOf(strict, {}, 'n-1')).to.equal(null);
    });
  });

  it('samples the required query parameters and encodes a query string', () => {
    expect(requiredQuery(route({}))).to.deep.equal([['limit', '1']]);
    expect(
      withQuery('/notes', [
        ['q', "a b&c='"],
        ['q', 'x'],
      ]),
    ).to.equal("/notes?q=a%20b%26c%3D'&q=x");
    expect(withQuery('/notes', [])).to.equal('/notes');
  });

  describe('baselineBody', () => {
    it('prefers the config, by route id or method and path', () => {
      const config = {
        ...EMPTY_PROBE_CONFIG,
        bodies: { 'PUT /orgs/{org}/notes/{id}': { title: 'from config' } },
      };

      expect(baselineBody(route({}), config)).to.deep.equal({ title: 'from config' });
    });

    it('takes the example before a sampled body on routes that create', () => {
      expect(baselineBody(route({}), EMPTY_PROBE_CONFIG)).to.deep.equal({
        title: 'Groceries',
        isPublished: true,
      });
    });

    it('takes the sampled body first on routes that change a loaded object', () => {
      const authorization = loading({ action: 'update' });

      expect(baselineBody(route({ authorization }), EMPTY_PROBE_CONFIG)).to.deep.equal({
        title: 'probe',
      });
    });
  });
});
