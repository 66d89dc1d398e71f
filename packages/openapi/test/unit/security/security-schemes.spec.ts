import { expect } from 'chai';
import { definePermissions } from '@bulwark/core';
import { apiKeyScheme, bearerJwtScheme, oauth2ClientCredentialsScheme } from '@bulwark/openapi';
import type { BulwarkApp } from '@bulwark/routing-controllers';
import { describeScopes, resolveSchemes, securityOf } from '../../../src/security/security-schemes';
import { fakeAuthenticator, fixtureApp, permissions, policyOf } from '../../support/fixtures';

const scopes = { 'items:write': 'Writes.' };

describe('resolveSchemes', () => {
  it('describes each scheme by its challenge when nothing is configured', () => {
    const problems: string[] = [];
    const set = resolveSchemes(
      {
        challenges: { bearer: 'Bearer', apiKey: 'ApiKey' },
        scopes,
        configured: {},
        byAuthScheme: {},
      },
      problems,
    );
    expect(problems).to.deep.equal([]);
    expect(set.components).to.have.keys('bearer', 'apiKey');
    expect(set.documented.get('apiKey')?.[0]?.definition.type).to.equal('apiKey');
  });

  it('prefers configured describers, then describers by challenge, then the defaults', () => {
    const problems: string[] = [];
    const set = resolveSchemes(
      {
        challenges: { bearer: 'Bearer', keys: 'ApiKey' },
        scopes,
        configured: {
          bearer: [bearerJwtScheme(), oauth2ClientCredentialsScheme({ tokenUrl: '/t' })],
        },
        byAuthScheme: { apikey: apiKeyScheme({ header: 'X-Token' }) },
      },
      problems,
    );
    expect(set.components).to.have.keys('bearer', 'bearerOAuth2', 'keys');
    expect(set.components.keys).to.include({ name: 'X-Token' });
  });

  it('reports a scheme nothing describes, a configured scheme the app lacks, and a clash', () => {
    const problems: string[] = [];
    const clash = () => ({ name: 'same', definition: { type: 'mutualTLS' as const } });
    const other = () => ({ name: 'same', definition: { type: 'http' as const, scheme: 'basic' } });
    resolveSchemes(
      {
        challenges: { mac: 'MAC', one: 'X', two: 'Y' },
        scopes,
        configured: { ghost: bearerJwtScheme(), one: clash, two: other },
        byAuthScheme: {},
      },
      problems,
    );
    expect(problems).to.have.length(3);
    expect(problems.join('\n')).to.include('ghost').and.include('"mac"').and.include('"same"');
  });
});

describe('securityOf', () => {
  let app: BulwarkApp;
  const set = () =>
    resolveSchemes(
      {
        challenges: app.settings.challenges,
        scopes,
        configured: {
          bearer: [bearerJwtScheme(), oauth2ClientCredentialsScheme({ tokenUrl: '/t' })],
        },
        byAuthScheme: {},
      },
      [],
    );

  before(() => {
    app = fixtureApp({ authenticators: [fakeAuthenticator('bearer', 'Bearer')] });
  });

  after(async () => {
    await app.close();
  });

  it('gives a public route no requirement', () => {
    expect(securityOf(policyOf(app, 'OpenController.ping'), set())).to.deep.equal([]);
  });

  it('lists scopes for OAuth 2.0 and, per accepted role, the role and scopes for others', () => {
    expect(securityOf(policyOf(app, 'ItemsController.create'), set())).to.deep.equal([
      { bearer: ['items:write'] },
      { bearerOAuth2: ['items:write'] },
    ]);
    expect(securityOf(policyOf(app, 'ItemsController.remove'), set())).to.deep.equal([
      { bearer: ['admin'] },
      { bearer: ['editor'] },
    ]);
  });

  it('keeps a role-less scheme on a role route when it is the only way in', () => {
    const oauthOnly = resolveSchemes(
      {
        challenges: app.settings.challenges,
        scopes,
        configured: { bearer: oauth2ClientCredentialsScheme({ tokenUrl: '/t' }) },
        byAuthScheme: {},
      },
      [],
    );
    expect(securityOf(policyOf(app, 'ItemsController.remove'), oauthOnly)).to.deep.equal([
      { bearerOAuth2: [] },
    ]);
  });

  it('lists an OAuth 2.0 scheme on a role route when its tokens can carry one of the roles', () => {
    const withRoles = resolveSchemes(
      {
        challenges: app.settings.challenges,
        scopes,
        configured: {
          bearer: (context) => ({
            ...oauth2ClientCredentialsScheme({ tokenUrl: '/t' })(context),
            roles: ['editor'],
          }),
        },
        byAuthScheme: {},
      },
      [],
    );
    expect(securityOf(policyOf(app, 'ItemsController.remove'), withRoles)).to.deep.equal([
      { bearerOAuth2: [] },
    ]);
  });
});

describe('describeScopes', () => {
  it('describes each scope by the rules it grants', () => {
    expect(describeScopes(permissions, [])).to.deep.equal({
      'items:read': 'Grants: can read Item.',
      'items:write': 'Grants: can create/update Item.',
    });
  });

  it('says which rules are conditional, field-limited or forbidding, and when a scope grants nothing', () => {
    const model = definePermissions({
      subjects: { Item: { fields: ['name', 'ownerId'] } },
      roles: {},
      scopes: {
        narrow: ({ can, cannot }, me) => {
          can('read', 'Item', ['name'], { ownerId: me.id });
          cannot('delete', 'Item');
        },
        empty: () => undefined,
      },
    });
    expect(describeScopes(model, [])).to.deep.equal({
      narrow: 'Grants: can read Item (fields name) when its conditions hold; cannot delete Item.',
      empty: 'Grants nothing by itself.',
    });
  });

  it('adds scopes routes require without a permission model', async () => {
    const app = fixtureApp();
    try {
      expect(describeScopes(undefined, app.policies)).to.deep.equal({
        'items:write': 'Required by some operations.',
      });
    } finally {
      await app.close();
    }
  });
});
