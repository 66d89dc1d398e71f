import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type ConnectionOptions } from 'node:tls';
import {
  createDevelopmentCertificate,
  serve,
  TLS_CIPHERS,
  type BulwarkServer,
} from '@bulwark/routing-controllers';
import { expect } from 'chai';
import { useHardeningApp } from './support/hardening-app';
import { send } from './support/http';

type Handshake = { protocol: string | null; cipher: string } | { error: string };

/** Opens a TLS connection with the given client settings and reports what was negotiated. */
function handshake(url: string, options: ConnectionOptions): Promise<Handshake> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: Number(port), ...options }, () => {
      resolve({ protocol: socket.getProtocol(), cipher: socket.getCipher().name });
      socket.end();
    });
    socket.once('error', (error: NodeJS.ErrnoException) =>
      resolve({ error: error.code ?? error.message }),
    );
  });
}

describe('TLS serving (end to end)', () => {
  const suite = useHardeningApp({ serve: { tls: { developmentCertificate: true } } });
  const trust = (): ConnectionOptions => ({ ca: suite.app.certificate ?? '' });

  it('answers HTTPS requests through the Bulwark pipeline', async () => {
    const res = await send(`${suite.app.url}/plain`, {
      ca: suite.app.certificate ?? '',
      token: suite.token,
    });

    expect(res.status).to.equal(200);
    expect(res.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
  });

  it('negotiates TLS 1.3 with a current client', async () => {
    const result = await handshake(suite.app.url, trust());

    expect(result).to.deep.include({ protocol: 'TLSv1.3' });
  });

  it('negotiates TLS 1.2 only with a forward-secret AEAD suite', async () => {
    const result = await handshake(suite.app.url, { ...trust(), maxVersion: 'TLSv1.2' });

    expect(result).to.have.property('protocol', 'TLSv1.2');
    expect(TLS_CIPHERS).to.include((result as { cipher: string }).cipher);
  });

  it('refuses TLS 1.0 and 1.1 clients', async () => {
    for (const version of ['TLSv1', 'TLSv1.1'] as const) {
      const result = await handshake(suite.app.url, {
        ...trust(),
        minVersion: version,
        maxVersion: version,
        ciphers: 'DEFAULT@SECLEVEL=0',
      });

      expect(result, version).to.deep.equal({ error: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' });
    }
  });

  it('refuses TLS 1.2 clients that offer only weak suites', async () => {
    for (const ciphers of [
      'AES128-SHA',
      'ECDHE-ECDSA-AES128-SHA',
      'ECDHE-ECDSA-AES256-SHA384',
      'AES128-GCM-SHA256',
    ]) {
      const result = await handshake(suite.app.url, {
        ...trust(),
        maxVersion: 'TLSv1.2',
        ciphers: `${ciphers}@SECLEVEL=0`,
      });

      expect(result, ciphers).to.deep.equal({ error: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE' });
    }
  });

  it('generates a short-lived ECDSA certificate for the loopback names', () => {
    const certificate = new X509Certificate(suite.app.certificate ?? '');
    const lifetimeDays =
      (Date.parse(certificate.validTo) - Date.parse(certificate.validFrom)) / 86_400_000;

    expect(certificate.publicKey.asymmetricKeyType).to.equal('ec');
    expect(certificate.subjectAltName)
      .to.include('DNS:localhost')
      .and.include('IP Address:127.0.0.1');
    expect(lifetimeDays).to.be.at.most(31);
    expect(certificate.checkHost('localhost')).to.equal('localhost');
  });

  context('with key and certificate files', () => {
    let directory: string;
    let server: BulwarkServer | undefined;

    before(async () => {
      directory = await mkdtemp(join(tmpdir(), 'bulwark-tls-'));
    });

    after(async () => {
      server?.server.closeAllConnections();
      await server?.close();
      await rm(directory, { recursive: true, force: true });
    });

    it('serves with the files and the TLS 1.3 floor when asked', async () => {
      const pair = await createDevelopmentCertificate();
      await writeFile(join(directory, 'key.pem'), pair.key, { mode: 0o600 });
      await writeFile(join(directory, 'cert.pem'), pair.cert);
      server = await serve((_request, response) => response.end('ok'), {
        tls: {
          keyFile: join(directory, 'key.pem'),
          certFile: join(directory, 'cert.pem'),
          minVersion: 'TLSv1.3',
        },
      });

      const modern = await handshake(server.url, { ca: pair.cert });
      const older = await handshake(server.url, { ca: pair.cert, maxVersion: 'TLSv1.2' });

      expect(modern).to.deep.include({ protocol: 'TLSv1.3' });
      expect(older).to.deep.equal({ error: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' });
    });

    it('refuses unreadable key files at start-up without echoing their path content', async () => {
      let failure: { code?: string; message?: string } | undefined;
      try {
        await serve((_request, response) => response.end('ok'), {
          tls: { keyFile: join(directory, 'missing.pem'), certFile: join(directory, 'cert.pem') },
        });
      } catch (error) {
        failure = error as typeof failure;
      }

      expect(failure?.code).to.equal('ERR_CONFIG_INVALID');
      expect(failure?.message).to.equal('Cannot read the TLS "keyFile" file.');
    });
  });
});
