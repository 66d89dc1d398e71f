import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Redis } from 'ioredis';
import { createRateLimitEnforcer, RedisStore, type LimitCheck } from '../../src';
import { inputFrom, limitOf, routeWith } from '../unit/support/route';
import { describeWithRedis, REDIS_URL, testClient } from '../unit/support/redis';
import { behavesLikeARateLimitStore } from '../unit/stores/store-contract';

describeWithRedis('RedisStore on a real Redis')('RedisStore on a real Redis (REDIS_URL)', () => {
  let client: Redis;

  before(() => {
    client = testClient();
  });

  after(async () => {
    await client.quit();
  });

  context('on an injected clock', () => {
    behavesLikeARateLimitStore((now) => new RedisStore({ client, clock: now }));
  });

  context('on the server clock', () => {
    const fw = (prefix: string): LimitCheck => ({
      key: `${prefix}{client}:fw`,
      algorithm: 'fixed-window',
      limit: 3,
      windowMs: 60_000,
      cost: 1,
      leaseId: '',
    });

    it('shares one budget between two stores, as between two processes', async () => {
      const prefix = `test:rl:${randomUUID()}:`;
      const other = testClient();
      const stores = [new RedisStore({ client }), new RedisStore({ client: other })];
      const outcomes = [];
      for (let i = 0; i < 4; i += 1)
        outcomes.push((await stores[i % 2]!.consume([fw(prefix)]))[0]!);
      expect(outcomes.map((o) => o.isAllowed)).to.deep.equal([true, true, true, false]);
      await other.quit();
    });

    it('sets a TTL on every key so abandoned counters expire', async () => {
      const prefix = `test:rl:${randomUUID()}:`;
      await new RedisStore({ client }).consume([fw(prefix)]);
      const ttl = await client.pttl(`${prefix}{client}:fw`);
      expect(ttl).to.be.within(1, 60_000);
    });

    it('creates, uses and closes its own client from a URL', async () => {
      const prefix = `test:rl:${randomUUID()}:`;
      const store = new RedisStore({ url: REDIS_URL! });
      expect((await store.consume([fw(prefix)]))[0]!.remaining).to.equal(2);
      await store.close();
    });
  });

  describe('createRateLimitEnforcer with store "redis"', () => {
    it('enforces a route limit and frees concurrency slots on release', async () => {
      const enforcer = createRateLimitEnforcer({
        store: 'redis',
        redis: { client },
        prefix: `test:rl:${randomUUID()}:`,
      });
      const route = routeWith([
        limitOf({ name: 'per-minute', limit: 2, windowMs: 60_000 }),
        limitOf({ name: 'inflight', algorithm: 'concurrency', limit: 1, windowMs: 60_000 }),
      ]);
      const first = await enforcer.check(route, inputFrom('203.0.113.20'));
      const whileBusy = await enforcer.check(route, inputFrom('203.0.113.20'));
      first.release();
      await new Promise((resolve) => setTimeout(resolve, 20));
      const afterRelease = await enforcer.check(route, inputFrom('203.0.113.20'));

      expect([first.isAllowed, whileBusy.isAllowed, afterRelease.isAllowed]).to.deep.equal([
        true,
        false,
        true,
      ]);
      expect(whileBusy.refusedBy).to.equal('inflight');
      expect(afterRelease.headers['RateLimit']).to.equal('"per-minute";r=0;t=60, "inflight";r=0');
      await enforcer.close();
    });
  });
});
