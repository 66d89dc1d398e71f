import { connect, type Socket } from 'node:net';
import { expect } from 'chai';
import { useHardeningApp } from './support/hardening-app';
import { send } from './support/http';

/** Opens a raw connection, writes `head`, and collects everything until the server closes it. */
function rawExchange(url: string, head: string): Promise<{ text: string; socket: Socket }> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: Number(port) }, () => socket.write(head));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.once('close', () => resolve({ text, socket }));
    socket.once('error', reject);
  });
}

describe('server limits (end to end)', () => {
  const suite = useHardeningApp({
    serve: {
      limits: {
        headersTimeoutMs: 300,
        requestTimeoutMs: 600,
        keepAliveTimeoutMs: 300,
        maxHeaderBytes: 4096,
        maxHeadersCount: 20,
      },
    },
  });

  it('answers 408 and closes a connection whose headers never finish (slowloris)', async () => {
    const { text } = await rawExchange(
      suite.app.url,
      'GET /open HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n',
    );

    expect(text).to.match(/^HTTP\/1\.1 408 /);
    expect(suite.app.calls).to.deep.equal([]);
  });

  it('answers 408 and closes a connection whose body never finishes', async () => {
    const token = suite.token;
    const head =
      'POST /orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
      `Authorization: Bearer ${token}\r\nContent-Length: 500\r\n\r\n{"title":`;
    const { text } = await rawExchange(suite.app.url, head);

    expect(text).to.match(/^HTTP\/1\.1 408 /);
    expect(suite.app.calls).to.deep.equal([]);
    expect(suite.app.store.writes).to.equal(0);
  });

  it('answers 431 to a request head over the size limit', async () => {
    const res = await send(`${suite.app.url}/open`, { headers: { 'x-padding': 'p'.repeat(8000) } });

    expect(res.status).to.equal(431);
    expect(suite.app.calls).to.deep.equal([]);
  });

  it('reads no more than the header count limit', async () => {
    const fillers = Array.from({ length: 30 }, (_, i) => `X-Filler-${i}: 1\r\n`).join('');
    const head =
      `GET /tenant HTTP/1.1\r\nHost: x\r\nConnection: close\r\n` +
      `Authorization: Bearer ${suite.token}\r\n${fillers}X-Tenant: acme\r\n\r\n`;

    const { text } = await rawExchange(suite.app.url, head);

    expect(text).to.match(/^HTTP\/1\.1 400 /);
    expect(text).to.include('"path":"headers.x-tenant"');
    expect(suite.app.calls).to.deep.equal([]);
  });

  it('closes an idle keep-alive connection', async () => {
    const { text } = await rawExchange(
      suite.app.url,
      'GET /open HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n',
    );

    expect(text).to.match(/^HTTP\/1\.1 200 /);
    expect(text).to.include('Keep-Alive: timeout=');
  });
});
