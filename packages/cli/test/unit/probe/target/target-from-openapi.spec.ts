import { expect } from 'chai';
import { targetFromOpenApi } from '../../../../src/probe/target/target-from-openapi';

const DOCUMENT = {
  openapi: '3.1.0',
  info: { title: 'Notes API', version: '1' },
  paths: {
    '/notes/{id}': {
      parameters: [{ $ref: '#/components/parameters/Id' }],
      put: {
        operationId: 'update',
        'x-bulwark-policy': 'NotesController.update',
        security: [{ bearer: [] }, { apiKey: [] }],
        'x-bulwark-authorization': {
          action: 'update',
          subject: 'Note',
          roles: [],
          scopes: [],
          loadsInstance: true,
          isList: false,
          deniedStatus: 403,
          isDenyAll: false,
          grants: { 'role:editor': 'conditional' },
        },
        'x-bulwark-rate-limits': [
          {
            name: 'per-address',
            limit: 1200,
            windowSeconds: 60,
            algorithm: 'fixed-window',
            key: 'ip',
            cost: 1,
            scope: 'app',
          },
        ],
        requestBody: {
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/UpdateNote' },
              examples: { publish: { value: { isPublished: true } } },
            },
          },
        },
      },
    },
    '/health': { get: { operationId: 'health', security: [] } },
    '/search': {
      get: {
        security: [{}, { bearer: [] }],
        parameters: [{ name: 'q', in: 'query', schema: { type: 'string' } }],
      },
    },
  },
  components: {
    parameters: { Id: { name: 'id', in: 'path', schema: { type: 'string', format: 'uuid' } } },
    schemas: {
      UpdateNote: {
        type: 'object',
        additionalProperties: false,
        properties: { title: { type: 'string' }, author: { $ref: '#/components/schemas/Author' } },
      },
      Author: { type: 'object', properties: { name: { type: 'string' } } },
    },
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer' },
      apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      basic: { type: 'http', scheme: 'basic' },
      oauth: { type: 'oauth2', flows: {} },
    },
  },
  'x-bulwark-body-limits': {
    maxBytes: '100kb',
    maxDepth: 20,
    maxArrayLength: 1000,
    maxStringLength: 10000,
  },
};

describe('targetFromOpenApi', () => {
  const target = targetFromOpenApi(DOCUMENT);
  const update = target.routes.find((r) => r.id === 'NotesController.update')!;

  it('reads one route per operation, named by its policy id, else its operation id', () => {
    expect(target.routes.map((r) => `${r.method} ${r.path} ${r.id}`)).to.deep.equal([
      'PUT /notes/{id} NotesController.update',
      'GET /health health',
      'GET /search GET /search',
    ]);
    expect(target.hasPolicies).to.equal(true);
    expect(target.title).to.equal('Notes API');
  });

  it('reads the security requirements: a public route, an optional credential counts as public', () => {
    expect(update.schemes).to.deep.equal(['bearer', 'apiKey']);
    expect(update.isPublic).to.equal(false);
    expect(update.isMutating).to.equal(true);
    expect(target.routes.find((r) => r.id === 'health')?.isPublic).to.equal(true);
    expect(target.routes.find((r) => r.path === '/search')?.isPublic).to.equal(true);
  });

  it('reads the compiled authorization and rate limits', () => {
    expect(update.authorization).to.include({
      action: 'update',
      subject: 'Note',
      loadsInstance: true,
      deniedStatus: 403,
    });
    expect(update.authorization?.grants).to.deep.equal({ 'role:editor': 'conditional' });
    expect(update.rateLimits?.[0]).to.include({
      name: 'per-address',
      limit: 1200,
      scope: 'app',
      key: 'ip',
    });
    expect(target.routes.find((r) => r.id === 'health')?.rateLimits).to.equal(null);
  });

  it('resolves parameter and schema references and keeps request examples', () => {
    expect(update.parameters).to.deep.equal([
      { name: 'id', location: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
    ]);
    expect(update.body?.['additionalProperties']).to.equal(false);
    expect((update.body?.['properties'] as Record<string, unknown>)['author']).to.deep.equal({
      type: 'object',
      properties: { name: { type: 'string' } },
    });
    expect(update.examples).to.deep.equal([{ isPublished: true }]);
  });

  it('reads the schemes and the body limits', () => {
    expect(target.schemes).to.deep.equal([
      { name: 'bearer', kind: 'bearer' },
      { name: 'apiKey', kind: 'api-key', in: 'header', parameterName: 'X-API-Key' },
      { name: 'basic', kind: 'basic' },
      { name: 'oauth', kind: 'bearer' },
    ]);
    expect(target.bodyLimits).to.deep.equal({
      maxBytes: 102400,
      maxDepth: 20,
      maxArrayLength: 1000,
      maxStringLength: 10000,
    });
  });

  it('refuses what is not an OpenAPI document', () => {
    expect(() => targetFromOpenApi({ swagger: '2.0', paths: {} })).to.throw(
      /not an OpenAPI 3 document/,
    );
    expect(() => targetFromOpenApi(null)).to.throw(/not an OpenAPI 3 document/);
  });
});
