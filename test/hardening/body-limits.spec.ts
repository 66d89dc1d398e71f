import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { expectRefused } from './support/expectations';
import { useHardeningApp } from './support/hardening-app';
import { send } from './support/http';

const validOrder = {
  customer: { handle: 'ann' },
  lines: [{ sku: 'AB-1', quantity: 2 }],
  title: 'First order',
};

describe('body parsing limits (end to end)', () => {
  const suite = useHardeningApp();

  context('when the body breaks the transport rules', () => {
    it('refuses a body on a route that declares none with 415', async () => {
      const id = '6f1c3a52-2c47-4c7e-9a57-2a43f4f0d7a1';
      const res = await send(`${suite.app.url}/orders/${id}`, {
        method: 'DELETE',
        token: suite.token,
        json: { cascade: true },
      });

      expectRefused(suite.app, res, 415, 'ERR_UNSUPPORTED_MEDIA_TYPE');
    });

    it('refuses content types other than JSON with 415', async () => {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
        const res = await send(`${suite.app.url}/orders`, {
          method: 'POST',
          token: suite.token,
          headers: { 'content-type': type },
          raw: 'title=x',
        });

        expectRefused(suite.app, res, 415, 'ERR_UNSUPPORTED_MEDIA_TYPE');
      }
    });

    it('refuses a compressed body with 415 instead of inflating it', async () => {
      const res = await send(`${suite.app.url}/orders`, {
        method: 'POST',
        token: suite.token,
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        raw: gzipSync(JSON.stringify({ ...validOrder, title: 'x'.repeat(5_000_000) })),
      });

      expectRefused(suite.app, res, 415, 'ERR_UNSUPPORTED_MEDIA_TYPE');
    });

    it('refuses a body over the size limit with 413', async () => {
      const res = await send(`${suite.app.url}/orders`, {
        method: 'POST',
        token: suite.token,
        json: { ...validOrder, comment: 'x'.repeat(200 * 1024) },
      });

      expectRefused(suite.app, res, 413, 'ERR_REQUEST_TOO_LARGE');
    });

    it('refuses deep nesting, long arrays and long strings with 400', async () => {
      const deep = JSON.parse(`${'{"a":'.repeat(30)}1${'}'.repeat(30)}`);
      const bodies = [
        { ...validOrder, customer: deep },
        { ...validOrder, tags: Array.from({ length: 1001 }, () => 't') },
        { ...validOrder, title: 'x'.repeat(10_001) },
      ];
      for (const json of bodies) {
        const res = await send(`${suite.app.url}/orders`, {
          method: 'POST',
          token: suite.token,
          json,
        });

        expectRefused(suite.app, res, 400, 'ERR_REQUEST_MALFORMED');
      }
    });

    it('refuses malformed JSON without quoting it back', async () => {
      const res = await send(`${suite.app.url}/orders`, {
        method: 'POST',
        token: suite.token,
        headers: { 'content-type': 'application/json' },
        raw: '{"title": "secret-fragment-991", ',
      });

      expectRefused(suite.app, res, 400, 'ERR_REQUEST_MALFORMED');
      expect(res.text).to.not.include('secret-fragment-991');
    });
  });
});
