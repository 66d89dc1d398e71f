import { expect } from 'chai';
import { expectRefused } from './support/expectations';
import { startHardeningApp, useHardeningApp, type HardeningApp } from './support/hardening-app';
import { send } from './support/http';

describe('HTTPS enforcement (end to end)', () => {
  context('in production, served in clear without a trusted proxy', () => {
    const suite = useHardeningApp({ bulwark: { isProduction: true } });

    it('refuses plain HTTP with 403 before any handler, and no HSTS in clear', async () => {
      const res = await send(`${suite.app.url}/open`);

      expectRefused(suite.app, res, 403, 'ERR_HTTPS_REQUIRED');
      expect(res.headers['strict-transport-security']).to.equal(undefined);
    });

    it('ignores X-Forwarded-Proto from a peer that is not a trusted proxy', async () => {
      const res = await send(`${suite.app.url}/open`, {
        headers: { 'x-forwarded-proto': 'https' },
      });

      expectRefused(suite.app, res, 403, 'ERR_HTTPS_REQUIRED');
      expect(res.headers['strict-transport-security']).to.equal(undefined);
    });

    it('refuses a state-changing request before its body is read', async () => {
      const res = await send(`${suite.app.url}/accounts`, {
        method: 'POST',
        json: { username: 'ann', password: 'Correct-horse-1' },
      });

      expectRefused(suite.app, res, 403, 'ERR_HTTPS_REQUIRED');
    });
  });

  context('in production behind a trusted proxy', () => {
    const suite = useHardeningApp({
      bulwark: { isProduction: true, trustedProxies: ['loopback'] },
    });

    it('serves a request the proxy marks as HTTPS, with HSTS', async () => {
      const res = await send(`${suite.app.url}/open`, {
        headers: { 'x-forwarded-proto': 'https' },
      });

      expect(res.status).to.equal(200);
      expect(res.headers['strict-transport-security']).to.equal(
        'max-age=31536000; includeSubDomains',
      );
    });

    it('believes only the value the proxy appended last', async () => {
      const spoofed = await send(`${suite.app.url}/open`, {
        headers: { 'x-forwarded-proto': 'https, http' },
      });
      expectRefused(suite.app, spoofed, 403, 'ERR_HTTPS_REQUIRED');
      expect(spoofed.headers['strict-transport-security']).to.equal(undefined);

      const genuine = await send(`${suite.app.url}/open`, {
        headers: { 'x-forwarded-proto': 'http, https' },
      });
      expect(genuine.status).to.equal(200);
    });

    it('refuses a request the proxy received in clear, without HSTS', async () => {
      const res = await send(`${suite.app.url}/open`, { headers: { 'x-forwarded-proto': 'http' } });

      expectRefused(suite.app, res, 403, 'ERR_HTTPS_REQUIRED');
      expect(res.headers['strict-transport-security']).to.equal(undefined);
    });
  });

  context('when plain HTTP is redirected', () => {
    const suite = useHardeningApp({
      bulwark: {
        https: { plainHttp: 'redirect', redirectOrigin: 'https://api.example.com' },
      },
    });

    it('redirects GET to the configured origin, never to the Host header', async () => {
      const res = await send(`${suite.app.url}/open?x=1`, {
        headers: { host: 'evil.example' },
      });

      expect(res.status).to.equal(308);
      expect(res.headers.location).to.equal('https://api.example.com/open?x=1');
      expect(suite.app.calls).to.deep.equal([]);
    });

    it('refuses a POST instead of redirecting it', async () => {
      const res = await send(`${suite.app.url}/accounts`, {
        method: 'POST',
        json: { username: 'ann', password: 'Correct-horse-1' },
      });

      expectRefused(suite.app, res, 403, 'ERR_HTTPS_REQUIRED');
    });
  });

  context('when served over TLS in production', () => {
    const suite = useHardeningApp({
      bulwark: { isProduction: true, https: { hsts: { maxAge: 63072000, preload: true } } },
      serve: { tls: { developmentCertificate: true }, isProduction: false },
    });

    it('serves HTTPS requests with the configured HSTS header', async () => {
      const res = await send(`${suite.app.url}/open`, { ca: suite.app.certificate ?? '' });

      expect(suite.app.url).to.match(/^https:/);
      expect(res.status).to.equal(200);
      expect(res.headers['strict-transport-security']).to.equal(
        'max-age=63072000; includeSubDomains; preload',
      );
    });
  });

  context('when the options are unsafe for production', () => {
    async function startFailure(
      overrides: Parameters<typeof startHardeningApp>[0],
    ): Promise<{ code?: string; details?: { problems?: string[] } } | undefined> {
      let app: HardeningApp | undefined;
      try {
        app = await startHardeningApp(overrides);
        return undefined;
      } catch (error) {
        return error as { code?: string; details?: { problems?: string[] } };
      } finally {
        await app?.close();
      }
    }

    it('refuses stack traces in production', async () => {
      const failure = await startFailure({
        bulwark: { isProduction: true, exposeStackTraces: true },
      });

      expect(failure?.code).to.equal('ERR_CONFIG_INVALID');
      expect(failure?.details?.problems).to.include(
        '"exposeStackTraces" cannot be true in production.',
      );
    });

    it('refuses a development certificate in production', async () => {
      const failure = await startFailure({
        serve: { tls: { developmentCertificate: true }, isProduction: true },
      });

      expect(failure?.code).to.equal('ERR_CONFIG_INVALID');
      expect(failure?.details?.problems).to.include(
        'a development certificate cannot be used in production.',
      );
    });

    it('refuses a redirect without a configured origin', async () => {
      const failure = await startFailure({ bulwark: { https: { plainHttp: 'redirect' } } });

      expect(failure?.code).to.equal('ERR_CONFIG_INVALID');
    });
  });
});
