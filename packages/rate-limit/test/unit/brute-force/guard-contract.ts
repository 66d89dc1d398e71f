import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { BruteForceGuard, BruteForceGuardOptions } from '../../../src';
import { manualClock } from '../support/route';

/** Builds the guard under test with the given options on a manual clock. */
export type GuardFactory = (
  options: Omit<BruteForceGuardOptions, 'store'>,
  now: () => number,
) => BruteForceGuard;

/**
 * What every brute-force guard store must do, run on memory and on Redis.
 *
 * @param makeGuard - Builds a guard; the options carry a fresh prefix per test.
 */
export function behavesLikeABruteForceGuard(makeGuard: GuardFactory): void {
  let clock = manualClock();
  let guard: BruteForceGuard;
  const attacker = '203.0.113.66';
  const victim = '198.51.100.77';

  const failTimes = async (times: number, account: string, address: string) => {
    for (let i = 0; i < times; i += 1) await guard.recordFailure({ account, address });
  };

  beforeEach(() => {
    clock = manualClock();
    guard = makeGuard(
      {
        prefix: `test:bf:${randomUUID()}:`,
        pairLimit: 3,
        addressLimit: 6,
        window: '15m',
        baseDelay: '1s',
        maxDelay: '8s',
      },
      () => clock.now(),
    );
  });

  afterEach(async () => {
    await guard.close();
  });

  it('allows attempts below the limit', async () => {
    await failTimes(2, 'alice', attacker);
    expect(await guard.check({ account: 'alice', address: attacker })).to.deep.equal({
      allowed: true,
      retryAfterSeconds: 0,
    });
  });

  it('locks the account at the failing address once the limit is reached', async () => {
    await failTimes(3, 'alice', attacker);
    expect(await guard.check({ account: 'alice', address: attacker })).to.deep.equal({
      allowed: false,
      retryAfterSeconds: 1,
    });
    clock.advance(999);
    expect((await guard.check({ account: 'alice', address: attacker })).allowed).to.equal(false);
    clock.advance(1);
    expect((await guard.check({ account: 'alice', address: attacker })).allowed).to.equal(true);
  });

  it('doubles the lock with every further failure, up to the maximum', async () => {
    await failTimes(3, 'alice', attacker);
    const locks = [];
    for (let i = 0; i < 5; i += 1) {
      const { retryAfterSeconds } = await guard.check({ account: 'alice', address: attacker });
      locks.push(retryAfterSeconds);
      clock.advance(retryAfterSeconds * 1000);
      await guard.recordFailure({ account: 'alice', address: attacker });
    }
    expect(locks).to.deep.equal([1, 2, 4, 8, 8]);
  });

  it('does not lock the victim out from their own address', async () => {
    await failTimes(5, 'alice', attacker);
    expect(await guard.check({ account: 'alice', address: victim })).to.deep.equal({
      allowed: true,
      retryAfterSeconds: 0,
    });
  });

  it('locks an address that tries many accounts', async () => {
    for (let i = 0; i < 6; i += 1)
      await guard.recordFailure({ account: `user-${i}`, address: attacker });
    expect((await guard.check({ account: 'someone-new', address: attacker })).allowed).to.equal(
      false,
    );
    expect((await guard.check({ account: 'someone-new', address: victim })).allowed).to.equal(true);
  });

  it('clears the account at this address on success but keeps the address count', async () => {
    await failTimes(2, 'alice', attacker);
    await guard.recordSuccess({ account: 'alice', address: attacker });
    await failTimes(2, 'alice', attacker);
    expect((await guard.check({ account: 'alice', address: attacker })).allowed).to.equal(true);
    await failTimes(2, 'bob', attacker);
    expect((await guard.check({ account: 'carol', address: attacker })).allowed).to.equal(false);
  });

  it('forgets failures after a quiet window', async () => {
    await failTimes(2, 'alice', attacker);
    clock.advance(15 * 60_000);
    await failTimes(2, 'alice', attacker);
    expect((await guard.check({ account: 'alice', address: attacker })).allowed).to.equal(true);
  });

  it('counts every address of an IPv6 /64 and every spelling of an account together', async () => {
    await guard.recordFailure({ account: 'Alice', address: '2001:db8:9:9::1' });
    await guard.recordFailure({ account: 'ALICE', address: '2001:db8:9:9::2' });
    await guard.recordFailure({ account: 'alice', address: '2001:db8:9:9:ffff::3' });
    expect((await guard.check({ account: 'alice', address: '2001:db8:9:9::4' })).allowed).to.equal(
      false,
    );
  });
}
