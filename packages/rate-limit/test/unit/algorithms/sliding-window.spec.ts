import { expect } from 'chai';
import { slidingWindow } from '../../../src/algorithms/sliding-window';

describe('slidingWindow', () => {
  const p = { limit: 10, windowMs: 1000, cost: 1 };

  it('moves the current count into the previous slot when a new window starts', () => {
    // Halfway into the window, half of the previous six still counts: 3 + 1 used of 10.
    const step = slidingWindow({ windowStart: 1000, previous: 4, current: 6 }, p, 2500);
    expect(step.next).to.deep.equal({ windowStart: 2000, previous: 6, current: 1 });
    expect(step.outcome).to.include({ isAllowed: true, remaining: 6 });
  });

  it('waits into the next window when the current one alone is full', () => {
    const step = slidingWindow({ windowStart: 2000, previous: 0, current: 10 }, p, 2400);
    expect(step.outcome).to.include({ isAllowed: false });
    // At 3000 + x the weighted count is 10 * (1000 - x) / 1000; it leaves room for one at x = 100.
    expect(step.outcome.retryAfterMs).to.equal(700);
  });

  it('expires two windows after the current one starts', () => {
    expect(slidingWindow(null, p, 2400).expiresAt).to.equal(4000);
  });
});
