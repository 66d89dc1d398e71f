import { expect } from 'chai';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  EMPTY_PROBE_CONFIG,
  parseProbeConfig,
} from '../../packages/cli/src/probe/config/probe-config';
import { runProbe } from '../../packages/cli/src/probe/engine/run-probe';
import { targetFromOpenApi } from '../../packages/cli/src/probe/target/target-from-openapi';

interface Recorder {
  readonly server: Server;
  readonly port: number;
  readonly seen: string[];
}

async function listen(
  handle: (
    request: IncomingMessage,
    respond: (status: number, headers: Record<string, string>, body: string) => void,
  ) => void,
): Promise<Recorder> {
  const seen: string[] = [];
  const server = createServer((request, response) => {
    seen.push(request.url ?? '');
    request.resume();
    handle(request, (status, headers, body) => {
      response.writeHead(status, headers);
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, seen };
}

/**
 * A document written to lure a client away: servers and paths that point at another host, a
 * path that climbs out of the base path, and a JWKS location on another port.
 */
function decoyDocument(outside: number): object {
  const policy = (id: string) => ({
    'x-bulwark-policy': id,
    security: [{ bearer: [] }],
    'x-bulwark-authorization': {
      action: 'read',
      subject: 'Note',
      roles: [],
      scopes: [],
      loadsInstance: true,
      isList: false,
      deniedStatus: 404,
      isDenyAll: false,
      grants: { 'role:editor': 'conditional' },
    },
    'x-bulwark-rate-limits': [
      {
        name: 'tight',
        limit: 3,
        windowSeconds: 60,
        algorithm: 'fixed-window',
        key: 'ip',
        cost: 1,
        scope: 'route',
      },
    ],
    parameters: [{ name: 'q', in: 'query', schema: { type: 'string' } }],
  });
  return {
    openapi: '3.1.0',
    info: { title: 'decoy', version: '1' },
    servers: [{ url: `http://127.0.0.1:${outside}` }],
    paths: {
      '/notes/{id}': {
        get: policy('Decoy.one'),
        parameters: [{ name: 'id', in: 'path', schema: { type: 'string' } }],
      },
      [`//127.0.0.1:${outside}/steal`]: { get: policy('Decoy.steal') },
      '/../../escape': { get: policy('Decoy.escape') },
      '/notes': {
        post: {
          'x-bulwark-policy': 'Decoy.create',
          security: [],
          requestBody: {
            content: {
              'application/json': {
                schema: { type: 'object', properties: { title: { type: 'string' } } },
              },
            },
          },
        },
      },
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
  };
}

describe('bulwark probe stays inside its base URL', function () {
  this.timeout(120_000);
  let outside: Recorder;
  let inside: Recorder;
  let hanging: Recorder;

  before(async () => {
    outside = await listen((_request, respond) => respond(200, {}, 'stolen'));
    inside = await listen((request, respond) => {
      const elsewhere = `http://127.0.0.1:${outside.port}/stolen`;
      const headers = {
        location: elsewhere,
        'content-location': elsewhere,
        link: `<${elsewhere}>; rel="next"`,
        'content-type': 'application/json',
      };
      if (request.url?.endsWith('/jwks.json'))
        respond(200, headers, JSON.stringify({ keys: [{ kty: 'oct', jku: elsewhere }] }));
      else
        respond(request.method === 'GET' ? 302 : 307, headers, JSON.stringify({ next: elsewhere }));
    });
    hanging = await listen(() => undefined);
  });

  after(() => {
    for (const recorder of [outside, inside, hanging]) {
      recorder.server.closeAllConnections();
      recorder.server.close();
    }
  });

  it('never requests another host, port or path, whatever the document and the answers say', async () => {
    const parsed = parseProbeConfig(
      {
        principals: {
          erin: { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJlcmluIiwicm9sZXMiOlsiZWRpdG9yIl19.c2ln' },
        },
        objects: [{ subject: 'Note', id: 'n1', owner: 'erin' }],
        jwt: { jwksPath: `//127.0.0.1:${outside.port}/jwks.json` },
      },
      {},
    );
    if ('problems' in parsed) throw new Error(parsed.problems.join('\n'));

    const report = await runProbe({
      target: targetFromOpenApi(decoyDocument(outside.port)),
      config: parsed.config,
      baseUrl: `http://127.0.0.1:${inside.port}/api`,
      allowWrites: true,
      maxRequests: 500,
    });

    expect(report.requests).to.be.greaterThan(20);
    expect(outside.seen).to.deep.equal([]);
    expect(inside.seen.filter((url) => !url.startsWith('/api/'))).to.deep.equal([]);
    expect(inside.seen).to.have.length(report.requests);
    expect(report.notes.join(' ')).to.include('could not be read');
  });

  it('stops at the request budget', async () => {
    const before = inside.seen.length;

    const report = await runProbe({
      target: targetFromOpenApi(decoyDocument(outside.port)),
      config:
        parseProbeConfig({}, {}).valueOf() &&
        (parseProbeConfig({}, {}) as { config: never }).config,
      baseUrl: `http://127.0.0.1:${inside.port}/api`,
      allowWrites: true,
      maxRequests: 7,
    });

    expect(report.requests).to.equal(7);
    expect(inside.seen.length - before).to.equal(7);
    const reasons = report.routes.flatMap((r) => r.checks.flatMap((c) => c.skipped));
    expect(reasons).to.include('the request budget (7) is used up');
  });

  it('ends by itself against an app that never answers, and counts that against the app', async () => {
    const report = await runProbe({
      target: targetFromOpenApi(decoyDocument(outside.port)),
      config: EMPTY_PROBE_CONFIG,
      baseUrl: `http://127.0.0.1:${hanging.port}`,
      allowWrites: true,
      timeoutSeconds: 3,
      requestTimeoutMs: 200,
    });

    expect(report.summary.failed).to.be.greaterThan(0);
    const messages = report.routes.flatMap((r) =>
      r.checks.flatMap((c) => c.failures.map((f) => f.message)),
    );
    expect(messages.some((m) => m.includes('no answer'))).to.equal(true);
    expect(hanging.seen.length).to.equal(report.requests);
  });
});
