import { expect } from 'chai';
import type { ValidationError } from 'class-validator';
import { MAX_FIELD_ERRORS, toFieldErrors } from '../../../src/validation/field-errors';

function error(
  property: string,
  constraints: Record<string, string>,
  value: unknown = undefined,
  children: ValidationError[] = [],
): ValidationError {
  return { property, constraints, value, children } as ValidationError;
}

describe('toFieldErrors', () => {
  it('flattens nested errors into dotted paths with array indexes', () => {
    const tree = [
      error('lines', {}, undefined, [
        error('1', {}, undefined, [error('sku', { matches: 'sku must match' }, 'x')]),
      ]),
      error('title', { isString: 'title must be a string', isNotEmpty: 'title is empty' }, 5),
    ];

    expect(toFieldErrors(tree, 'body')).to.deep.equal({
      errors: [
        { path: 'body.lines[1].sku', constraint: 'matches', message: 'sku must match' },
        { path: 'body.title', constraint: 'isString', message: 'title must be a string' },
        { path: 'body.title', constraint: 'isNotEmpty', message: 'title is empty' },
      ],
      errorCount: 3,
    });
  });

  it('replaces a message that quotes the submitted value', () => {
    const tree = [error('password', { matches: 'hunter2-secret is too weak' }, 'hunter2-secret')];

    expect(toFieldErrors(tree, 'body').errors).to.deep.equal([
      {
        path: 'body.password',
        constraint: 'matches',
        message: 'body.password failed the matches check',
      },
    ]);
  });

  it('keeps messages that merely share a short value or quote nothing', () => {
    const tree = [
      error('code', { length: 'code must be longer than 4 characters' }, 'ch'),
      error('count', { max: 'count must not be greater than 10' }, 99),
      error('meta', { isString: 'meta must be a string' }, { nested: 'meta' }),
    ];

    expect(toFieldErrors(tree, 'query').errors.map((e) => e.message)).to.deep.equal([
      'code must be longer than 4 characters',
      'count must not be greater than 10',
      'meta must be a string',
    ]);
  });

  it('scrubs a quoted number too', () => {
    const tree = [error('pin', { custom: 'pin 48213 was refused' }, 48213)];

    expect(toFieldErrors(tree, 'body').errors[0]?.message).to.equal(
      'body.pin failed the custom check',
    );
  });

  it('cuts long client-chosen keys in paths', () => {
    const key = 'k'.repeat(100);
    const tree = [error(key, { whitelistValidation: 'property should not exist' }, 1)];

    expect(toFieldErrors(tree, 'body').errors[0]?.path).to.equal(`body.${'k'.repeat(64)}…`);
  });

  it('lists at most the cap and counts every error', () => {
    const tree = Array.from({ length: 70 }, (_, i) =>
      error(`p${i}`, { whitelistValidation: `property p${i} should not exist` }, i),
    );

    const details = toFieldErrors(tree, 'body');

    expect(details.errors).to.have.length(MAX_FIELD_ERRORS);
    expect(details.errorCount).to.equal(70);
  });

  it('treats an error without constraints or children as nothing to report', () => {
    const bare = { property: 'x', children: undefined } as unknown as ValidationError;

    expect(toFieldErrors([bare], 'body')).to.deep.equal({ errors: [], errorCount: 0 });
  });
});
