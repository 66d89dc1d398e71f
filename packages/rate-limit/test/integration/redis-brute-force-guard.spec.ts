import type { Redis } from 'ioredis';
import { createBruteForceGuard } from '../../src';
import { behavesLikeABruteForceGuard } from '../unit/brute-force/guard-contract';
import { describeWithRedis, testClient } from '../unit/support/redis';

describeWithRedis('BruteForceGuard on a real Redis')(
  'createBruteForceGuard on a real Redis (REDIS_URL)',
  () => {
    let client: Redis;

    before(() => {
      client = testClient();
    });

    after(async () => {
      await client.quit();
    });

    behavesLikeABruteForceGuard((options, now) =>
      createBruteForceGuard({ ...options, store: 'redis', redis: { client, clock: now } }),
    );
  },
);
