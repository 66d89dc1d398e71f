import { expect } from 'chai';
import { lengthBoundsOf } from '../../../src/schemas/regex-bounds';

describe('lengthBoundsOf', () => {
  it('reads both bounds of an anchored class with a range quantifier', () => {
    expect(lengthBoundsOf(/^[a-z0-9_.-]{3,64}$/)).to.deep.equal({ minLength: 3, maxLength: 64 });
  });

  it('adds up literals, escapes and quantifiers in sequence', () => {
    expect(lengthBoundsOf(/^ab\d{2}-?[A-F]{4}$/)).to.deep.equal({ minLength: 8, maxLength: 9 });
  });

  it('gives no maxLength when a quantifier is unbounded', () => {
    expect(lengthBoundsOf(/^a+$/)).to.deep.equal({ minLength: 1 });
    expect(lengthBoundsOf(/^a{2,}$/)).to.deep.equal({ minLength: 2 });
  });

  it('counts zero-width word boundaries as no length', () => {
    expect(lengthBoundsOf(/^\bab\b$/)).to.deep.equal({ minLength: 2, maxLength: 2 });
  });

  context('when an atom can match half a surrogate pair', () => {
    it('keeps maxLength but drops minLength without the u flag', () => {
      expect(lengthBoundsOf(/^.{2,5}$/)).to.deep.equal({ maxLength: 5 });
      expect(lengthBoundsOf(/^[^a]{1,3}$/)).to.deep.equal({ maxLength: 3 });
      expect(lengthBoundsOf(/^\S{1,3}$/)).to.deep.equal({ maxLength: 3 });
    });

    it('keeps both with the u flag', () => {
      expect(lengthBoundsOf(/^.{2,5}$/u)).to.deep.equal({ minLength: 2, maxLength: 5 });
    });
  });

  context('when the pattern cannot be read safely', () => {
    for (const pattern of [
      /[a-z]{3}/,
      /^[a-z]{3}/,
      /^(ab){2}$/,
      /^a|b$/,
      /^a{3}$/m,
      /^a{3}$/g,
      /^(a)\1$/,
      /^\u0041{2}$/,
      /^é{2}$/,
      /^a\$/,
      /^a{$/,
    ]) {
      it(`gives no bounds for ${String(pattern)}`, () => {
        expect(lengthBoundsOf(pattern)).to.deep.equal({});
      });
    }
  });
});
