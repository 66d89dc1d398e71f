import { expect } from 'chai';
import {
  bearerJwtScheme,
  generateOpenApi,
  oauth2ClientCredentialsScheme,
  type OpenApiDocument,
} from '@bulwark/openapi';
import type { BulwarkApp } from '@bulwark/routing-controllers';
import { fakeAuthenticator, fixtureApp, permissions, codeOf } from '../../support/fixtures';

const info = { title: 'Items', version: '2.0.0' };

describe('generateOpenApi', () => {
  let app: BulwarkApp;
  let document: OpenApiDocument;

  before(() => {
    app = fixtureApp();
    document = generateOpenApi(app, { info, permissions });
  });

  after(async () => {
    await app.close();
  });

  it('writes an OpenAPI 3.1 document with one operation per compiled route', () => {
    expect(document.openapi).to.equal('3.1.0');
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(
        ([method, op]) => `${method.toUpperCase()} ${path} ${op?.operationId}`,
      ),
    );
    expect(operations).to.have.members(
      app.policies.map((p) => `${p.method} ${p.path.replace(/:(\w+)/g, '{$1}')} ${p.id}`),
    );
  });

  it('names the origin that serves it as the server by default', () => {
    expect(document.servers).to.deep.equal([
      {
        url: '/',
        description: 'The deployment that serves this document (local, staging or production).',
        'x-internal': false,
      },
    ]);
  });

  it('lists the shared problem schema and every body DTO as components', () => {
    expect(document.components.schemas).to.include.keys(
      'Problem',
      'ItemInput',
      'TagInput',
      'ItemPatch_rename',
      'ItemView_Response',
    );
  });

  it('records the payload limits the body reader enforces', () => {
    expect(document['x-bulwark-body-limits']).to.deep.equal({ ...app.settings.body });
  });

  it('gives public operations an empty security list and others their schemes', () => {
    expect(document.paths['/open/ping']?.get?.security).to.deep.equal([]);
    expect(document.paths['/items']?.get?.security).to.deep.equal([{ bearer: [] }]);
    expect(document.paths['/items']?.post?.security).to.deep.equal([{ bearer: ['items:write'] }]);
    expect(document.paths['/items/{id}']?.delete?.security).to.deep.equal([
      { bearer: ['admin'] },
      { bearer: ['editor'] },
    ]);
  });

  it('tags operations after their controller and lists every tag once', () => {
    expect(document.paths['/items']?.get?.tags).to.deep.equal(['Items']);
    expect(document.tags.map((t) => t.name)).to.deep.equal(['Items', 'Open']);
  });

  context('when a scheme is described as a bearer token and a client-credentials grant', () => {
    it('lists both security schemes and both alternatives per operation', () => {
      const withOAuth = generateOpenApi(app, {
        info,
        permissions,
        securitySchemes: {
          bearer: [bearerJwtScheme(), oauth2ClientCredentialsScheme({ tokenUrl: '/oauth/token' })],
        },
      });
      expect(withOAuth.components.securitySchemes).to.have.keys('bearer', 'bearerOAuth2');
      expect(withOAuth.paths['/items']?.post?.security).to.deep.equal([
        { bearer: ['items:write'] },
        { bearerOAuth2: ['items:write'] },
      ]);
      const flow = withOAuth.components.securitySchemes.bearerOAuth2;
      expect(flow).to.have.nested.property('flows.clientCredentials.tokenUrl', '/oauth/token');
      expect(flow)
        .to.have.nested.property('flows.clientCredentials.scopes')
        .that.has.keys('items:read', 'items:write');
    });
  });

  context('when the app accepts a scheme no describer knows', () => {
    it('refuses with ERR_OPENAPI_INVALID instead of leaving the scheme out', async () => {
      const odd = fixtureApp({
        authenticators: [fakeAuthenticator('bearer', 'Bearer'), fakeAuthenticator('mac', 'MAC')],
      });
      try {
        expect(codeOf(() => generateOpenApi(odd, { info }))).to.equal('ERR_OPENAPI_INVALID');
        const described = generateOpenApi(odd, {
          info,
          describers: {
            mac: ({ scheme }) => ({ name: scheme, definition: { type: 'http', scheme: 'mac' } }),
          },
        });
        expect(described.components.securitySchemes).to.have.keys('bearer', 'mac');
      } finally {
        await odd.close();
      }
    });
  });

  context('when the options are invalid', () => {
    it('reports them with ERR_CONFIG_INVALID', () => {
      expect(codeOf(() => generateOpenApi(app, { info: { title: '', version: '1' } }))).to.equal(
        'ERR_CONFIG_INVALID',
      );
    });
  });
});
