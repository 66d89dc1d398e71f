import { expect } from 'chai';
import {
  isLoopback,
  resolveScope,
  ScopeError,
  targetOf,
} from '../../../../src/probe/http/base-url';

async function refusal(baseUrl: string, allowRemote = false): Promise<string> {
  try {
    await resolveScope(baseUrl, allowRemote);
  } catch (error) {
    expect(error).to.be.instanceOf(ScopeError);
    return (error as Error).message;
  }
  throw new Error(`${baseUrl} was accepted`);
}

describe('isLoopback', () => {
  it('accepts 127.0.0.0/8, ::1 and their mapped forms', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) {
      expect(isLoopback(address), address).to.equal(true);
    }
  });

  it('refuses every other address', () => {
    for (const address of ['10.0.0.1', '0.0.0.0', '192.168.1.1', '::', 'fe80::1', '128.0.0.1']) {
      expect(isLoopback(address), address).to.equal(false);
    }
  });
});

describe('resolveScope', () => {
  it('pins a loopback literal with its port and base path', async () => {
    const scope = await resolveScope('http://127.0.0.1:3000/api/', false);

    expect(scope).to.include({ address: '127.0.0.1', port: 3000, basePath: '/api', family: 4 });
    expect(scope.label).to.equal('http://127.0.0.1:3000/api');
  });

  it('resolves localhost to a loopback address', async () => {
    const scope = await resolveScope('http://localhost:3000', false);

    expect(isLoopback(scope.address)).to.equal(true);
    expect(scope.hostname).to.equal('localhost');
  });

  context('when the host is not loopback', () => {
    it('refuses it without --allow-remote', async () => {
      expect(await refusal('http://203.0.113.10:8080')).to.match(/not a loopback address/);
      expect(await refusal('http://0.0.0.0:3000')).to.match(/not a loopback address/);
    });

    it('accepts it when remote targets are explicitly allowed', async () => {
      const scope = await resolveScope('https://203.0.113.10', true);

      expect(scope).to.include({ address: '203.0.113.10', port: 443, protocol: 'https:' });
    });
  });

  it('refuses other protocols, credentials, query strings and fragments', async () => {
    expect(await refusal('ftp://127.0.0.1/')).to.match(/only http and https/);
    expect(await refusal('http://user:secret@127.0.0.1/')).to.match(/credentials/);
    expect(await refusal('http://127.0.0.1/?a=1')).to.match(/query string/);
    expect(await refusal('http://127.0.0.1/#x')).to.match(/fragment/);
    expect(await refusal('127.0.0.1:3000')).to.match(/only http and https|absolute/);
  });
});

describe('targetOf', () => {
  let scope: Awaited<ReturnType<typeof resolveScope>>;

  before(async () => {
    scope = await resolveScope('http://127.0.0.1:3000/api', false);
  });

  it('prefixes the base path and keeps percent-encoding as given', () => {
    expect(targetOf(scope, '/notes/%31?limit=1')).to.equal('/api/notes/%31?limit=1');
  });

  it('refuses what is not a path under the base URL', () => {
    for (const path of [
      'http://evil.test/',
      '//evil.test/x',
      'notes',
      '/notes\\..\\x',
      '/notes x',
      '/notes#frag',
      '/a\u0000b',
      '/../admin',
      '/notes/../../other',
    ]) {
      expect(() => targetOf(scope, path), path).to.throw(ScopeError);
    }
  });

  it('accepts dot segments that stay under the base path', () => {
    expect(targetOf(scope, '/notes/../users')).to.equal('/api/notes/../users');
  });
});
