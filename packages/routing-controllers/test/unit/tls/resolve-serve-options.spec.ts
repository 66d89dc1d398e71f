import { expect } from 'chai';
import type { ServeOptions } from '@bulwark/routing-controllers';
import { resolveServeOptions } from '../../../src/tls/resolve-serve-options';

function problemsOf(options: unknown): string[] {
  try {
    resolveServeOptions(options as ServeOptions);
    return [];
  } catch (error) {
    expect((error as { code: string }).code).to.equal('ERR_CONFIG_INVALID');
    return (error as { details: { problems: string[] } }).details.problems;
  }
}

describe('resolveServeOptions', () => {
  const env = process.env.NODE_ENV;

  afterEach(() => {
    process.env.NODE_ENV = env;
  });

  it('fills the defaults: loopback, any port, plain HTTP, hardened limits, frozen', () => {
    process.env.NODE_ENV = 'test';

    const resolved = resolveServeOptions({});

    expect(resolved).to.deep.equal({
      port: 0,
      host: '127.0.0.1',
      tls: false,
      isProduction: false,
      limits: {
        headersTimeoutMs: 10_000,
        requestTimeoutMs: 30_000,
        keepAliveTimeoutMs: 5_000,
        maxHeaderBytes: 16_384,
        maxHeadersCount: 100,
      },
    });
    expect(Object.isFrozen(resolved) && Object.isFrozen(resolved.limits)).to.equal(true);
  });

  it('takes files and a development certificate outside production', () => {
    expect(
      problemsOf({ tls: { keyFile: 'k.pem', certFile: 'c.pem', minVersion: 'TLSv1.3' } }),
    ).to.deep.equal([]);
    expect(
      problemsOf({ tls: { developmentCertificate: true }, isProduction: false }),
    ).to.deep.equal([]);
  });

  it('refuses a development certificate in production, also by NODE_ENV', () => {
    process.env.NODE_ENV = 'production';

    expect(problemsOf({ tls: { developmentCertificate: true } })).to.deep.equal([
      'a development certificate cannot be used in production.',
    ]);
  });

  it('reports every problem together', () => {
    expect(
      problemsOf({
        port: 70_000,
        host: '',
        tls: { keyFile: 'k.pem', minVersion: 'TLSv1' },
        limits: { headersTimeoutMs: 0, requestTimeoutMs: 1.5, bodyTimeoutMs: 5 },
        verbose: true,
      }),
    ).to.deep.equal([
      'unknown option "verbose".',
      'unknown option "limits.bodyTimeoutMs".',
      '"port" must be 0-65535.',
      '"host" must be an address.',
      '"tls.minVersion" must be "TLSv1.2" or "TLSv1.3".',
      '"tls" needs "keyFile" and "certFile" paths.',
      '"limits.headersTimeoutMs" must be a positive integer.',
      '"limits.requestTimeoutMs" must be a positive integer.',
    ]);
  });

  it('refuses a header timeout longer than the request timeout', () => {
    expect(
      problemsOf({ limits: { headersTimeoutMs: 5000, requestTimeoutMs: 1000 } }),
    ).to.deep.equal(['"limits.headersTimeoutMs" cannot exceed "limits.requestTimeoutMs".']);
  });

  it('refuses TLS settings of the wrong shape', () => {
    expect(problemsOf({ tls: true })).to.deep.equal([
      '"tls" must be key and certificate files, a development certificate, or false.',
    ]);
    expect(problemsOf({ tls: { developmentCertificate: 'yes' } })).to.deep.equal([
      '"tls.developmentCertificate" must be true.',
    ]);
  });
});
