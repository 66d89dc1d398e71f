import { expect } from 'chai';
import { requestBodyOf } from '../../../src/document/request-body';
import { SchemaRegistry } from '../../../src/schemas/schema-registry';
import { policyOf, useFixtureApp } from '../../support/fixtures';

const registry = () => new SchemaRegistry({ maxStringLength: 100, maxArrayLength: 10 });

describe('requestBodyOf', () => {
  const app = useFixtureApp();

  it('requires a JSON body described by the DTO component, with its examples', () => {
    const problems: string[] = [];
    const body = requestBodyOf(
      policyOf(app(), 'ItemsController.create'),
      [{ name: 'minimal', request: { name: 'Milk', code: 'AB' } }],
      registry(),
      problems,
    );
    expect(problems).to.deep.equal([]);
    expect(body).to.deep.equal({
      required: true,
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/ItemInput' },
          examples: { minimal: { value: { name: 'Milk', code: 'AB' } } },
        },
      },
    });
  });

  it('reports an example the route would refuse, naming the failed constraints', () => {
    const problems: string[] = [];
    requestBodyOf(
      policyOf(app(), 'ItemsController.create'),
      [
        { name: 'extra', request: { name: 'Milk', code: 'AB', isAdmin: true } },
        { name: 'nested', request: { name: 'Milk', code: 'AB', tags: [{ label: 5 }] } },
        { name: 'list', request: ['not', 'an', 'object'] },
      ],
      registry(),
      problems,
    );
    expect(problems).to.have.length(3);
    expect(problems[0]).to.include('"extra"').and.include('whitelistValidation');
    expect(problems[1]).to.include('tags.0.label isString');
    expect(problems[2]).to.include('JSON object');
  });

  it('checks examples with the route groups', () => {
    const problems: string[] = [];
    requestBodyOf(
      policyOf(app(), 'ItemsController.rename'),
      [
        { name: 'rename', request: { name: 'New' } },
        { name: 'wrong-group', request: { priority: 2 } },
      ],
      registry(),
      problems,
    );
    expect(problems).to.have.length(1);
    expect(problems[0]).to.include('"wrong-group"');
  });

  it('has no body for a route without one, and reports a request example there', () => {
    const problems: string[] = [];
    const body = requestBodyOf(
      policyOf(app(), 'ItemsController.list'),
      [{ name: 'misplaced', request: {} }],
      registry(),
      problems,
    );
    expect(body).to.equal(undefined);
    expect(problems[0]).to.include('takes none');
  });
});
