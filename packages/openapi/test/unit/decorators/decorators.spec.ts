import { expect } from 'chai';
import { documentRoute, Example, Refuses, Summary, Tags } from '@bulwark/openapi';
import { readRouteDocs } from '../../../src/decorators/route-docs';
import { codeOf } from '../../support/fixtures';

@Tags('Base')
@Refuses('ERR_NOT_FOUND')
class BaseController {
  @Summary('Inherited')
  shared(): void {}
}

@Tags('Things')
class ThingsController extends BaseController {
  @Summary('Create a thing', 'More words.')
  @Tags('Writes')
  @Example({ name: 'one', request: { a: 1 } })
  @Example({ name: 'two', summary: 'Second', response: { b: 2 } })
  @Refuses('ERR_AUTHN_INVALID')
  create(): void {}

  plain(): void {}
}

describe('Summary', () => {
  it('records a one-line summary and a description', () => {
    expect(readRouteDocs(ThingsController, 'create')).to.include({
      summary: 'Create a thing',
      description: 'More words.',
    });
  });

  for (const [label, args] of [
    ['an empty summary', [' ']],
    ['a two-line summary', ['one\ntwo']],
    ['an overlong summary', ['x'.repeat(121)]],
    ['an empty description', ['ok', '']],
  ] as const) {
    it(`refuses ${label}`, () => {
      expect(
        codeOf(() =>
          Summary(...(args as unknown as [string, string?]))(ThingsController.prototype, 'plain'),
        ),
      ).to.equal('ERR_DECORATOR_ARGUMENT');
    });
  }

  it('refuses a second summary and use on a class', () => {
    expect(codeOf(() => Summary('Again')(ThingsController.prototype, 'create'))).to.equal(
      'ERR_DECORATOR_ARGUMENT',
    );
    expect(codeOf(() => Summary('Class')(ThingsController))).to.equal('ERR_DECORATOR_ARGUMENT');
  });
});

describe('Tags', () => {
  it('adds method tags to the tags of the controller and its ancestors', () => {
    expect(readRouteDocs(ThingsController, 'create').tags).to.deep.equal([
      'Writes',
      'Things',
      'Base',
    ]);
  });

  it('refuses no tag and an empty one', () => {
    expect(codeOf(() => Tags()(ThingsController))).to.equal('ERR_DECORATOR_ARGUMENT');
    expect(codeOf(() => Tags('')(ThingsController))).to.equal('ERR_DECORATOR_ARGUMENT');
  });
});

describe('Example', () => {
  it('records named examples in declaration order', () => {
    expect(readRouteDocs(ThingsController, 'create').examples.map((e) => e.name)).to.deep.equal([
      'two',
      'one',
    ]);
  });

  for (const [label, example] of [
    ['a bad name', { name: 'has space', request: {} }],
    ['neither request nor response', { name: 'empty' }],
    ['a summary that is not text', { name: 'x', summary: 3, request: {} }],
    ['a value that is not JSON', { name: 'big', request: 10n }],
    ['a repeated name', { name: 'one', request: {} }],
  ] as const) {
    it(`refuses ${label}`, () => {
      expect(
        codeOf(() => Example(example as never)(ThingsController.prototype, 'create')),
      ).to.equal('ERR_DECORATOR_ARGUMENT');
    });
  }
});

describe('Refuses', () => {
  it('merges method and controller codes', () => {
    expect(readRouteDocs(ThingsController, 'create').refuses).to.deep.equal([
      'ERR_AUTHN_INVALID',
      'ERR_NOT_FOUND',
    ]);
  });

  it('refuses no code, an unknown code and a setup code', () => {
    expect(codeOf(() => Refuses()(ThingsController))).to.equal('ERR_DECORATOR_ARGUMENT');
    expect(codeOf(() => Refuses('ERR_NOPE' as never)(ThingsController))).to.equal(
      'ERR_DECORATOR_ARGUMENT',
    );
    expect(codeOf(() => Refuses('ERR_POLICY_MISSING')(ThingsController))).to.equal(
      'ERR_DECORATOR_ARGUMENT',
    );
  });
});

describe('readRouteDocs', () => {
  it('inherits a summary from an ancestor method', () => {
    expect(readRouteDocs(ThingsController, 'shared').summary).to.equal('Inherited');
  });

  it('gives empty docs for an undocumented route', () => {
    expect(readRouteDocs(class Bare {}, 'x')).to.deep.equal({
      tags: [],
      examples: [],
      refuses: [],
    });
  });
});

describe('documentRoute', () => {
  it('records what the decorators record, without decorator syntax', () => {
    class Imperative {
      list(): void {}
    }
    documentRoute(Imperative, 'list', {
      summary: 'List',
      tags: ['Lists'],
      examples: [{ name: 'e', response: [] }],
      refuses: ['ERR_NOT_FOUND'],
    });
    expect(readRouteDocs(Imperative, 'list')).to.deep.equal({
      summary: 'List',
      description: undefined,
      tags: ['Lists'],
      examples: [{ name: 'e', response: [] }],
      refuses: ['ERR_NOT_FOUND'],
    });
  });

  it('checks arguments as the decorators do', () => {
    class Imperative {
      list(): void {}
    }
    expect(codeOf(() => documentRoute(Imperative, 'list', { description: 'No summary' }))).to.equal(
      'ERR_DECORATOR_ARGUMENT',
    );
  });
});
