import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../../src/main';
import type { CliIo } from '../../../src/terminal/io';

/** A one-route document: the public health check. */
const DOCUMENT = {
  openapi: '3.1.0',
  info: { title: 'Tiny', version: '1' },
  paths: {
    '/health': { get: { operationId: 'health', security: [], 'x-bulwark-rate-limits': [] } },
  },
};

function capture(cwd: string): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    env: { NO_COLOR: '1' },
    cwd,
    out: () => out,
    err: () => err,
  };
}

describe('probeCommand', () => {
  let folder: string;
  let server: Server;
  let url: string;
  let isPolluting = false;
  let requests = 0;

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'bulwark-probe-'));
    writeFileSync(join(folder, 'openapi.json'), JSON.stringify(DOCUMENT));
    server = createServer((request, response) => {
      requests += 1;
      const headers = { 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' };
      if (request.url?.includes('__proto__') && !isPolluting) {
        response.writeHead(400, { ...headers, 'content-type': 'application/problem+json' });
        response.end(JSON.stringify({ status: 400, code: 'ERR_REQUEST_MALFORMED' }));
        return;
      }
      response.writeHead(200, { ...headers, 'content-type': 'application/json' });
      response.end('{"status":"ok"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => {
    server.closeAllConnections();
    server.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const probe = (args: string[]) => {
    const io = capture(folder);
    return run(['probe', ...args], io).then((code) => ({ code, out: io.out(), err: io.err() }));
  };

  context('when the app answers as its policy says', () => {
    it('exits 0 and prints the table', async () => {
      isPolluting = false;

      const result = await probe(['--app', 'openapi.json', '--base-url', url]);

      expect(result.code).to.equal(0);
      expect(result.out).to.match(/GET \/health\s+input\.prototype-keys\s+pass/);
    });

    it('writes JSON and JUnit reports', async () => {
      const json = await probe(['--app', 'openapi.json', '-u', url, '-f', 'json']);
      await probe(['-a', 'openapi.json', '-u', url, '-f', 'junit', '-o', 'probe.xml']);

      expect(JSON.parse(json.out)).to.include({ tool: 'bulwark probe', title: 'Tiny' });
      expect(readFileSync(join(folder, 'probe.xml'), 'utf8')).to.include(
        '<testsuites name="bulwark probe"',
      );
    });
  });

  context('when an attack succeeds', () => {
    it('exits 1 and names the route and check', async () => {
      isPolluting = true;

      const result = await probe(['--app', 'openapi.json', '--base-url', url]);

      expect(result.code).to.equal(1);
      expect(result.out).to.match(
        /input\.prototype-keys\s+FAIL\s+a query with __proto__: expected 400/,
      );
    });
  });

  it('is listed by bulwark --help and explains its options and exit codes', async () => {
    const overview = capture(folder);
    const help = capture(folder);

    await run(['--help'], overview);
    const code = await run(['probe', '--help'], help);

    expect(overview.out()).to.match(/\n  probe\s+Attack a running app/);
    expect(code).to.equal(0);
    expect(help.out()).to.include('Usage: bulwark probe --app <entry> --base-url <url>');
    expect(help.out()).to.include('--allow-writes').and.include('Exit codes: 0 no check failed');
  });

  context('when the command line is wrong', () => {
    for (const [args, message] of [
      [['--base-url', 'http://127.0.0.1:1'], '--app is required'],
      [['--app', 'openapi.json'], '--base-url is required'],
      [
        ['--app', 'openapi.json', '-u', 'http://127.0.0.1:1', '-f', 'xml'],
        '--format must be one of',
      ],
      [
        ['--app', 'openapi.json', '-u', 'http://127.0.0.1:1', '--max-requests', '0'],
        '--max-requests must be a positive',
      ],
      [
        ['--app', 'openapi.json', '-u', 'http://127.0.0.1:1', '--timeout', '1.5'],
        '--timeout must be a positive',
      ],
    ] as const) {
      it(`exits 2 for ${args.join(' ')}`, async () => {
        const result = await probe([...args]);

        expect(result.code).to.equal(2);
        expect(result.err).to.include(message);
      });
    }

    it('refuses a base URL that is not loopback and sends nothing', async () => {
      const before = requests;

      const result = await probe([
        '--app',
        'openapi.json',
        '--base-url',
        'http://203.0.113.9:3000',
      ]);

      expect(result.code).to.equal(2);
      expect(result.err).to.include('not a loopback address');
      expect(requests).to.equal(before);
    });

    it('refuses a config file that is not JSON without quoting it', async () => {
      writeFileSync(
        join(folder, 'broken.json'),
        '{"principals": {"erin": {"token": "eyJsecret-token-text',
      );

      const result = await probe(['-a', 'openapi.json', '-u', url, '-c', 'broken.json']);

      expect(result.code).to.equal(2);
      expect(result.err).to.include('is not readable JSON');
      expect(result.err).to.not.include('secret-token-text');
    });

    it('lists every problem of an invalid config', async () => {
      writeFileSync(
        join(folder, 'invalid.json'),
        JSON.stringify({ principals: { erin: {} }, extra: 1 }),
      );

      const result = await probe(['-a', 'openapi.json', '-u', url, '-c', 'invalid.json']);

      expect(result.code).to.equal(2);
      expect(result.err)
        .to.include('unknown key "extra"')
        .and.include('principals.erin: give exactly one of');
    });
  });

  context('when the app cannot be read', () => {
    it('exits 3 for a missing entry or a document that is not OpenAPI', async () => {
      writeFileSync(join(folder, 'not-openapi.json'), '{"swagger":"2.0"}');

      const missing = await probe(['-a', 'nowhere.json', '-u', url]);
      const wrong = await probe(['-a', 'not-openapi.json', '-u', url]);

      expect(missing.code).to.equal(3);
      expect(missing.err).to.include('nothing at');
      expect(wrong.code).to.equal(3);
      expect(wrong.err).to.include('not an OpenAPI 3 document');
    });
  });
});
