import { expect } from 'chai';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { BulwarkError } from '@bulwark/core';
import { API_REFERENCE_CSP, apiReference, type OpenApiDocument } from '@bulwark/openapi';
import express from 'express';

const document = {
  openapi: '3.1.0',
  info: { title: 'Notes <API>', version: '1' },
  servers: [],
  tags: [],
  paths: {},
  components: { schemas: {}, headers: {}, securitySchemes: {} },
} as OpenApiDocument;

describe('apiReference', () => {
  let server: Server;
  let url: string;
  let calls = 0;

  before(async () => {
    const app = express();
    app.use((_request, response, next) => {
      response.set('Content-Security-Policy', "default-src 'none'");
      next();
    });
    app.use(
      apiReference({
        document: () => {
          calls += 1;
          return document;
        },
        docsPath: '/reference',
      }),
    );
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('serves the document as JSON, generated once, under the app CSP', async () => {
    const first = await fetch(`${url}/openapi.json`);
    await fetch(`${url}/openapi.json`);
    expect(first.status).to.equal(200);
    expect(first.headers.get('content-type')).to.match(/^application\/json/);
    expect(first.headers.get('content-security-policy')).to.equal("default-src 'none'");
    expect(await first.json()).to.deep.equal(document);
    expect(calls).to.equal(1);
  });

  it('serves the page with its own same-origin CSP and the title escaped', async () => {
    const page = await fetch(`${url}/reference`);
    expect(page.status).to.equal(200);
    expect(page.headers.get('content-security-policy')).to.equal(API_REFERENCE_CSP);
    expect(page.headers.get('cache-control')).to.equal('no-cache');
    const html = await page.text();
    expect(html).to.include('Notes &lt;API&gt;: API reference');
    expect(html).to.include('<script src="/reference/swagger-ui-bundle.js">');
    expect(html).to.not.match(/<script>|<style>|https?:\/\//);
  });

  it('serves the start script and Swagger UI assets from the installed package', async () => {
    const script = await fetch(`${url}/reference/init.js`);
    expect(script.headers.get('content-type')).to.match(/^text\/javascript/);
    const code = await script.text();
    expect(code).to.include('url: "/openapi.json"').and.include('validatorUrl: null');
    const bundle = await fetch(`${url}/reference/swagger-ui-bundle.js`);
    expect(bundle.status).to.equal(200);
    expect(bundle.headers.get('cache-control')).to.equal('public, max-age=3600');
    expect((await bundle.arrayBuffer()).byteLength).to.be.greaterThan(100_000);
    const css = await fetch(`${url}/reference/swagger-ui.css`);
    expect(css.headers.get('content-type')).to.match(/^text\/css/);
  });

  it('serves nothing else below the page', async () => {
    expect((await fetch(`${url}/reference/../../etc/passwd`)).status).to.equal(404);
    expect((await fetch(`${url}/reference/index.html`)).status).to.equal(404);
  });

  context('when the paths or the document source are not usable', () => {
    for (const options of [
      { document: () => document, docsPath: 'docs' },
      { document: () => document, specPath: '/open api.json' },
      { document: () => document, docsPath: '/docs/' },
      { document: document as never },
    ]) {
      it(`refuses ${JSON.stringify(options)}`, () => {
        let code = 'no error';
        try {
          apiReference(options);
        } catch (error) {
          code = (error as BulwarkError).code;
        }
        expect(code).to.equal('ERR_CONFIG_INVALID');
      });
    }
  });
});
