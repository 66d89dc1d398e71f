import { expect } from 'chai';
import { isBulwarkError } from '@bulwark/core';
import { createBruteForceGuard } from '../../../src';
import { behavesLikeABruteForceGuard } from './guard-contract';

describe('createBruteForceGuard', () => {
  context('on the memory store', () => {
    behavesLikeABruteForceGuard((options, now) =>
      createBruteForceGuard({ ...options, store: 'memory', now }),
    );

    it('refuses new failures once it holds maxKeys live counters (fail closed)', async () => {
      const guard = createBruteForceGuard({ store: 'memory', maxKeys: 2 });
      await guard.recordFailure({ account: 'a', address: '203.0.113.1' });
      const error = await guard
        .recordFailure({ account: 'b', address: '203.0.113.2' })
        .catch((e: unknown) => e);
      expect(isBulwarkError(error) && error.code).to.equal('ERR_RATE_LIMIT_UNAVAILABLE');
      await guard.close();
    });
  });

  context('when the Redis store is unreachable', () => {
    it('rejects check with ERR_RATE_LIMIT_UNAVAILABLE instead of letting attempts through', async () => {
      const guard = createBruteForceGuard({
        store: 'redis',
        redis: { url: 'redis://127.0.0.1:1' },
      });
      const error = await guard
        .check({ account: 'alice', address: '203.0.113.1' })
        .catch((e: unknown) => e);
      expect(isBulwarkError(error) && error.code).to.equal('ERR_RATE_LIMIT_UNAVAILABLE');
      await guard.close();
    });
  });

  describe('options', () => {
    it('reports every invalid option together', () => {
      let error: unknown;
      try {
        createBruteForceGuard({
          store: 'disk',
          pairLimit: 0,
          window: 'soon',
          baseDelay: '1m',
          maxDelay: '1s',
          extra: 1,
        } as never);
      } catch (e) {
        error = e;
      }
      expect(isBulwarkError(error) && error.code).to.equal('ERR_CONFIG_INVALID');
      const problems = (error as { details: { problems: string[] } }).details.problems;
      expect(problems).to.have.length(5);
      expect(problems.join(' '))
        .to.include('"extra"')
        .and.include('"store"')
        .and.include('"pairLimit"')
        .and.include('"window"')
        .and.include('"baseDelay"');
    });

    it('requires Redis options with the Redis store', () => {
      expect(() => createBruteForceGuard({ store: 'redis' }))
        .to.throw()
        .with.property('code', 'ERR_CONFIG_INVALID');
    });
  });
});
