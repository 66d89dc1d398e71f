import { expect } from 'chai';
import { ResultBook, summarizeResults } from '../../../../src/probe/engine/results';
import { route } from './fixtures';

describe('ResultBook', () => {
  const first = route();
  const second = route({ id: 'NotesController.remove', method: 'DELETE' });

  it('fails a check when any attempt failed, passes it when some passed, else skips it', () => {
    const book = new ResultBook([first, second]);
    book.pass(first, 'authz.object-level');
    book.fail(first, 'authz.object-level', 'eve got 200');
    book.pass(first, 'authn.no-credentials');
    book.skip(first, 'authn.expired', 'no secret');
    book.skip(first, 'authn.expired', 'no secret');

    const [result] = book.results();

    expect(result?.checks.map((c) => [c.check, c.status])).to.deep.equal([
      ['authn.no-credentials', 'pass'],
      ['authn.expired', 'skip'],
      ['authz.object-level', 'fail'],
    ]);
    expect(result?.checks[1]?.skipped).to.deep.equal(['no secret']);
  });

  it('lists five failures per check and counts the rest', () => {
    const book = new ResultBook([first]);
    for (let i = 0; i < 8; i += 1) book.fail(first, 'injection.sql', `attempt ${i}`);

    const failures = book.results()[0]?.checks[0]?.failures ?? [];

    expect(failures).to.have.length(6);
    expect(failures[5]?.message).to.equal('and 3 more failed attempts like these');
  });

  it('reports a route left alone with its reason and totals the checks', () => {
    const book = new ResultBook([first, second]);
    book.skipRoute(second, 'needs --allow-writes');
    book.pass(first, 'input.wrong-types');
    book.fail(first, 'input.deep-nesting', 'x');

    const results = book.results();

    expect(results[1]).to.include({ skipped: 'needs --allow-writes' });
    expect(summarizeResults(results)).to.deep.equal({ passed: 1, failed: 1, skipped: 0 });
    expect(() => book.pass(route({ id: 'Unknown.route' }), 'input.wrong-types')).to.throw(
      /unknown route/,
    );
  });
});
