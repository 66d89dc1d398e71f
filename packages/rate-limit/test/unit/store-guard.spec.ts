import { expect } from 'chai';
import type { Logger } from '@bulwark/core';
import { MemoryStore, type LimitCheck, type RateLimitEvent, type RateLimitStore } from '../../src';
import { resolveEnforcerOptions } from '../../src/config/enforcer-options';
import { StoreGuard } from '../../src/store-guard';
import { manualClock } from './support/route';
import { failingSyncStore } from './support/stores';

/** Two requests per second under one key, fixed window. */
function checkOf(key = 'test:{k}:burst', limit = 2): LimitCheck {
  return { key, algorithm: 'fixed-window', limit, windowMs: 1000, cost: 1, leaseId: '' };
}

/** A store that can only answer asynchronously; it counts how often it was asked. */
function asyncOnlyStore(inner: MemoryStore): RateLimitStore & { calls: number } {
  return {
    calls: 0,
    consume(checks) {
      this.calls += 1;
      return inner.consume(checks);
    },
    release: (key, lease) => inner.release(key, lease),
    close: () => inner.close(),
  };
}

function recordingLogger(): Logger & { lines: Array<[string, Record<string, unknown>]> } {
  const lines: Array<[string, Record<string, unknown>]> = [];
  const log =
    (level: string) =>
    (_message: string, fields: Record<string, unknown> = {}) =>
      void lines.push([level, fields]);
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

describe('StoreGuard', () => {
  const clock = manualClock();
  let guard: StoreGuard;
  let events: RateLimitEvent[];
  let logger: ReturnType<typeof recordingLogger>;

  function guardOf(
    store: RateLimitStore,
    onStoreError: 'deny' | 'allow' = 'deny',
    fallback: () => RateLimitStore = () => new MemoryStore({ sweepIntervalMs: 0, now: clock.now }),
  ): StoreGuard {
    const config = resolveEnforcerOptions({
      store,
      onStoreError,
      logger,
      onEvent: (e) => events.push(e),
      now: clock.now,
    });
    return new StoreGuard(store, config, fallback);
  }

  const memory = () => new MemoryStore({ sweepIntervalMs: 0, now: clock.now });

  beforeEach(() => {
    events = [];
    logger = recordingLogger();
  });

  afterEach(async () => {
    await guard?.close();
  });

  describe('#consumeNow', () => {
    context('when the store counts in this process', () => {
      it('answers at once with the outcomes of the configured store', () => {
        const store = memory();
        guard = guardOf(store);

        const guarded = guard.consumeNow([checkOf()], 'R.get');

        expect(guarded).to.not.be.instanceOf(Promise);
        expect(guarded?.store).to.equal(store);
        expect(guarded?.outcomes?.map((o) => [o.isAllowed, o.remaining])).to.deep.equal([
          [true, 1],
        ]);
      });

      it('answers what #consume answers for the same requests', async () => {
        guard = guardOf(memory());
        const twin = guardOf(memory());
        const now = [];
        const later = [];
        for (let i = 0; i < 3; i += 1) {
          now.push(guard.consumeNow([checkOf()], 'R.get')?.outcomes);
          later.push((await twin.consume([checkOf()], 'R.get')).outcomes);
        }
        await twin.close();

        expect(now).to.deep.equal(later);
        expect(now.map((o) => o?.[0]?.isAllowed)).to.deep.equal([true, true, false]);
      });
    });

    context('when the store can only answer asynchronously', () => {
      it('returns undefined without asking the store', () => {
        const store = asyncOnlyStore(memory());
        guard = guardOf(store);

        expect(guard.consumeNow([checkOf()], 'R.get')).to.equal(undefined);
        expect(store.calls).to.equal(0);
        expect(events).to.deep.equal([]);
      });
    });

    context('when the store fails and the policy is deny', () => {
      it('throws ERR_RATE_LIMIT_UNAVAILABLE synchronously and reports the failure', () => {
        guard = guardOf(failingSyncStore(memory()));

        expect(() => guard.consumeNow([checkOf()], 'R.get'))
          .to.throw()
          .with.property('code', 'ERR_RATE_LIMIT_UNAVAILABLE');
        expect(events).to.deep.equal([
          { type: 'store-error', routeId: 'R.get', decision: 'deny', errorName: 'Error' },
        ]);
        expect(logger.lines).to.deep.equal([
          [
            'error',
            {
              code: 'W_RATE_LIMIT_STORE_UNAVAILABLE',
              decision: 'deny',
              errorName: 'Error',
              errorCode: 'ENOSPC',
            },
          ],
        ]);
      });
    });

    context('when the store fails and the policy is allow', () => {
      it('counts on the local limiter, which still refuses past the limit', () => {
        const store = failingSyncStore(memory());
        guard = guardOf(store, 'allow');

        const answers = [0, 1, 2].map(() => guard.consumeNow([checkOf()], 'R.get'));

        expect(answers.map((a) => a?.outcomes?.[0]?.isAllowed)).to.deep.equal([true, true, false]);
        expect(
          answers.every((a) => a?.store !== store && a?.store instanceof MemoryStore),
        ).to.equal(true);
      });

      it('admits uncounted when the local limiter fails too', () => {
        const fallback = new MemoryStore({ sweepIntervalMs: 0, maxKeys: 1, now: clock.now });
        guard = guardOf(failingSyncStore(memory()), 'allow', () => fallback);

        const counted = guard.consumeNow([checkOf('test:{a}:burst')], 'R.get');
        const uncounted = guard.consumeNow([checkOf('test:{b}:burst')], 'R.get');

        expect(counted?.store).to.equal(fallback);
        expect(uncounted).to.deep.equal({ outcomes: null, store: null });
      });

      it('goes back to the configured store on the first call it answers', () => {
        const store = failingSyncStore(memory());
        guard = guardOf(store, 'allow');
        guard.consumeNow([checkOf()], 'R.get');
        clock.advance(40);
        store.isDown = false;

        const guarded = guard.consumeNow([checkOf()], 'R.get');

        expect(guarded?.store).to.equal(store);
        expect(logger.lines.at(-1)).to.deep.equal([
          'info',
          { code: 'W_RATE_LIMIT_STORE_RECOVERED', downForMs: 40 },
        ]);
        expect(events.at(-1)).to.deep.equal({ type: 'store-recovered', downForMs: 40 });
      });
    });
  });
});
