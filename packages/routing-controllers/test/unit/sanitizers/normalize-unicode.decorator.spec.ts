import 'reflect-metadata';
import { expect } from 'chai';
import { plainToInstance } from 'class-transformer';
import {
  NormalizeUnicode,
  normalizeUnicode,
  type NormalizationForm,
} from '../../../src/sanitizers/normalize-unicode.decorator';

class Profile {
  @NormalizeUnicode()
  display!: string;

  @NormalizeUnicode('NFKC')
  handle!: string;
}

describe('NormalizeUnicode', () => {
  it('composes characters with NFC by default', () => {
    const decomposed = 'e\u0301te\u0301';

    expect(plainToInstance(Profile, { display: decomposed }).display).to.equal('\u00e9t\u00e9');
  });

  it('folds compatibility look-alikes with NFKC', () => {
    expect(plainToInstance(Profile, { handle: 'ａｄｍｉｎ' }).handle).to.equal('admin');
    expect(plainToInstance(Profile, { handle: 'ﬁle' }).handle).to.equal('file');
  });

  it('refuses an unknown form when the decorator runs', () => {
    expect(() => NormalizeUnicode('NFX' as NormalizationForm))
      .to.throw()
      .with.property('code', 'ERR_DECORATOR_ARGUMENT');
  });
});

describe('normalizeUnicode', () => {
  it('normalizes strings and lists and refuses an unknown form', () => {
    expect(normalizeUnicode(['ｘ'], 'NFKC')).to.deep.equal(['x']);
    expect(normalizeUnicode(7)).to.equal(7);
    expect(() => normalizeUnicode('x', 'nfc' as NormalizationForm))
      .to.throw()
      .with.property('code', 'ERR_DECORATOR_ARGUMENT');
  });
});
