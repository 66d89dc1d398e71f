import { expect } from 'chai';
import { parseDuration } from '@bulwark/core';

describe('parseDuration', () => {
  it('turns minutes into milliseconds', () => {
    expect(parseDuration('15m')).to.equal(900_000);
  });
});
