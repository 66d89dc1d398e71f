import { expect } from 'chai';
import { RecentCounter } from '../../../src/monitoring/recent-counter';

describe('RecentCounter', () => {
  describe('#hit', () => {
    it('reports the threshold-th event within the window, then counts afresh', () => {
      const counter = new RecentCounter(3, 1000, 10);

      const results = [0, 10, 20, 30, 40, 50].map((time) => counter.hit('k', time));

      expect(results).to.deep.equal([false, false, true, false, false, true]);
    });

    it('forgets events older than the window', () => {
      const counter = new RecentCounter(3, 1000, 10);

      const results = [0, 10, 1005, 1500].map((time) => counter.hit('k', time));

      expect(results).to.deep.equal([false, false, false, false]);
      expect(counter.hit('k', 1600)).to.equal(true);
    });

    it('holds at most maxKeys keys, forgetting the least recent', () => {
      const counter = new RecentCounter(2, 1000, 2);
      counter.hit('a', 0);
      counter.hit('b', 1);
      counter.hit('c', 2);

      expect(counter.size).to.equal(2);
      expect(counter.hit('a', 3)).to.equal(false);
      expect(counter.hit('c', 4)).to.equal(true);
    });
  });
});
