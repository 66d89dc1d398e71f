import { expect } from 'chai';
import { MemoryStore, MemoryStoreFullError, type LimitCheck } from '../../../src';
import { manualClock } from '../support/route';
import { behavesLikeARateLimitStore } from './store-contract';

describe('MemoryStore', () => {
  behavesLikeARateLimitStore((now) => new MemoryStore({ now, sweepIntervalMs: 0 }));

  const fw = (key: string, windowMs = 1000): LimitCheck => ({
    key,
    algorithm: 'fixed-window',
    limit: 3,
    windowMs,
    cost: 1,
    leaseId: '',
  });

  describe('#sweep', () => {
    it('drops expired keys and keeps live ones', async () => {
      const clock = manualClock();
      const store = new MemoryStore({ now: clock.now, sweepIntervalMs: 0 });
      await store.consume([fw('short', 1000), fw('long', 5000)]);
      clock.advance(1000);
      expect(store.sweep()).to.equal(1);
      expect(store.size).to.equal(1);
      await store.close();
    });

    it('inspects at most its budget per step and resumes where it stopped', async () => {
      const clock = manualClock();
      const store = new MemoryStore({ now: clock.now, sweepIntervalMs: 0 });
      await store.consume(['a', 'b', 'c', 'd', 'e'].map((k) => fw(k)));
      clock.advance(1000);
      expect(store.sweep(2)).to.equal(2);
      expect(store.sweep(2)).to.equal(2);
      expect(store.sweep(2)).to.equal(1);
      expect(store.size).to.equal(0);
      await store.close();
    });

    it('runs in the background on its interval', async () => {
      const clock = manualClock();
      const store = new MemoryStore({ now: clock.now, sweepIntervalMs: 5 });
      await store.consume([fw('x')]);
      clock.advance(1000);
      // Waits for the timer to fire, not for a duration: the assertion holds however late it runs.
      while (store.size > 0) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(store.size).to.equal(0);
      await store.close();
    });
  });

  describe('#consume under a flood of new keys', () => {
    it('holds about one window of keys with the background sweep off', async () => {
      const clock = manualClock();
      const store = new MemoryStore({ now: clock.now, sweepIntervalMs: 0 });
      let largest = 0;
      // 10 new clients per simulated ms against a 500 ms window: 5 000 keys are live at once.
      for (let i = 0; i < 20_000; i += 1) {
        if (i % 10 === 0) clock.advance(1);
        store.consumeNow([fw(`client-${i}`, 500)]);
        largest = Math.max(largest, store.size);
      }

      expect(largest).to.be.at.least(5_000);
      expect(largest).to.be.at.most(6_000);
      await store.close();
    });
  });

  describe('#consume at capacity', () => {
    it('refuses a new key when every held key is live', async () => {
      const store = new MemoryStore({ now: () => 0, maxKeys: 2, sweepIntervalMs: 0 });
      await store.consume([fw('a'), fw('b')]);
      const error = await store.consume([fw('c')]).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(MemoryStoreFullError);
      await store.close();
    });

    it('still counts keys it already holds', async () => {
      const store = new MemoryStore({ now: () => 0, maxKeys: 1, sweepIntervalMs: 0 });
      await store.consume([fw('a')]);
      expect((await store.consume([fw('a')]))[0]!.remaining).to.equal(1);
      await store.close();
    });

    it('makes room by sweeping expired keys first', async () => {
      const clock = manualClock();
      const store = new MemoryStore({ now: clock.now, maxKeys: 1, sweepIntervalMs: 0 });
      await store.consume([fw('a')]);
      clock.advance(1000);
      expect((await store.consume([fw('b')]))[0]!.isAllowed).to.equal(true);
      expect(store.size).to.equal(1);
      await store.close();
    });
  });
});
