import { expect } from 'chai';
import {
  ExpiringMap,
  MemoryStoreFullError,
  type Expiring,
} from '../../../src/internal/expiring-map';
import { manualClock } from '../support/route';

describe('ExpiringMap', () => {
  let clock: ReturnType<typeof manualClock>;

  beforeEach(() => {
    clock = manualClock();
  });

  const newMap = (maxKeys = 1_000_000) => new ExpiringMap<Expiring>(maxKeys, clock.now);
  const insert = (map: ExpiringMap<Expiring>, key: string, value: Expiring) => {
    map.reserve([key]);
    map.set(key, value);
  };
  const liveFor = (ms: number): Expiring => ({ expiresAt: clock.now() + ms });

  describe('#set', () => {
    context('when new keys arrive faster than any background sweep', () => {
      it('holds about one expiry period of keys with no sweep run', () => {
        const map = newMap();
        let largest = 0;
        // 10 new keys per simulated ms that live 1000 ms: 10 000 are live at any moment.
        for (let i = 0; i < 100_000; i += 1) {
          if (i % 10 === 0) clock.advance(1);
          insert(map, `client-${i}`, liveFor(1000));
          largest = Math.max(largest, map.size);
        }

        expect(largest).to.be.at.least(10_000);
        expect(largest).to.be.at.most(12_000);
      });
    });

    context('when a long-lived key is refreshed in place at the head', () => {
      it('still reclaims the expired keys behind it', () => {
        const map = newMap();
        const hot = liveFor(1000);
        insert(map, 'hot', hot);
        let largest = 0;
        for (let i = 0; i < 50_000; i += 1) {
          if (i % 10 === 0) clock.advance(1);
          hot.expiresAt = clock.now() + 1000;
          map.set('hot', hot);
          insert(map, `client-${i}`, liveFor(1000));
          largest = Math.max(largest, map.size);
        }

        expect(largest).to.be.at.most(12_001);
        expect(map.get('hot')).to.equal(hot);
      });
    });

    context('when live entries sit among expired ones', () => {
      it('keeps every live entry readable with its value', () => {
        const map = newMap();
        const held = new Map<string, Expiring>();
        for (let i = 0; i < 20_000; i += 1) {
          if (i % 10 === 0) clock.advance(1);
          // Every seventh key outlives the run, so the head meets live entries in every round.
          const value = liveFor(i % 7 === 0 ? 60_000 : 1000);
          insert(map, `client-${i}`, value);
          held.set(`client-${i}`, value);
        }

        const live = [...held].filter(([, value]) => value.expiresAt > clock.now());
        expect(live.length).to.be.greaterThan(4_000);
        for (const [key, value] of live) expect(map.get(key), key).to.equal(value);
      });
    });
  });

  describe('#reserve', () => {
    context('when every held entry is live', () => {
      it('refuses a new key and keeps every held one', () => {
        const map = newMap(100);
        const held = Array.from({ length: 100 }, (_, i) => {
          const value = liveFor(1000);
          insert(map, `client-${i}`, value);
          return [`client-${i}`, value] as const;
        });

        expect(() => map.reserve(['newcomer'])).to.throw(MemoryStoreFullError);
        expect(() => map.reserve(['client-0'])).not.to.throw();
        expect(map.size).to.equal(100);
        for (const [key, value] of held) expect(map.get(key), key).to.equal(value);
      });
    });

    context('when the sweep it runs drops a key of the batch', () => {
      it('counts that key as new again and refuses the batch', () => {
        const map = newMap(2);
        insert(map, 'stale', liveFor(10));
        insert(map, 'kept', liveFor(1000));
        clock.advance(10);

        expect(() => map.reserve(['stale', 'newcomer'])).to.throw(MemoryStoreFullError);
        expect(map.size).to.equal(1);
      });
    });
  });

  describe('#sweep', () => {
    let reads = 0;
    // Each inspection reads `expiresAt` once, so the count is the number of entries inspected.
    // A walk that never ends fails here instead of hanging the run.
    const counted = (ms: number): Expiring => {
      const expiresAt = clock.now() + ms;
      return {
        get expiresAt() {
          reads += 1;
          if (reads > 1_000) throw new Error('the walk does not end');
          return expiresAt;
        },
      };
    };

    // A sweep step stops half-way, then new keys move live entries from the head to the tail,
    // behind the position the sweep resumes from.
    const movedBehindCursor = () => {
      const map = newMap();
      for (let i = 0; i < 20; i += 1) insert(map, `early-${i}`, counted(1000));
      map.sweep(8);
      for (let i = 0; i < 20; i += 1) insert(map, `late-${i}`, counted(1000));
      reads = 0;
      return map;
    };

    context('when head reclaiming moved entries behind its position', () => {
      it('inspects at most its budget per step', () => {
        const map = movedBehindCursor();
        const steps = Array.from({ length: 12 }, () => {
          reads = 0;
          map.sweep(5);
          return reads;
        });

        expect(Math.max(...steps)).to.equal(5);
        expect(map.size).to.equal(40);
      });

      it('inspects each entry once in a full walk and returns', () => {
        const map = movedBehindCursor();

        expect(map.sweep()).to.equal(0);
        expect(reads).to.equal(40);
      });

      it('drops every expired entry within the steps the budget allows', () => {
        const map = movedBehindCursor();
        clock.advance(1000);
        const dropped: number[] = [];
        while (map.size > 0 && dropped.length < 20) dropped.push(map.sweep(5));

        expect(map.size).to.equal(0);
        expect(Math.max(...dropped)).to.equal(5);
        // 40 entries in steps of 5, plus at most one short step where the resumed walk ends.
        expect(dropped.length).to.be.at.most(9);
      });
    });
  });
});
