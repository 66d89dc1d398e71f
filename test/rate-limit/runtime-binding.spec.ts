import { expect } from 'chai';
import { gate, startTinyApp, type TinyApp } from './support/tiny-app';

async function get(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  await response.arrayBuffer();
  return response;
}

describe('rate limits behind the Bulwark runtime', () => {
  let app: TinyApp;

  afterEach(async () => {
    await app.close();
  });

  context('when one route is reached through different spellings of its path', () => {
    it('counts /notes/1, /NOTES/1/ and /notes/%31 against one budget', async () => {
      app = await startTinyApp();
      const spellings = ['/notes/1', '/NOTES/1/', '/notes/%31'];
      const statuses = [];
      for (const path of spellings) statuses.push((await get(`${app.url}${path}`)).status);
      const fourth = await get(`${app.url}/notes/1`);

      expect(statuses).to.deep.equal([200, 200, 200]);
      expect(fourth.status).to.equal(429);
      expect(fourth.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(fourth.headers.get('retry-after')).to.match(/^\d+$/);
    });

    it('counts another id on the same route against the same per-client budget', async () => {
      app = await startTinyApp();
      for (const id of ['1', '2', '3']) await get(`${app.url}/notes/${id}`);
      expect((await get(`${app.url}/notes/4`)).status).to.equal(429);
    });
  });

  context('when a client spoofs X-Forwarded-For and no proxy is trusted', () => {
    it('keeps counting the socket address, so a fresh header value does not reset the limit', async () => {
      app = await startTinyApp();
      const statuses = [];
      for (let i = 1; i <= 5; i += 1) {
        const spoofed = { 'X-Forwarded-For': `198.51.100.${i}`, 'X-Real-IP': `198.51.100.${i}` };
        statuses.push((await get(`${app.url}/notes/1`, spoofed)).status);
      }
      expect(statuses).to.deep.equal([200, 200, 200, 429, 429]);
    });

    it('answers the allowed requests with the remaining budget', async () => {
      app = await startTinyApp();
      const first = await get(`${app.url}/notes/1`, { 'X-Forwarded-For': '198.51.100.1' });
      expect(first.headers.get('ratelimit-policy')).to.equal('"per-ip";q=3;w=60');
      expect(first.headers.get('ratelimit')).to.equal('"per-ip";r=2;t=60');
    });
  });

  context('when the proxy in front is trusted', () => {
    it('counts the forwarded client address, one budget per client', async () => {
      app = await startTinyApp({ trustedProxies: ['loopback'] });
      const statuses = [];
      for (let i = 1; i <= 5; i += 1) {
        statuses.push(
          (await get(`${app.url}/notes/1`, { 'X-Forwarded-For': `198.51.100.${i}` })).status,
        );
      }
      expect(statuses).to.deep.equal([200, 200, 200, 200, 200]);
    });
  });
});

describe('rate limits in both phases of one request', () => {
  let app: TinyApp;

  beforeEach(async () => {
    app = await startTinyApp();
  });

  afterEach(async () => {
    gate.open();
    await app.close();
  });

  it('answers with the budgets of the address and the principal limits together', async () => {
    const token = await app.tokenFor('user-1');
    const res = await get(`${app.url}/account`, { authorization: `Bearer ${token}` });
    expect(res.status).to.equal(200);
    expect(res.headers.get('ratelimit-policy')).to.equal('"per-ip";q=5;w=60, "per-user";q=2;w=60');
    expect(res.headers.get('ratelimit')).to.equal('"per-ip";r=4;t=60, "per-user";r=1;t=60');
  });

  it('frees an in-flight slot when the response finishes', async () => {
    const auth = { authorization: `Bearer ${await app.tokenFor('user-2')}` };
    gate.close();
    const first = get(`${app.url}/account/slow`, auth);
    await gate.entered;
    // The first request holds the slot until the gate opens, so a second one is refused.
    expect((await get(`${app.url}/account/slow`, auth)).status).to.equal(429);
    gate.open();
    expect((await first).status).to.equal(200);
    expect((await get(`${app.url}/account/slow`, auth)).status).to.equal(200);
  });
});
