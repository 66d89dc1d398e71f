import { expect } from 'chai';
import { referencePage, referenceScript } from '../../../src/serve/reference-page';

describe('referencePage', () => {
  it('loads only same-origin files, with no inline script or style', () => {
    const html = referencePage('Notes', '/docs');
    expect(html).to.include('<link rel="stylesheet" href="/docs/swagger-ui.css">');
    expect(html).to.include('<script src="/docs/init.js"></script>');
    expect(html).to.not.match(/<script>|<style|style=|\son[a-z]+=/);
  });

  it('escapes the title', () => {
    expect(referencePage(`"><script>alert('x')</script>`, '/docs')).to.include(
      '&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;',
    );
  });
});

describe('referenceScript', () => {
  it('points Swagger UI at the document without the online validator or stored credentials', () => {
    const script = referenceScript('/openapi.json');
    expect(script).to.include('url: "/openapi.json"');
    expect(script).to.include('validatorUrl: null');
    expect(script).to.include('persistAuthorization: false');
  });
});
