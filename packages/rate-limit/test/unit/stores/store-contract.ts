import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { LimitCheck, RateLimitStore } from '../../../src';
import { manualClock } from '../support/route';

/** Builds the store under test on the given clock. */
export type StoreFactory = (now: () => number) => RateLimitStore | Promise<RateLimitStore>;

/**
 * The behaviour every store must show, run against the memory store and against Redis, so both
 * answer each algorithm's edges alike.
 *
 * @param makeStore - Builds a fresh store on a manual clock.
 */
export function behavesLikeARateLimitStore(makeStore: StoreFactory): void {
  let clock = manualClock();
  let store: RateLimitStore;
  let prefix: string;

  const check = (
    overrides: Partial<LimitCheck> & { name: string },
    tag = 'client-a',
  ): LimitCheck => ({
    key: `${prefix}{${tag}}:${overrides.name}`,
    algorithm: 'fixed-window',
    limit: 3,
    windowMs: 1000,
    cost: 1,
    leaseId: randomUUID(),
    ...overrides,
  });
  const consume = async (...checks: LimitCheck[]) => store.consume(checks);
  const repeat = async (times: number, c: () => LimitCheck) => {
    const outcomes = [];
    for (let i = 0; i < times; i += 1) outcomes.push((await consume(c()))[0]!);
    return outcomes;
  };

  beforeEach(async () => {
    prefix = `test:rl:${randomUUID()}:`;
    // Aligned on a whole second, so sliding windows start at the clock's start.
    clock = manualClock(1_700_000_000_000);
    const now = () => clock.now();
    store = await makeStore(now);
  });

  afterEach(async () => {
    await store.close();
  });

  context('with a fixed window', () => {
    const fw = () => check({ name: 'fw' });

    it('admits `limit` units, then refuses until the window ends', async () => {
      const outcomes = await repeat(4, fw);
      expect(outcomes.map((o) => o.remaining)).to.deep.equal([2, 1, 0, 0]);
      expect(outcomes[3]).to.deep.equal({
        isAllowed: false,
        remaining: 0,
        resetMs: 1000,
        retryAfterMs: 1000,
      });
    });

    it('refuses at the last millisecond of the window and admits at its end', async () => {
      await repeat(3, fw);
      clock.advance(999);
      expect((await consume(fw()))[0]).to.include({ isAllowed: false, retryAfterMs: 1 });
      clock.advance(1);
      expect((await consume(fw()))[0]).to.deep.equal({
        isAllowed: true,
        remaining: 2,
        resetMs: 1000,
        retryAfterMs: 0,
      });
    });

    it('refuses a cost larger than what remains without consuming it', async () => {
      await consume(fw());
      expect((await consume(check({ name: 'fw', cost: 3 })))[0]).to.include({
        isAllowed: false,
        remaining: 2,
      });
      expect((await consume(check({ name: 'fw', cost: 2 })))[0]).to.include({
        isAllowed: true,
        remaining: 0,
      });
    });
  });

  context('with a sliding window', () => {
    const sw = () => check({ name: 'sw', algorithm: 'sliding-window', limit: 10 });

    it('weights the previous window by how much of it still overlaps', async () => {
      await repeat(10, sw);
      expect((await consume(sw()))[0]!.isAllowed).to.equal(false);
      clock.advance(1250);
      const outcomes = await repeat(3, sw);
      expect(outcomes.map((o) => [o.isAllowed, o.remaining])).to.deep.equal([
        [true, 1],
        [true, 0],
        [false, 0],
      ]);
      expect(outcomes[2]!.retryAfterMs).to.equal(50);
    });

    it('admits exactly when the weighted count leaves room', async () => {
      await repeat(10, sw);
      clock.advance(1250);
      await repeat(2, sw);
      clock.advance(49);
      expect((await consume(sw()))[0]!.isAllowed).to.equal(false);
      clock.advance(1);
      expect((await consume(sw()))[0]!.isAllowed).to.equal(true);
    });

    it('forgets everything after two windows', async () => {
      await repeat(10, sw);
      clock.advance(2000);
      expect((await consume(sw()))[0]).to.deep.equal({
        isAllowed: true,
        remaining: 9,
        resetMs: 2000,
        retryAfterMs: 0,
      });
    });
  });

  context('with a token bucket', () => {
    const tb = (cost = 1) => check({ name: 'tb', algorithm: 'token-bucket', limit: 4, cost });

    it('spends a full bucket, then refills one token per interval', async () => {
      const outcomes = await repeat(5, () => tb());
      expect(outcomes.map((o) => o.remaining)).to.deep.equal([3, 2, 1, 0, 0]);
      expect(outcomes[4]).to.deep.equal({
        isAllowed: false,
        remaining: 0,
        resetMs: 1000,
        retryAfterMs: 250,
      });
      clock.advance(249);
      expect((await consume(tb()))[0]!.isAllowed).to.equal(false);
      clock.advance(1);
      expect((await consume(tb()))[0]).to.include({ isAllowed: true, remaining: 0 });
    });

    it('never holds more than a full bucket however long it rests', async () => {
      await consume(tb());
      clock.advance(60_000);
      expect((await consume(tb()))[0]).to.include({ remaining: 3 });
    });

    it('refuses a cost larger than the tokens left and says when it fits', async () => {
      await consume(tb(3));
      expect((await consume(tb(2)))[0]).to.deep.equal({
        isAllowed: false,
        remaining: 1,
        resetMs: 750,
        retryAfterMs: 250,
      });
      expect((await consume(tb(1)))[0]).to.include({ isAllowed: true, remaining: 0 });
    });
  });

  context('with a concurrency limit', () => {
    const cc = (leaseId = randomUUID()) =>
      check({ name: 'cc', algorithm: 'concurrency', limit: 2, windowMs: 10_000, leaseId });

    it('holds `limit` slots and frees one on release', async () => {
      const first = cc();
      const outcomes = [(await consume(first))[0]!, (await consume(cc()))[0]!];
      expect(outcomes.map((o) => o.remaining)).to.deep.equal([1, 0]);
      expect((await consume(cc()))[0]).to.deep.equal({
        isAllowed: false,
        remaining: 0,
        resetMs: 10_000,
        retryAfterMs: 1000,
      });
      await store.release(first.key, first.leaseId);
      expect((await consume(cc()))[0]).to.include({ isAllowed: true, remaining: 0 });
    });

    it('lets a lease lapse after its window so a lost release cannot hold a slot forever', async () => {
      await repeat(2, () => cc());
      clock.advance(10_000);
      expect((await consume(cc()))[0]).to.include({ isAllowed: true, remaining: 1 });
    });

    it('ignores the release of an unknown lease', async () => {
      const held = cc();
      await consume(held);
      await store.release(held.key, randomUUID());
      expect((await consume(cc()))[0]).to.include({ remaining: 0 });
    });
  });

  context('with several limits in one call', () => {
    it('consumes from none of them when one refuses', async () => {
      const sustained = () => check({ name: 'sustained', limit: 5 });
      const burst = () => check({ name: 'burst', limit: 1 });
      await consume(sustained(), burst());
      const refused = await consume(sustained(), burst());
      expect(refused.map((o) => o.isAllowed)).to.deep.equal([true, false]);
      expect(refused[0]!.remaining).to.equal(3);
      expect((await consume(sustained()))[0]!.remaining).to.equal(3);
    });

    it('answers limits of different clients in one call, each on its own key', async () => {
      const outcomes = await consume(
        check({ name: 'fw' }, 'client-a'),
        check({ name: 'fw', limit: 1 }, 'client-b'),
      );
      expect(outcomes.map((o) => o.remaining)).to.deep.equal([2, 0]);
      expect((await consume(check({ name: 'fw' }, 'client-a')))[0]!.remaining).to.equal(1);
    });
  });
}
