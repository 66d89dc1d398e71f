import { expect } from 'chai';
import type { BulwarkApp } from '@bulwark/routing-controllers';
import {
  defaultSummary,
  describePolicy,
  policyExtensions,
} from '../../../src/document/describe-policy';
import { fixtureApp, policyOf } from '../../support/fixtures';

let app: BulwarkApp;

function withApp(): void {
  before(() => {
    app = fixtureApp();
  });

  after(async () => {
    await app.close();
  });
}

describe('defaultSummary', () => {
  withApp();

  it('says the permission, marking list routes', () => {
    expect(defaultSummary(policyOf(app, 'ItemsController.one'))).to.equal('Read Item');
    expect(defaultSummary(policyOf(app, 'ItemsController.list'))).to.equal('Read Item (list)');
  });

  it('spells the handler name out when there is no permission', () => {
    expect(defaultSummary(policyOf(app, 'ItemsController.remove'))).to.equal('Remove');
    expect(
      defaultSummary({ ...policyOf(app, 'OpenController.ping'), handler: 'listOwnKeys' }),
    ).to.equal('List own keys');
  });
});

describe('describePolicy', () => {
  withApp();
  it('states access, input, limits and audit, after the given lead', () => {
    const text = describePolicy(policyOf(app, 'ItemsController.create'), 'Creates an item.');
    expect(text.startsWith('Creates an item.\n\n**Access:** authenticated (`bearer`)')).to.equal(
      true,
    );
    expect(text).to.include('with the scopes `items:write`');
    expect(text).to.include('allowed to `create` `Item`');
    expect(text).to.include('unknown properties are refused');
    expect(text).to.include('`items` 100 per 60 s per principal');
  });

  it('says how object and list routes are checked', () => {
    expect(describePolicy(policyOf(app, 'ItemsController.one'), undefined)).to.include(
      'checked on the requested Item; a refusal answers 404',
    );
    expect(describePolicy(policyOf(app, 'ItemsController.list'), undefined)).to.include(
      'the list holds only what the principal may `read`',
    );
  });

  it('names roles and custom checks, and public access', () => {
    const remove = describePolicy(policyOf(app, 'ItemsController.remove'), undefined);
    expect(remove).to.include('one of the roles `admin`, `editor`').and.include('`isOpen`');
    const ping = describePolicy(policyOf(app, 'OpenController.ping'), undefined);
    expect(ping).to.include('public; no credential is needed').and.include('per client address');
  });

  it('records an audited mutation and a deny-all route', () => {
    const audited = {
      ...policyOf(app, 'ItemsController.create'),
      audit: {
        action: 'item.create',
        params: [],
        body: [],
        subjectIdParam: null,
        isImplicit: false,
      },
    };
    expect(describePolicy(audited, undefined)).to.include(
      '**Audit:** recorded as `item.create`; the answer waits until the record is stored.',
    );
    const base = policyOf(app, 'ItemsController.one');
    const denied = { ...base, authorization: { ...base.authorization!, isDenyAll: true } };
    expect(describePolicy(denied, undefined)).to.include('every request is refused');
  });
});

describe('policyExtensions', () => {
  withApp();
  it('records the CASL permission, limits and audit for tools', () => {
    const extensions = policyExtensions(policyOf(app, 'ItemsController.one'));
    expect(extensions['x-bulwark-policy']).to.equal('ItemsController.one');
    expect(extensions['x-bulwark-authorization']).to.deep.include({
      action: 'read',
      subject: 'Item',
      loadsInstance: true,
      deniedStatus: 404,
    });
    expect(extensions['x-bulwark-rate-limits']).to.deep.equal([
      {
        name: 'items',
        limit: 100,
        windowSeconds: 60,
        algorithm: 'fixed-window',
        key: 'principal',
        cost: 1,
        scope: 'route',
      },
    ]);
    expect(extensions['x-bulwark-audit']).to.equal(null);
    expect(
      policyExtensions(policyOf(app, 'OpenController.ping'))['x-bulwark-authorization'],
    ).to.equal(null);
  });

  it('names a custom key function "custom" and a global limit "app"', () => {
    const base = policyOf(app, 'OpenController.ping');
    const limit = {
      ...base.rateLimits[0]!,
      key: () => 'k',
      origin: 'global' as const,
      algorithm: 'concurrency' as const,
      cost: 2,
    };
    const extensions = policyExtensions({ ...base, rateLimits: [limit] });
    expect(extensions['x-bulwark-rate-limits']).to.deep.equal([
      {
        name: 'ping',
        limit: 5,
        windowSeconds: 10,
        algorithm: 'concurrency',
        key: 'custom',
        cost: 2,
        scope: 'app',
      },
    ]);
    expect(describePolicy({ ...base, rateLimits: [limit] }, undefined)).to.include(
      '`ping` 5 in flight per custom key (each call costs 2)',
    );
  });
});
