import { expect } from 'chai';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolveScope, ScopeError } from '../../../../src/probe/http/base-url';
import {
  BudgetError,
  MAX_BODY_BYTES,
  ScopedClient,
} from '../../../../src/probe/http/scoped-client';

interface Recorder {
  readonly server: Server;
  readonly port: number;
  readonly seen: IncomingMessage[];
}

async function listen(
  answer: (
    request: IncomingMessage,
    respond: (status: number, headers: Record<string, string>, body?: string | Buffer) => void,
  ) => void,
): Promise<Recorder> {
  const seen: IncomingMessage[] = [];
  const server = createServer((request, response) => {
    seen.push(request);
    request.resume();
    request.on('end', () =>
      answer(request, (status, headers, body) => {
        response.writeHead(status, headers);
        response.end(body);
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, seen };
}

describe('ScopedClient', () => {
  let inside: Recorder;
  let outside: Recorder;
  const open: ScopedClient[] = [];

  before(async () => {
    outside = await listen((_request, respond) => respond(200, {}, 'outside'));
    inside = await listen((request, respond) => {
      if (request.url === '/api/redirect')
        respond(302, { location: `http://127.0.0.1:${outside.port}/stolen` });
      else if (request.url === '/api/big')
        respond(200, { 'content-type': 'text/plain' }, Buffer.alloc(MAX_BODY_BYTES * 2, 'a'));
      else
        respond(
          200,
          { 'content-type': 'application/json' },
          JSON.stringify({ path: request.url, host: request.headers.host }),
        );
    });
  });

  after(async () => {
    for (const client of open) client.close();
    for (const recorder of [inside, outside]) recorder.server.close();
  });

  async function clientFor(
    base: string,
    limits: { maxRequests?: number; deadline?: number } = {},
  ): Promise<ScopedClient> {
    const client = new ScopedClient(await resolveScope(base, false), {
      maxRequests: limits.maxRequests ?? 100,
      deadline: limits.deadline ?? Date.now() + 60_000,
      requestTimeoutMs: 5000,
    });
    open.push(client);
    return client;
  }

  describe('#send', () => {
    it('sends the path under the base path and parses a JSON answer', async () => {
      const client = await clientFor(`http://127.0.0.1:${inside.port}/api`);

      const response = await client.send({ method: 'GET', path: '/notes/%31?x=1' });

      expect(response.status).to.equal(200);
      expect(response.json).to.deep.include({ path: '/api/notes/%31?x=1' });
      expect(client.sent).to.equal(1);
    });

    it('connects to the address resolved at start, whatever the host name', async () => {
      const client = await clientFor(`http://localhost:${inside.port}/api`);

      const response = await client.send({ method: 'GET', path: '/who' });

      expect((response.json as { host: string }).host).to.equal(`localhost:${inside.port}`);
    });

    it('never follows a redirect to another server', async () => {
      const client = await clientFor(`http://127.0.0.1:${inside.port}/api`);
      const before = outside.seen.length;

      const response = await client.send({ method: 'GET', path: '/redirect' });

      expect(response.status).to.equal(302);
      expect(outside.seen.length).to.equal(before);
    });

    it('refuses a path that leaves the base URL without sending anything', async () => {
      const client = await clientFor(`http://127.0.0.1:${inside.port}/api`);
      const before = inside.seen.length;

      for (const path of [
        `//127.0.0.1:${outside.port}/x`,
        '/../x',
        `http://127.0.0.1:${outside.port}/`,
      ]) {
        await client.send({ method: 'GET', path }).then(
          () => expect.fail(`${path} was sent`),
          (error: unknown) => expect(error).to.be.instanceOf(ScopeError),
        );
      }
      expect(inside.seen.length).to.equal(before);
      expect(client.sent).to.equal(0);
    });

    it('stops at the request budget', async () => {
      const client = await clientFor(`http://127.0.0.1:${inside.port}/api`, { maxRequests: 2 });
      await client.send({ method: 'GET', path: '/a' });
      await client.send({ method: 'GET', path: '/b' });

      const third = await client
        .send({ method: 'GET', path: '/c' })
        .catch((error: unknown) => error);

      expect(third).to.be.instanceOf(BudgetError);
      expect(client.sent).to.equal(2);
      expect(client.remaining).to.equal(0);
    });

    it('stops at the deadline of the run', async () => {
      const client = await clientFor(`http://127.0.0.1:${inside.port}/api`, {
        deadline: Date.now() - 1,
      });

      const error = await client.send({ method: 'GET', path: '/a' }).catch((e: unknown) => e);

      expect(error).to.be.instanceOf(BudgetError);
      expect(client.sent).to.equal(0);
    });

    it('keeps at most the first part of a large body', async () => {
      const client = await clientFor(`http://127.0.0.1:${inside.port}/api`);

      const response = await client.send({ method: 'GET', path: '/big' });

      expect(response.text.length).to.equal(MAX_BODY_BYTES);
    });
  });
});
