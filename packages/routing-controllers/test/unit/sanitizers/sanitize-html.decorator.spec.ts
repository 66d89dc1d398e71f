import 'reflect-metadata';
import { expect } from 'chai';
import { plainToInstance } from 'class-transformer';
import {
  RICH_TEXT_DEFAULTS,
  SanitizeHtml,
  sanitizeHtml,
  type RichTextOptions,
} from '../../../src/sanitizers/sanitize-html.decorator';

class Post {
  @SanitizeHtml()
  html!: string;

  @SanitizeHtml({ allowedTags: ['b'], allowedAttributes: {} })
  narrow!: string;
}

describe('SanitizeHtml', () => {
  it('keeps the default formatting tags', () => {
    const html = '<p><b>bold</b> <i>it</i></p><ul><li>one</li></ul><pre><code>x</code></pre>';

    expect(plainToInstance(Post, { html }).html).to.equal(html);
  });

  it('removes scripts, event handlers, styles and javascript: links', () => {
    const html =
      '<p onclick="x()" style="color:red">hi</p><script>x()</script><a href="javascript:alert(1)">a</a><iframe src="//evil"></iframe>';

    expect(plainToInstance(Post, { html }).html).to.equal(
      '<p>hi</p><a rel="noopener noreferrer nofollow">a</a>',
    );
  });

  it('refuses protocol-relative and data: links and marks kept links', () => {
    const html =
      '<a href="//evil.example">a</a><a href="data:text/html,x">b</a><a href="https://ok.example" rel="opener">c</a>';

    expect(sanitizeHtml(html)).to.equal(
      '<a rel="noopener noreferrer nofollow">a</a><a rel="noopener noreferrer nofollow">b</a><a href="https://ok.example" rel="noopener noreferrer nofollow">c</a>',
    );
  });

  it('narrows to the given allow-list', () => {
    expect(plainToInstance(Post, { narrow: '<p><b>x</b><i>y</i></p>' }).narrow).to.equal(
      '<b>x</b>y',
    );
  });

  it('refuses options that would allow code to run', () => {
    const unsafe: RichTextOptions[] = [
      { allowedTags: ['script'] },
      { allowedTags: ['SVG'] },
      { allowedAttributes: { a: ['onclick'] } },
      { allowedAttributes: { p: ['style'] } },
      { allowedAttributes: { p: ['*'] } },
      { allowedSchemes: ['javascript'] },
    ];
    for (const options of unsafe) {
      expect(() => SanitizeHtml(options), JSON.stringify(options))
        .to.throw()
        .with.property('code', 'ERR_DECORATOR_ARGUMENT');
    }
  });

  it('lists every problem of an unsafe allow-list at once', () => {
    expect(() => sanitizeHtml('x', { allowedTags: ['iframe'], allowedSchemes: ['data'] })).to.throw(
      'tag "iframe" can run code; scheme "data:" can run code',
    );
  });

  it('exposes frozen defaults', () => {
    expect(Object.isFrozen(RICH_TEXT_DEFAULTS.allowedTags)).to.equal(true);
    expect(RICH_TEXT_DEFAULTS.allowedSchemes).to.deep.equal(['http', 'https', 'mailto']);
  });
});
