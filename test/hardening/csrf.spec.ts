import type { AuditEventInput, AuditRecorder } from '@bulwark/audit';
import { expect } from 'chai';
import { expectRefused } from './support/expectations';
import { startHardeningApp, useHardeningApp } from './support/hardening-app';
import { send, type Answer } from './support/http';

const ANN = 'sid=session-ann-0123456789';
const BOB = 'sid=session-bob-0123456789';
const order = { customer: { handle: 'ann' }, lines: [{ sku: 'AB-1', quantity: 1 }], title: 'x' };

/** Keeps audit events in memory. */
class MemoryAudit implements AuditRecorder {
  readonly events: AuditEventInput[] = [];
  async record(event: AuditEventInput): Promise<void> {
    this.events.push(event);
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}

describe('CSRF protection (end to end)', () => {
  const audit = new MemoryAudit();
  const suite = useHardeningApp({
    bulwark: {
      audit,
      cors: { origins: ['https://app.example.com'], credentials: true },
    },
  });
  const own = (): string => suite.app.url;

  /** Fetches a token for a session: the token and the cookie header that carries it. */
  async function tokenFor(session: string): Promise<{ token: string; cookie: string }> {
    const res = await send(`${own()}/csrf-token`, { headers: { cookie: session } });
    expect(res.status).to.equal(200);
    expect(res.headers['cache-control']).to.equal('no-store');
    const setCookie = res.headers['set-cookie']?.[0] ?? '';
    expect(setCookie).to.match(/^__Host-bulwark-csrf=/);
    expect(setCookie).to.include('HttpOnly').and.include('Secure').and.include('SameSite=Strict');
    return { token: res.body.token as string, cookie: setCookie.split(';')[0] ?? '' };
  }

  function post(headers: Record<string, string>): Promise<Answer> {
    return send(`${own()}/session/orders`, { method: 'POST', headers, json: order });
  }

  context('when a state-changing request carries the session cookie', () => {
    it('refuses it without Origin and Sec-Fetch-Site, and audits the refusal', async () => {
      const { token, cookie } = await tokenFor(ANN);
      audit.events.length = 0;

      const res = await post({ cookie: `${ANN}; ${cookie}`, 'x-csrf-token': token });

      expectRefused(suite.app, res, 403, 'ERR_CSRF_FAILED');
      expect(audit.events.map((e) => [e.action, e.outcome])).to.deep.include([
        'authz.denied',
        'denied',
      ]);
    });

    it('refuses a cross-site origin even with a valid token', async () => {
      const { token, cookie } = await tokenFor(ANN);
      for (const origin of ['https://evil.example', 'null', `${own()}.evil.example`]) {
        const res = await post({ cookie: `${ANN}; ${cookie}`, 'x-csrf-token': token, origin });

        expectRefused(suite.app, res, 403, 'ERR_CSRF_FAILED');
      }
    });

    it('refuses Sec-Fetch-Site cross-site and same-site without an Origin', async () => {
      const { token, cookie } = await tokenFor(ANN);
      for (const site of ['cross-site', 'same-site', 'none']) {
        const res = await post({
          cookie: `${ANN}; ${cookie}`,
          'x-csrf-token': token,
          'sec-fetch-site': site,
        });

        expectRefused(suite.app, res, 403, 'ERR_CSRF_FAILED');
      }
    });

    it('refuses the own origin without a token, or with a token the cookie does not match', async () => {
      const { token, cookie } = await tokenFor(ANN);
      const attempts: Array<Record<string, string>> = [
        { cookie: `${ANN}; ${cookie}`, origin: own() },
        { cookie: ANN, origin: own(), 'x-csrf-token': token },
        { cookie: `${ANN}; ${cookie}`, origin: own(), 'x-csrf-token': `${token}0` },
      ];
      for (const headers of attempts) {
        const res = await post(headers);

        expectRefused(suite.app, res, 403, 'ERR_CSRF_FAILED');
      }
    });

    it('refuses a forged token pair that was not signed with the secret', async () => {
      const forged = `${'a'.repeat(64)}.${'b'.repeat(64)}`;
      const res = await post({
        cookie: `${ANN}; __Host-bulwark-csrf=${forged}`,
        origin: own(),
        'x-csrf-token': forged,
      });

      expectRefused(suite.app, res, 403, 'ERR_CSRF_FAILED');
    });

    it("refuses one session's token in another session", async () => {
      const { token, cookie } = await tokenFor(ANN);

      const res = await post({ cookie: `${BOB}; ${cookie}`, origin: own(), 'x-csrf-token': token });

      expectRefused(suite.app, res, 403, 'ERR_CSRF_FAILED');
    });

    it('accepts the own origin with a matching token', async () => {
      const { token, cookie } = await tokenFor(ANN);

      const res = await post({ cookie: `${ANN}; ${cookie}`, origin: own(), 'x-csrf-token': token });

      expect(res.status, res.text).to.equal(200);
      expect(suite.app.store.writes).to.equal(1);
    });

    it('accepts Sec-Fetch-Site same-origin when the browser sent no Origin', async () => {
      const { token, cookie } = await tokenFor(ANN);

      const res = await post({
        cookie: `${ANN}; ${cookie}`,
        'sec-fetch-site': 'same-origin',
        'x-csrf-token': token,
      });

      expect(res.status, res.text).to.equal(200);
    });

    it('accepts an origin the CORS allow-list trusts with credentials', async () => {
      const { token, cookie } = await tokenFor(ANN);

      const res = await post({
        cookie: `${ANN}; ${cookie}`,
        origin: 'https://app.example.com',
        'x-csrf-token': token,
      });

      expect(res.status, res.text).to.equal(200);
    });
  });

  context('when a request carries no ambient credential', () => {
    it('needs no CSRF token with a bearer token', async () => {
      const res = await send(`${own()}/session/orders`, {
        method: 'POST',
        token: suite.token,
        json: order,
      });

      expect(res.status, res.text).to.equal(200);
    });

    it('needs no CSRF token for a safe method with the session cookie', async () => {
      const res = await send(`${own()}/session/orders`, { headers: { cookie: ANN } });

      expect(res.status, res.text).to.equal(200);
    });

    it('refuses to issue a token without a session cookie', async () => {
      const res = await send(`${own()}/csrf-token`);

      expect(res.status).to.equal(401);
      expect(res.body.code).to.equal('ERR_AUTHN_REQUIRED');
      expect(res.headers['set-cookie']).to.equal(undefined);
    });
  });

  context('when a cookie scheme is configured without CSRF', () => {
    it('refuses to start', async () => {
      let failure: { code?: string; details?: { problems?: string[] } } | undefined;
      try {
        const app = await startHardeningApp({ bulwark: { csrf: undefined } });
        await app.close();
      } catch (error) {
        failure = error as typeof failure;
      }

      expect(failure?.code).to.equal('ERR_CONFIG_INVALID');
      expect(failure?.details?.problems?.join(' ')).to.include('"session" scheme');
    });
  });
});
