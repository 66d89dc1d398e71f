import { expect } from 'chai';
import {
  apiKeyScheme,
  authSchemeOf,
  bearerJwtScheme,
  DEFAULT_DESCRIBERS,
  oauth2ClientCredentialsScheme,
} from '@bulwark/openapi';
import { codeOf } from '../../support/fixtures';

const context = { scheme: 'bearer', challenge: 'Bearer', scopes: { 'notes:read': 'Reads notes.' } };

describe('bearerJwtScheme', () => {
  it('describes an HTTP bearer JWT scheme that states RFC 8725 verification', () => {
    const { name, definition } = bearerJwtScheme()(context);
    expect(name).to.equal('bearer');
    expect(definition).to.include({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(definition.description).to.match(/RFC8725/);
  });

  it('takes a description of its own', () => {
    expect(bearerJwtScheme({ description: 'Ours.' })(context).definition.description).to.equal(
      'Ours.',
    );
  });
});

describe('apiKeyScheme', () => {
  it('describes a key in a header, named after the app scheme', () => {
    expect(apiKeyScheme({ header: 'X-Key' })({ ...context, scheme: 'apiKey' })).to.deep.equal({
      name: 'apiKey',
      definition: {
        type: 'apiKey',
        in: 'header',
        name: 'X-Key',
        description: 'An API key in the `X-Key` header, never in the URL.',
      },
    });
  });

  it('refuses a header name that is not a token', () => {
    expect(codeOf(() => apiKeyScheme({ header: 'X Key' }))).to.equal('ERR_CONFIG_INVALID');
  });
});

describe('oauth2ClientCredentialsScheme', () => {
  it('describes the client-credentials flow with the token URL and every scope', () => {
    const { name, definition } = oauth2ClientCredentialsScheme({ tokenUrl: '/oauth/token' })(
      context,
    );
    expect(name).to.equal('bearerOAuth2');
    expect(definition).to.deep.include({
      type: 'oauth2',
      flows: {
        clientCredentials: { tokenUrl: '/oauth/token', scopes: { 'notes:read': 'Reads notes.' } },
      },
    });
    expect(definition.description)
      .to.match(/RFC8725/)
      .and.to.match(/No refresh token/);
  });

  it('adds the scopes and roles the app maps client tokens to', () => {
    const described = oauth2ClientCredentialsScheme({
      tokenUrl: '/oauth/token',
      scopes: { 'notes:write': 'Writes notes.' },
      roles: ['viewer'],
    })(context);
    expect(described.roles).to.deep.equal(['viewer']);
    expect(described.definition)
      .to.have.nested.property('flows.clientCredentials.scopes')
      .that.deep.equals({
        'notes:read': 'Reads notes.',
        'notes:write': 'Writes notes.',
      });
  });

  it('accepts an https URL and a custom name', () => {
    const described = oauth2ClientCredentialsScheme({
      tokenUrl: 'https://id.example.com/token',
      name: 'clients',
    })(context);
    expect(described.name).to.equal('clients');
  });

  for (const tokenUrl of ['http://id.example.com/token', 'oauth/token', '', 'https://a b']) {
    it(`refuses the token URL "${tokenUrl}"`, () => {
      expect(codeOf(() => oauth2ClientCredentialsScheme({ tokenUrl }))).to.equal(
        'ERR_CONFIG_INVALID',
      );
    });
  }
});

describe('DEFAULT_DESCRIBERS', () => {
  it('knows the Bearer and ApiKey challenges of Bulwark authenticators', () => {
    expect(DEFAULT_DESCRIBERS).to.have.keys('bearer', 'apikey');
    const apiKey = DEFAULT_DESCRIBERS.apikey?.({
      ...context,
      scheme: 'apiKey',
      challenge: 'ApiKey',
    });
    expect(apiKey?.definition).to.include({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
  });
});

describe('authSchemeOf', () => {
  it('reads the lower-case authentication scheme of a challenge', () => {
    expect(authSchemeOf('Bearer realm="api", error="invalid_token"')).to.equal('bearer');
    expect(authSchemeOf('ApiKey')).to.equal('apikey');
    expect(authSchemeOf('')).to.equal('');
  });
});
