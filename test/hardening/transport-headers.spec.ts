import { expect } from 'chai';
import { startHardeningApp, useHardeningApp } from './support/hardening-app';
import { send } from './support/http';

describe('security headers, CORS and request ids (end to end)', () => {
  const suite = useHardeningApp({
    bulwark: { cors: { origins: ['https://app.example.com'], credentials: true } },
  });

  context('on every answer', () => {
    it('sends API-appropriate security headers and hides the framework', async () => {
      for (const path of ['/open', '/plain', '/no-such-route']) {
        const res = await send(`${suite.app.url}${path}`);

        expect(res.headers['x-powered-by'], path).to.equal(undefined);
        expect(res.headers['x-content-type-options']).to.equal('nosniff');
        expect(res.headers['content-security-policy']).to.equal(
          "default-src 'none';frame-ancestors 'none'",
        );
        expect(res.headers['x-frame-options']).to.equal('DENY');
        expect(res.headers['referrer-policy']).to.equal('no-referrer');
        expect(res.headers['cross-origin-resource-policy']).to.equal('same-origin');
        // Served in clear here; HTTPS answers carry HSTS (see https.spec.ts).
        expect(res.headers['strict-transport-security']).to.equal(undefined);
      }
    });

    it('carries a request id, also on refusals and unknown routes', async () => {
      for (const path of ['/open', '/plain', '/no-such-route']) {
        const res = await send(`${suite.app.url}${path}`);

        expect(res.headers['x-request-id'], path).to.match(/^[0-9a-f-]{36}$/);
        if (res.status >= 400) expect(res.body.requestId).to.equal(res.headers['x-request-id']);
      }
    });

    it('keeps a plain incoming request id and replaces one that could inject into logs', async () => {
      const kept = await send(`${suite.app.url}/open`, {
        headers: { 'x-request-id': 'trace-0123456789' },
      });
      const replaced = await send(`${suite.app.url}/open`, {
        headers: { 'x-request-id': '<script>alert(1)</script> level=error' },
      });

      expect(kept.headers['x-request-id']).to.equal('trace-0123456789');
      expect(replaced.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
    });
  });

  context('with a CORS allow-list', () => {
    it('answers an allowed origin with its CORS headers', async () => {
      const res = await send(`${suite.app.url}/open`, {
        headers: { origin: 'https://app.example.com' },
      });

      expect(res.headers['access-control-allow-origin']).to.equal('https://app.example.com');
      expect(res.headers['access-control-allow-credentials']).to.equal('true');
      expect(res.headers['access-control-expose-headers']).to.include('X-Request-Id');
    });

    it('gives a foreign origin no CORS headers, on preflight or request', async () => {
      const preflight = await send(`${suite.app.url}/orders`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://evil.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type, authorization',
        },
      });
      const simple = await send(`${suite.app.url}/open`, {
        headers: { origin: 'https://evil.example' },
      });

      for (const res of [preflight, simple]) {
        expect(res.headers['access-control-allow-origin']).to.equal(undefined);
        expect(res.headers['access-control-allow-credentials']).to.equal(undefined);
      }
    });

    it('refuses to start with a wildcard origin and credentials', async () => {
      let failure: { code?: string; details?: { problems?: string[] } } | undefined;
      try {
        const app = await startHardeningApp({
          bulwark: { cors: { origins: '*', credentials: true } },
        });
        await app.close();
      } catch (error) {
        failure = error as typeof failure;
      }

      expect(failure?.code).to.equal('ERR_CONFIG_INVALID');
      expect(failure?.details?.problems?.join(' ')).to.include(
        'any origin together with credentials',
      );
    });
  });

  context('when an error escapes every handler', () => {
    it('leaves Express in production mode, so its fallback prints no stack', () => {
      expect(suite.app.app.get('env')).to.equal('production');
    });
  });
});
