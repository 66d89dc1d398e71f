import { expect } from 'chai';
import { isBulwarkError, type Logger } from '@bulwark/core';
import {
  createRateLimitEnforcer,
  type RateLimitEnforcer,
  type RateLimitEvent,
  type RateLimitResult,
} from '@bulwark/rate-limit';
import { inputFrom, limitOf, routeWith } from '../../packages/rate-limit/test/unit/support/route';
import { hasRedisServer, privateRedis, type PrivateRedis } from './support/private-redis';

const isAvailable = hasRedisServer();
if (!isAvailable) {
  (globalThis as { __bulwarkSkipped?: Set<string> }).__bulwarkSkipped?.add(
    'rate-limit Redis outage suite: no redis-server binary to start and stop.',
  );
}

/** Checks until `accept` holds for an answer, or `attempts` run out; Redis reconnects in the background. */
async function checkUntil(
  attempt: () => Promise<RateLimitResult>,
  accept: (outcome: RateLimitResult | unknown) => boolean,
  attempts = 100,
): Promise<RateLimitResult | unknown> {
  let last: RateLimitResult | unknown;
  for (let i = 0; i < attempts; i += 1) {
    last = await attempt().catch((e: unknown) => e);
    if (accept(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return last;
}

const isUnavailable = (e: unknown) => isBulwarkError(e) && e.code === 'ERR_RATE_LIMIT_UNAVAILABLE';
const isResult = (r: unknown): r is RateLimitResult =>
  typeof r === 'object' && r !== null && 'isAllowed' in r;

(isAvailable ? describe : describe.skip)(
  'rate limiting through a Redis outage (private redis-server)',
  () => {
    let redis: PrivateRedis;
    let enforcer: RateLimitEnforcer;
    let events: RateLimitEvent[];
    let lines: Array<[string, Record<string, unknown>]>;
    const route = routeWith([limitOf({ limit: 3, windowMs: 60_000 })]);
    const attempt = () => enforcer.check(route, inputFrom('203.0.113.40'));

    function start(onStoreError: 'deny' | 'allow'): void {
      events = [];
      lines = [];
      const log = (message: string, fields: Record<string, unknown> = {}) =>
        void lines.push([message, fields]);
      const logger: Logger = { debug: log, info: log, warn: log, error: log };
      enforcer = createRateLimitEnforcer({
        store: 'redis',
        redis: { url: redis.url },
        onStoreError,
        logger,
        onEvent: (e) => events.push(e),
      });
    }

    beforeEach(async () => {
      redis = await privateRedis();
      await redis.start();
    });

    afterEach(async () => {
      await enforcer?.close();
      await redis.stop();
    });

    it('fails closed while Redis is down and recovers on its own when it is back', async () => {
      start('deny');
      expect(((await attempt()) as RateLimitResult).isAllowed).to.equal(true);

      await redis.stop();
      const during = await checkUntil(attempt, isUnavailable);
      expect(isUnavailable(during)).to.equal(true);
      expect(
        lines.filter(([, f]) => f['code'] === 'W_RATE_LIMIT_STORE_UNAVAILABLE'),
      ).to.have.length(1);

      await redis.start();
      const after = await checkUntil(attempt, isResult);
      expect(isResult(after) && after.isAllowed).to.equal(true);
      expect(events.some((e) => e.type === 'store-recovered')).to.equal(true);
      expect(lines.some(([, f]) => f['code'] === 'W_RATE_LIMIT_STORE_RECOVERED')).to.equal(true);
    });

    it('fails open onto a local limiter that still refuses past the limit, then returns to Redis', async () => {
      start('allow');
      // Probes use addresses of their own, so they leave the budget of the client under test alone.
      let probe = 0;
      const probeCheck = () => enforcer.check(route, inputFrom(`198.51.100.${(probe += 1)}`));
      await redis.stop();
      await checkUntil(probeCheck, () => events.some((e) => e.type === 'store-error'));

      const local = [];
      for (let i = 0; i < 4; i += 1) local.push(((await attempt()) as RateLimitResult).isAllowed);
      expect(local).to.deep.equal([true, true, true, false]);
      const errors = events.filter((e) => e.type === 'store-error');
      expect(errors.every((e) => e.decision === 'allow')).to.equal(true);

      await redis.start();
      await checkUntil(probeCheck, () => events.some((e) => e.type === 'store-recovered'));
      // The restarted Redis kept nothing: a fresh budget there proves counting left the local limiter.
      const back = (await attempt()) as RateLimitResult;
      expect(back.isAllowed).to.equal(true);
      expect(back.headers['RateLimit']).to.equal('"burst";r=2;t=60');
    });
  },
);
