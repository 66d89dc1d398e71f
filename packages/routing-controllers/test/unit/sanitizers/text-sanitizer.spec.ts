import 'reflect-metadata';
import { expect } from 'chai';
import { instanceToPlain, plainToInstance } from 'class-transformer';
import { applyToText, sanitizerDecorator } from '../../../src/sanitizers/text-sanitizer';

const upper = (text: string): string => text.toUpperCase();
const exclaim = (text: string): string => `${text}!`;

class Shout {
  @sanitizerDecorator(upper)
  @sanitizerDecorator(exclaim)
  word!: unknown;
}

describe('applyToText', () => {
  it('sanitizes a string and each string of an array', () => {
    expect(applyToText('a', upper)).to.equal('A');
    expect(applyToText(['a', 2, 'b'], upper)).to.deep.equal(['A', 2, 'B']);
  });

  it('leaves other values for validation to refuse', () => {
    const object = { $ne: '' };
    for (const value of [1, null, undefined, true, object]) {
      expect(applyToText(value, upper)).to.equal(value);
    }
  });
});

describe('sanitizerDecorator', () => {
  it('runs while a plain object becomes the DTO, top to bottom', () => {
    expect(plainToInstance(Shout, { word: 'hi' }).word).to.equal('HI!');
  });

  it('does not rewrite values on the way out', () => {
    const instance = Object.assign(new Shout(), { word: 'hi' });

    expect(instanceToPlain(instance)).to.deep.equal({ word: 'hi' });
  });
});
