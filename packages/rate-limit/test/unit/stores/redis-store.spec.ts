import { expect } from 'chai';
import { Redis } from 'ioredis';
import { isBulwarkError } from '@bulwark/core';
import {
  createRateLimitEnforcer,
  RedisStore,
  RedisStoreTimeoutError,
  type LimitCheck,
  type RedisScriptClient,
} from '../../../src';
import { inputFrom, limitOf, routeWith } from '../support/route';

// Nothing listens on port 1 of the loopback interface, so connecting is refused at once.
const DEAD_URL = 'redis://127.0.0.1:1';

const check: LimitCheck = {
  key: 'test:rl:{client}:fw',
  algorithm: 'fixed-window',
  limit: 3,
  windowMs: 1000,
  cost: 1,
  leaseId: '',
};

describe('RedisStore', () => {
  describe('#constructor', () => {
    it('refuses options with neither a client nor a URL', () => {
      expect(() => new RedisStore({})).to.throw(TypeError);
    });

    it('refuses options with both a client and a URL', () => {
      const client = { evalsha: async () => [], eval: async () => [] };
      expect(() => new RedisStore({ client, url: DEAD_URL })).to.throw(TypeError);
    });
  });

  describe('#consume', () => {
    it('sends one script per identity with the keys and arguments of its limits', async () => {
      const calls: unknown[][] = [];
      const client: RedisScriptClient = {
        evalsha: async (...args) => {
          calls.push(args);
          return [1, 2, 1000, 0];
        },
        eval: async () => [],
      };
      const store = new RedisStore({ client, clock: () => 5000 });
      const other = { ...check, key: 'test:rl:{other}:fw' };
      const outcomes = await store.consume([check, other]);

      expect(calls).to.have.length(2);
      expect(calls[0]!.slice(1)).to.deep.equal([1, check.key, '5000', 'fw', 3, 1000, 1, '']);
      expect(outcomes).to.deep.equal([
        { isAllowed: true, remaining: 2, resetMs: 1000, retryAfterMs: 0 },
        { isAllowed: true, remaining: 2, resetMs: 1000, retryAfterMs: 0 },
      ]);
    });

    it('loads the script with EVAL when Redis answers NOSCRIPT', async () => {
      let evals = 0;
      const client: RedisScriptClient = {
        evalsha: async () => {
          throw new Error('NOSCRIPT No matching script. Please use EVAL.');
        },
        eval: async () => {
          evals += 1;
          return [0, 0, 400, 400];
        },
      };
      const outcomes = await new RedisStore({ client }).consume([check]);
      expect(evals).to.equal(1);
      expect(outcomes[0]).to.deep.equal({
        isAllowed: false,
        remaining: 0,
        resetMs: 400,
        retryAfterMs: 400,
      });
    });

    it('passes other Redis errors on', async () => {
      const client: RedisScriptClient = {
        evalsha: async () => {
          throw new Error('WRONGTYPE Operation against a key holding the wrong kind of value');
        },
        eval: async () => [],
      };
      const error = await new RedisStore({ client }).consume([check]).catch((e: unknown) => e);
      expect((error as Error).message).to.match(/^WRONGTYPE/);
    });

    it('rejects when its own client cannot connect, and keeps rejecting while Redis is away', async () => {
      const store = new RedisStore({ url: DEAD_URL });
      const first = await store.consume([check]).catch((e: unknown) => e);
      const second = await store.consume([check]).catch((e: unknown) => e);
      expect(first).to.be.instanceOf(Error);
      expect((second as { code?: string }).code).to.equal('ECONNREFUSED');
      await store.close();
    });

    it('gives up after timeoutMs on a client that queues commands while disconnected', async () => {
      const client = new Redis(DEAD_URL, { enableOfflineQueue: true, maxRetriesPerRequest: null });
      client.on('error', () => undefined);
      const error = await new RedisStore({ client, timeoutMs: 50 })
        .consume([check])
        .catch((e: unknown) => e);
      expect(error).to.be.instanceOf(RedisStoreTimeoutError);
      client.disconnect();
    });
  });

  describe('behind createRateLimitEnforcer when Redis is unreachable', () => {
    const route = routeWith([limitOf({ limit: 2 })]);

    it('answers ERR_RATE_LIMIT_UNAVAILABLE by default', async () => {
      const enforcer = createRateLimitEnforcer({
        store: 'redis',
        redis: { url: DEAD_URL },
        logger: quiet(),
      });
      const error = await enforcer.check(route, inputFrom('203.0.113.30')).catch((e: unknown) => e);
      expect(isBulwarkError(error) && error.code).to.equal('ERR_RATE_LIMIT_UNAVAILABLE');
      expect(isBulwarkError(error) && error.status).to.equal(503);
      await enforcer.close();
    });

    it('falls open onto a local limiter that still enforces the limit with onStoreError "allow"', async () => {
      const enforcer = createRateLimitEnforcer({
        store: 'redis',
        redis: { url: DEAD_URL },
        onStoreError: 'allow',
        logger: quiet(),
      });
      const answers = [];
      for (let i = 0; i < 3; i += 1)
        answers.push((await enforcer.check(route, inputFrom('203.0.113.31'))).isAllowed);
      expect(answers).to.deep.equal([true, true, false]);
      await enforcer.close();
    });
  });
});

function quiet() {
  const noop = () => undefined;
  return { debug: noop, info: noop, warn: noop, error: noop };
}
