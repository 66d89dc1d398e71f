import { expect } from 'chai';
import { isBulwarkError, type Logger } from '@bulwark/core';
import {
  createRateLimitEnforcer,
  MemoryStore,
  type RateLimitEnforcer,
  type RateLimitEvent,
  type RateLimitResult,
  type RateLimitStore,
} from '../../src';
import { inputFrom, limitOf, manualClock, routeWith } from './support/route';
import { failingSyncStore } from './support/stores';

/** A store whose every call fails until `heal()`, counting meanwhile in memory through `inner`. */
function flakyStore(inner: RateLimitStore): RateLimitStore & { isDown: boolean } {
  return {
    isDown: true,
    async consume(checks) {
      if (this.isDown) throw Object.assign(new Error('connect refused'), { code: 'ECONNREFUSED' });
      return inner.consume(checks);
    },
    release: (key, lease) => inner.release(key, lease),
    close: () => inner.close(),
  };
}

/** What a caller can observe of a result, without its release function. */
function observed(result: RateLimitResult | undefined) {
  if (result === undefined) return undefined;
  const { isAllowed, headers, refusedBy, hasLeases } = result;
  return { isAllowed, headers, refusedBy, hasLeases };
}

function recordingLogger(): Logger & { lines: Array<[string, string, Record<string, unknown>]> } {
  const lines: Array<[string, string, Record<string, unknown>]> = [];
  const log =
    (level: string) =>
    (message: string, fields: Record<string, unknown> = {}) =>
      void lines.push([level, message, fields]);
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

describe('createRateLimitEnforcer', () => {
  let enforcer: RateLimitEnforcer;
  const clock = manualClock();

  afterEach(async () => {
    await enforcer?.close();
  });

  describe('#check', () => {
    beforeEach(() => {
      enforcer = createRateLimitEnforcer({ store: 'memory', now: clock.now });
    });

    it('admits `limit` requests and refuses the next with a Retry-After', async () => {
      const route = routeWith([limitOf()]);
      const answers = [];
      for (let i = 0; i < 4; i += 1)
        answers.push(await enforcer.check(route, inputFrom('203.0.113.1')));

      expect(answers.map((a) => a.isAllowed)).to.deep.equal([true, true, true, false]);
      expect(answers[0]!.headers).to.deep.equal({
        'RateLimit-Policy': '"burst";q=3;w=1',
        RateLimit: '"burst";r=2;t=1',
      });
      expect(answers[3]!.headers).to.include({ RateLimit: '"burst";r=0;t=1', 'Retry-After': '1' });
      expect(answers[3]!.refusedBy).to.equal('burst');
    });

    it('admits again once the window has passed', async () => {
      const route = routeWith([limitOf({ limit: 1 })]);
      expect((await enforcer.check(route, inputFrom('203.0.113.2'))).isAllowed).to.equal(true);
      expect((await enforcer.check(route, inputFrom('203.0.113.2'))).isAllowed).to.equal(false);
      clock.advance(1000);
      expect((await enforcer.check(route, inputFrom('203.0.113.2'))).isAllowed).to.equal(true);
    });

    it('counts each client address on its own', async () => {
      const route = routeWith([limitOf({ limit: 1 })]);
      await enforcer.check(route, inputFrom('203.0.113.3'));
      expect((await enforcer.check(route, inputFrom('203.0.113.4'))).isAllowed).to.equal(true);
      expect((await enforcer.check(route, inputFrom('203.0.113.3'))).isAllowed).to.equal(false);
    });

    it('counts every address of an IPv6 /64 against one budget', async () => {
      const route = routeWith([limitOf({ limit: 2 })]);
      await enforcer.check(route, inputFrom('2001:db8:7:7::1'));
      await enforcer.check(route, inputFrom('2001:db8:7:7::2'));
      const rotated = await enforcer.check(route, inputFrom('2001:db8:7:7:abcd::99'));
      expect(rotated.isAllowed).to.equal(false);
    });

    it('binds the budget to the route id, so two route objects with one id share it', async () => {
      const first = routeWith([limitOf({ limit: 1 })], 'NotesController.get');
      const again = routeWith([limitOf({ limit: 1 })], 'NotesController.get');
      const other = routeWith([limitOf({ limit: 1 })], 'NotesController.list');
      await enforcer.check(first, inputFrom('203.0.113.5'));
      expect((await enforcer.check(again, inputFrom('203.0.113.5'))).isAllowed).to.equal(false);
      expect((await enforcer.check(other, inputFrom('203.0.113.5'))).isAllowed).to.equal(true);
    });

    it('charges the cost of the route and refuses a cost larger than what remains', async () => {
      const route = routeWith([limitOf({ limit: 5, cost: 2 })]);
      const results = [];
      for (let i = 0; i < 3; i += 1)
        results.push(await enforcer.check(route, inputFrom('203.0.113.6')));
      expect(results.map((r) => r.headers['RateLimit'])).to.deep.equal([
        '"burst";r=3;t=1',
        '"burst";r=1;t=1',
        '"burst";r=1;t=1',
      ]);
      expect(results[2]!.isAllowed).to.equal(false);
    });

    it('answers an empty, allowed result for a route without limits', async () => {
      const result = await enforcer.check(routeWith([]), inputFrom('203.0.113.7'));
      expect(result).to.include({ isAllowed: true });
      expect(result.headers).to.deep.equal({});
    });
  });

  describe('#check with a phase', () => {
    const route = routeWith([
      limitOf({ name: 'per-ip', key: 'ip', limit: 5 }),
      limitOf({ name: 'per-user', key: 'principal', limit: 1 }),
    ]);

    beforeEach(() => {
      enforcer = createRateLimitEnforcer({ store: 'memory', now: clock.now });
    });

    it('checks only address limits before authentication', async () => {
      const result = await enforcer.check(route, inputFrom('203.0.113.8'), { phase: 'pre-auth' });
      expect(result.headers['RateLimit-Policy']).to.equal('"per-ip";q=5;w=1');
    });

    it('checks every other limit after authentication', async () => {
      const input = inputFrom('203.0.113.8', 'alice');
      expect((await enforcer.check(route, input, { phase: 'post-auth' })).isAllowed).to.equal(true);
      const second = await enforcer.check(route, input, { phase: 'post-auth' });
      expect(second.isAllowed).to.equal(false);
      expect(second.refusedBy).to.equal('per-user');
      expect(second.headers['RateLimit-Policy']).to.equal('"per-user";q=1;w=1');
    });

    it('counts a principal the same from any address', async () => {
      await enforcer.check(route, inputFrom('203.0.113.9', 'bob'), { phase: 'post-auth' });
      const moved = await enforcer.check(route, inputFrom('198.51.100.9', 'bob'), {
        phase: 'post-auth',
      });
      expect(moved.isAllowed).to.equal(false);
    });
  });

  describe('#check when the store fails', () => {
    let logger: ReturnType<typeof recordingLogger>;
    let events: RateLimitEvent[];
    let store: ReturnType<typeof flakyStore>;
    const route = routeWith([limitOf()]);

    beforeEach(() => {
      logger = recordingLogger();
      events = [];
      store = flakyStore(new MemoryStore({ sweepIntervalMs: 0 }));
      enforcer = createRateLimitEnforcer({
        store,
        logger,
        onEvent: (e) => events.push(e),
        now: clock.now,
      });
    });

    it('refuses with ERR_RATE_LIMIT_UNAVAILABLE by default and logs the outage once', async () => {
      const failures: unknown[] = [];
      for (let i = 0; i < 2; i += 1) {
        failures.push(
          await enforcer.check(route, inputFrom('203.0.113.10')).catch((e: unknown) => e),
        );
      }
      expect(
        failures.every((e) => isBulwarkError(e) && e.code === 'ERR_RATE_LIMIT_UNAVAILABLE'),
      ).to.equal(true);
      expect(logger.lines.filter(([level]) => level === 'error')).to.have.length(1);
      expect(logger.lines[0]![2]).to.include({
        code: 'W_RATE_LIMIT_STORE_UNAVAILABLE',
        decision: 'deny',
        errorCode: 'ECONNREFUSED',
      });
      expect(events.filter((e) => e.type === 'store-error')).to.have.length(2);
    });

    it('recovers by itself when the store answers again', async () => {
      await enforcer.check(route, inputFrom('203.0.113.11')).catch(() => undefined);
      clock.advance(250);
      store.isDown = false;
      const result = await enforcer.check(route, inputFrom('203.0.113.11'));

      expect(result.isAllowed).to.equal(true);
      expect(logger.lines.at(-1)).to.deep.equal([
        'info',
        'Rate-limit store answers again.',
        { code: 'W_RATE_LIMIT_STORE_RECOVERED', downForMs: 250 },
      ]);
      expect(events.at(-1)).to.deep.equal({ type: 'store-recovered', downForMs: 250 });
    });

    it('counts on a local limiter with onStoreError "allow", still refusing past the limit', async () => {
      const store = flakyStore(new MemoryStore({ sweepIntervalMs: 0 }));
      enforcer = createRateLimitEnforcer({
        store,
        onStoreError: 'allow',
        logger: recordingLogger(),
        now: clock.now,
      });
      const route = routeWith([limitOf({ limit: 2 })]);
      const answers = [];
      for (let i = 0; i < 3; i += 1)
        answers.push((await enforcer.check(route, inputFrom('203.0.113.12'))).isAllowed);
      expect(answers).to.deep.equal([true, true, false]);
    });

    it('keeps deciding when the metrics hook throws', async () => {
      enforcer = createRateLimitEnforcer({
        store: 'memory',
        now: clock.now,
        onEvent: () => {
          throw new Error('metrics down');
        },
      });
      const route = routeWith([limitOf({ limit: 1 })]);
      await enforcer.check(route, inputFrom('203.0.113.13'));
      expect((await enforcer.check(route, inputFrom('203.0.113.13'))).isAllowed).to.equal(false);
    });
  });

  describe('#check with concurrency and global limits', () => {
    beforeEach(() => {
      enforcer = createRateLimitEnforcer({ store: 'memory', now: clock.now });
    });

    it('holds an in-flight slot until the result is released, once', async () => {
      const route = routeWith([limitOf({ name: 'inflight', algorithm: 'concurrency', limit: 1 })]);
      const first = await enforcer.check(route, inputFrom('203.0.113.50'));
      expect((await enforcer.check(route, inputFrom('203.0.113.50'))).isAllowed).to.equal(false);
      first.release();
      first.release();
      const second = await enforcer.check(route, inputFrom('203.0.113.50'));
      expect(second.isAllowed).to.equal(true);
      expect((await enforcer.check(route, inputFrom('203.0.113.50'))).isAllowed).to.equal(false);
    });

    it('shares a global limit across routes and keeps route limits apart', async () => {
      const global = limitOf({ name: 'global', origin: 'global', limit: 2 });
      const a = routeWith([global], 'A.get');
      const b = routeWith([global], 'B.get');
      await enforcer.check(a, inputFrom('203.0.113.51'));
      await enforcer.check(b, inputFrom('203.0.113.51'));
      expect((await enforcer.check(a, inputFrom('203.0.113.51'))).refusedBy).to.equal('global');
    });
  });

  describe('#check when the fallback fails too', () => {
    it('admits uncounted with onStoreError "allow" rather than failing the request', async () => {
      const broken = {
        consume: async () => Promise.reject(new Error('down')),
        release: async () => undefined,
        close: async () => undefined,
      };
      enforcer = createRateLimitEnforcer({
        store: broken,
        onStoreError: 'allow',
        logger: recordingLogger(),
        memory: { maxKeys: 1, sweepIntervalMs: 0 },
      });
      const route = routeWith([limitOf()]);
      const counted = await enforcer.check(route, inputFrom('203.0.113.52'));
      const uncounted = await enforcer.check(route, inputFrom('203.0.113.55'));
      expect(counted.headers['RateLimit']).to.equal('"burst";r=2;t=1');
      expect(uncounted).to.include({ isAllowed: true });
      expect(uncounted.headers).to.deep.equal({});
    });
  });

  describe('#check without a logger', () => {
    it('reports the outage through process.emitWarning with its code', async () => {
      const warnings: Array<string | undefined> = [];
      const listener = (w: Error & { code?: string }) => warnings.push(w.code);
      process.on('warning', listener);
      const broken = {
        consume: async () => Promise.reject(new Error('down')),
        release: async () => undefined,
        close: async () => undefined,
      };
      enforcer = createRateLimitEnforcer({ store: broken });
      await enforcer
        .check(routeWith([limitOf()]), inputFrom('203.0.113.53'))
        .catch(() => undefined);
      await new Promise((resolve) => setImmediate(resolve));
      process.off('warning', listener);
      expect(warnings).to.include('W_RATE_LIMIT_STORE_UNAVAILABLE');
    });

    it('tells the client nothing about the store in the refusal', async () => {
      const broken = {
        consume: async () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.7:6379')),
        release: async () => undefined,
        close: async () => undefined,
      };
      enforcer = createRateLimitEnforcer({ store: broken, logger: recordingLogger() });
      const error = await enforcer
        .check(routeWith([limitOf()]), inputFrom('203.0.113.54'))
        .catch((e: unknown) => e);
      expect(isBulwarkError(error) && error.status).to.equal(503);
      expect((error as Error).message).to.not.match(/ECONNREFUSED|10\.0\.0\.7|6379/);
    });
  });

  describe('#checkNow', () => {
    context('on the memory store', () => {
      let twin: RateLimitEnforcer;

      beforeEach(() => {
        enforcer = createRateLimitEnforcer({ store: 'memory', now: clock.now });
        twin = createRateLimitEnforcer({ store: 'memory', now: clock.now });
      });

      afterEach(() => twin.close());

      it('answers synchronously what #check answers, headers included', async () => {
        const route = routeWith([
          limitOf(),
          limitOf({ name: 'sustained', limit: 5, windowMs: 60_000 }),
        ]);
        const now = [];
        const later = [];
        for (let i = 0; i < 4; i += 1) {
          const answer = enforcer.checkNow!(route, inputFrom('203.0.113.60'));
          expect(answer).to.not.be.instanceOf(Promise);
          now.push(observed(answer));
          later.push(observed(await twin.check(route, inputFrom('203.0.113.60'))));
        }

        expect(now).to.deep.equal(later);
        expect(now.map((a) => a?.isAllowed)).to.deep.equal([true, true, true, false]);
        expect(now[3]).to.deep.include({ refusedBy: 'burst' });
        expect(now[3]?.headers).to.include({ 'Retry-After': '1' });
      });

      it('checks only the limits of the phase it is given', () => {
        const route = routeWith([
          limitOf({ name: 'per-ip', key: 'ip', limit: 5 }),
          limitOf({ name: 'per-user', key: 'principal', limit: 1 }),
        ]);
        const input = inputFrom('203.0.113.61', 'carol');

        const before = enforcer.checkNow!(route, input, { phase: 'pre-auth' });
        enforcer.checkNow!(route, input, { phase: 'post-auth' });
        const after = enforcer.checkNow!(route, input, { phase: 'post-auth' });

        expect(before?.headers['RateLimit-Policy']).to.equal('"per-ip";q=5;w=1');
        expect(after).to.deep.include({ isAllowed: false, refusedBy: 'per-user' });
      });

      it('answers an empty, allowed result for a route without limits', () => {
        const result = enforcer.checkNow!(routeWith([]), inputFrom('203.0.113.62'));

        expect(observed(result)).to.deep.equal({
          isAllowed: true,
          headers: {},
          refusedBy: undefined,
          hasLeases: false,
        });
      });
    });

    context('on a store that can only answer asynchronously', () => {
      it('returns undefined and counts nothing, leaving the request to #check', async () => {
        let calls = 0;
        const inner = new MemoryStore({ sweepIntervalMs: 0, now: clock.now });
        enforcer = createRateLimitEnforcer({
          store: {
            consume: (checks) => {
              calls += 1;
              return inner.consume(checks);
            },
            release: (key, lease) => inner.release(key, lease),
            close: () => inner.close(),
          },
          now: clock.now,
        });
        const route = routeWith([limitOf({ limit: 1 })]);

        expect(enforcer.checkNow!(route, inputFrom('203.0.113.63'))).to.equal(undefined);
        expect(calls).to.equal(0);
        expect((await enforcer.check(route, inputFrom('203.0.113.63'))).isAllowed).to.equal(true);
      });
    });

    context('when the store fails synchronously', () => {
      it('throws ERR_RATE_LIMIT_UNAVAILABLE at once by default', () => {
        const events: RateLimitEvent[] = [];
        enforcer = createRateLimitEnforcer({
          store: failingSyncStore(new MemoryStore({ sweepIntervalMs: 0 })),
          logger: recordingLogger(),
          onEvent: (e) => events.push(e),
          now: clock.now,
        });

        expect(() => enforcer.checkNow!(routeWith([limitOf()]), inputFrom('203.0.113.64')))
          .to.throw()
          .with.property('code', 'ERR_RATE_LIMIT_UNAVAILABLE');
        expect(events.map((e) => e.type)).to.deep.equal(['store-error']);
      });

      it('counts on a local limiter with onStoreError "allow", still refusing past the limit', () => {
        enforcer = createRateLimitEnforcer({
          store: failingSyncStore(new MemoryStore({ sweepIntervalMs: 0 })),
          onStoreError: 'allow',
          logger: recordingLogger(),
          now: clock.now,
        });
        const route = routeWith([limitOf({ limit: 2 })]);

        const answers = [0, 1, 2].map(() => enforcer.checkNow!(route, inputFrom('203.0.113.65')));

        expect(answers.map((a) => a?.isAllowed)).to.deep.equal([true, true, false]);
        expect(answers[2]?.headers).to.include({ RateLimit: '"burst";r=0;t=1' });
      });
    });

    context('with a concurrency limit', () => {
      beforeEach(() => {
        enforcer = createRateLimitEnforcer({ store: 'memory', now: clock.now });
      });

      it('reports leases only when the request took an in-flight slot', () => {
        const route = routeWith([
          limitOf({ name: 'inflight', algorithm: 'concurrency', limit: 1 }),
          limitOf({ name: 'burst', limit: 10 }),
        ]);
        const held = enforcer.checkNow!(route, inputFrom('203.0.113.66'));
        const refused = enforcer.checkNow!(route, inputFrom('203.0.113.66'));

        expect(held).to.deep.include({ isAllowed: true, hasLeases: true });
        expect(refused).to.deep.include({ isAllowed: false, hasLeases: false });

        held?.release();
        expect(enforcer.checkNow!(route, inputFrom('203.0.113.66'))?.isAllowed).to.equal(true);
      });

      it('reports no leases for a route with only windowed limits', async () => {
        const route = routeWith([limitOf()]);

        expect(enforcer.checkNow!(route, inputFrom('203.0.113.67'))?.hasLeases).to.equal(false);
        expect((await enforcer.check(route, inputFrom('203.0.113.67'))).hasLeases).to.equal(false);
      });

      it('reports leases from #check alike', async () => {
        const route = routeWith([
          limitOf({ name: 'inflight', algorithm: 'concurrency', limit: 1 }),
        ]);

        expect((await enforcer.check(route, inputFrom('203.0.113.68'))).hasLeases).to.equal(true);
      });
    });
  });
});
