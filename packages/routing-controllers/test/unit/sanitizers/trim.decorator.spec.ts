import 'reflect-metadata';
import { expect } from 'chai';
import { plainToInstance } from 'class-transformer';
import { Trim, trim } from '../../../src/sanitizers/trim.decorator';

class Named {
  @Trim()
  name!: unknown;
}

describe('Trim', () => {
  it('trims spaces, tabs, line breaks and Unicode white space before validation', () => {
    expect(plainToInstance(Named, { name: ' \t ann\u00a0\u2003\n' }).name).to.equal('ann');
  });

  it('trims every string of a list', () => {
    expect(plainToInstance(Named, { name: [' a ', 'b '] }).name).to.deep.equal(['a', 'b']);
  });
});

describe('trim', () => {
  it('trims like the decorator and leaves other types alone', () => {
    expect(trim('  x ')).to.equal('x');
    expect(trim(5)).to.equal(5);
  });
});
