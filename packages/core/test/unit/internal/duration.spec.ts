import { expect } from 'chai';
import { parseDuration } from '@bulwark/core';

describe('parseDuration', () => {
  it('reads every unit', () => {
    expect(parseDuration('250ms')).to.equal(250);
    expect(parseDuration('30s')).to.equal(30_000);
    expect(parseDuration('15m')).to.equal(900_000);
    expect(parseDuration('2h')).to.equal(7_200_000);
    expect(parseDuration('1d')).to.equal(86_400_000);
    expect(parseDuration('1.5s')).to.equal(1500);
  });

  it('accepts whole positive milliseconds', () => {
    expect(parseDuration(1000)).to.equal(1000);
  });

  for (const bad of [0, -5, 1.5, '0s', '5 minutes', '10', 'm', '-1m'] as const) {
    it(`refuses ${JSON.stringify(bad)} with ERR_DECORATOR_ARGUMENT`, () => {
      expect(() => parseDuration(bad as never))
        .to.throw()
        .with.property('code', 'ERR_DECORATOR_ARGUMENT');
    });
  }
});
