import { expect } from 'chai';
import { parametersOf } from '../../../src/document/parameters';
import { toPathTemplate, type PathTemplate } from '../../../src/document/path-template';
import { SchemaRegistry } from '../../../src/schemas/schema-registry';
import { PARAMETER_MAX_LENGTH } from '../../../src/schemas/schema-finishing';
import { policyOf, useFixtureApp } from '../../support/fixtures';

const registry = () => new SchemaRegistry({ maxStringLength: 100, maxArrayLength: 10 });
const template = (path: string) => toPathTemplate(path) as PathTemplate;
const queryBounds = { maxLength: 300, maxItems: 4 };

describe('parametersOf', () => {
  const app = useFixtureApp();

  it('documents a validated path from its DTO', () => {
    const { parameters } = parametersOf(
      policyOf(app(), 'ItemsController.one'),
      template('/items/:id'),
      registry(),
      queryBounds,
    );
    expect(parameters).to.deep.equal([
      {
        name: 'id',
        in: 'path',
        required: true,
        schema: { type: 'string', format: 'uuid', minLength: 36, maxLength: 36 },
      },
    ]);
  });

  it('documents a query DTO property by property', () => {
    const { parameters } = parametersOf(
      policyOf(app(), 'ItemsController.list'),
      template('/items'),
      registry(),
      queryBounds,
    );
    expect(parameters.map((p) => [p.name, p.in, p.required])).to.deep.equal([
      ['limit', 'query', false],
      ['search', 'query', false],
    ]);
    expect(parameters[0]?.schema).to.include({ minimum: 1, maximum: 50, default: 10 });
  });

  it('documents unvalidated single path and header parameters with their declared types', () => {
    const remove = parametersOf(
      policyOf(app(), 'ItemsController.remove'),
      template('/items/:id'),
      registry(),
      queryBounds,
    );
    expect(remove.parameters[0]?.schema).to.deep.equal({
      type: 'string',
      maxLength: PARAMETER_MAX_LENGTH,
    });
    expect(remove.hasFrameworkChecks).to.equal(false);
  });

  it('leaves out single query parameters, which the query check never hands over', () => {
    const ping = parametersOf(
      policyOf(app(), 'OpenController.ping'),
      template('/open/ping'),
      registry(),
      queryBounds,
    );
    expect(ping.parameters).to.deep.equal([
      {
        name: 'x-trace',
        in: 'header',
        required: false,
        schema: { type: 'string', maxLength: PARAMETER_MAX_LENGTH },
      },
    ]);
  });

  it('bounds query DTO values by the query check', () => {
    const list = parametersOf(
      policyOf(app(), 'ItemsController.list'),
      template('/items'),
      registry(),
      queryBounds,
    );
    expect(list.parameters[1]?.schema.maxLength).to.equal(300);
  });

  it('adds the route pattern of a path parameter to its schema', () => {
    const { parameters } = parametersOf(
      policyOf(app(), 'ItemsController.remove'),
      template('/items/:id([0-9]+)'),
      registry(),
      queryBounds,
    );
    expect(parameters[0]?.schema.pattern).to.equal('^[0-9]+$');
  });
});
