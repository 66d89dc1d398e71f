import 'reflect-metadata';
import { expect } from 'chai';
import { plainToInstance } from 'class-transformer';
import { StripHtml, stripHtml } from '../../../src/sanitizers/strip-html.decorator';

class Comment {
  @StripHtml()
  text!: unknown;
}

describe('StripHtml', () => {
  it('removes tags and keeps their text', () => {
    expect(plainToInstance(Comment, { text: '<p>Hello <b>world</b></p>' }).text).to.equal(
      'Hello world',
    );
  });

  it('drops script and style elements with their content', () => {
    const text = 'a<script>steal()</script>b<style>p{}</style>c';

    expect(plainToInstance(Comment, { text }).text).to.equal('abc');
  });

  it('removes event-handler markup hidden in malformed tags', () => {
    for (const text of ['<img src=x onerror=alert(1)>', '<svg/onload=alert(1)>', '<<b>script>x']) {
      const stripped = plainToInstance(Comment, { text }).text as string;

      expect(stripped, text).to.not.match(/<[a-z]/i);
    }
  });

  it('escapes what remains, so the value is safe inside HTML', () => {
    expect(stripHtml('Tom & Jerry say "5 > 3"')).to.equal('Tom &amp; Jerry say "5 &gt; 3"');
  });
});

describe('stripHtml', () => {
  it('strips lists and leaves other types alone', () => {
    expect(stripHtml(['<i>a</i>', 1])).to.deep.equal(['a', 1]);
    expect(stripHtml(null)).to.equal(null);
  });
});
