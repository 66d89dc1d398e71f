import { expect } from 'chai';
import { QuotaTracker } from '../../../../src/probe/engine/quota-tracker';
import type { TargetRateLimit } from '../../../../src/probe/target/probe-target';
import { route } from './fixtures';

function limit(overrides: Partial<TargetRateLimit>): TargetRateLimit {
  return {
    name: 'l',
    limit: 3,
    windowSeconds: 60,
    algorithm: 'fixed-window',
    key: 'principal',
    cost: 1,
    scope: 'route',
    ...overrides,
  };
}

describe('QuotaTracker', () => {
  const limited = route({
    rateLimits: [
      limit({ name: 'per-address', limit: 100, key: 'ip', scope: 'app' }),
      limit({ name: 'notes-create', limit: 3 }),
      limit({ name: 'in-flight', limit: 1, algorithm: 'concurrency' }),
    ],
  });

  it('counts a principal limit per principal, only for requests that authenticate', () => {
    const quota = new QuotaTracker();
    quota.record(limited, 'erin');
    quota.record(limited, 'erin');
    quota.record(limited, null);

    expect(quota.remaining(limited, 'erin')).to.equal(1);
    expect(quota.remaining(limited, 'eve')).to.equal(3);
    expect(quota.remaining(limited, null)).to.equal(97);
  });

  it('shares an app-wide limit across routes and keeps route limits apart', () => {
    const quota = new QuotaTracker();
    const other = route({ id: 'Other.list', rateLimits: limited.rateLimits });
    quota.record(limited, 'erin');
    quota.record(other, 'erin');

    expect(quota.usedOf(other, limited.rateLimits![0]!, null)).to.equal(2);
    expect(quota.usedOf(other, limited.rateLimits![1]!, 'erin')).to.equal(1);
  });

  it('counts the cost of each request', () => {
    const quota = new QuotaTracker();
    const costly = route({ rateLimits: [limit({ limit: 10, cost: 4 })] });
    quota.record(costly, 'erin');

    expect(quota.remaining(costly, 'erin')).to.equal(1);
  });

  it('takes the remaining units the app reports in the RateLimit header', () => {
    const quota = new QuotaTracker();

    quota.observe(limited, 'erin', '"per-address";r=40;t=60, "notes-create";r=0;t=12');

    expect(quota.remaining(limited, 'erin')).to.equal(0);
    expect(quota.usedOf(limited, limited.rateLimits![0]!, null)).to.equal(60);
  });

  it('ignores a missing header and limits it does not know', () => {
    const quota = new QuotaTracker();
    quota.observe(limited, 'erin', undefined);
    quota.observe(limited, 'erin', '"unknown";r=0;t=1');

    expect(quota.remaining(limited, 'erin')).to.equal(3);
    expect(quota.remaining(route({ rateLimits: null }), 'erin')).to.equal(Number.POSITIVE_INFINITY);
  });
});
