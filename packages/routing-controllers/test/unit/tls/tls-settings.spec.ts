import { constants } from 'node:crypto';
import { getCiphers } from 'node:tls';
import { expect } from 'chai';
import { TLS_CIPHERS, tlsServerOptions } from '../../../src/tls/tls-settings';

describe('tlsServerOptions', () => {
  const options = tlsServerOptions({ key: 'k', cert: 'c' }, 'TLSv1.2');

  it('sets the protocol floor, server cipher order and no renegotiation', () => {
    expect(options).to.include({
      key: 'k',
      cert: 'c',
      minVersion: 'TLSv1.2',
      honorCipherOrder: true,
    });
    expect(options.secureOptions).to.equal(constants.SSL_OP_NO_RENEGOTIATION);
  });

  it('offers only forward-secret AEAD suites', () => {
    for (const name of TLS_CIPHERS) {
      expect(name, name).to.match(/^(TLS_|ECDHE-)/);
      expect(name, name).to.match(/GCM|CHACHA20-POLY1305|CHACHA20_POLY1305/);
    }
    expect(options.ciphers).to.equal(TLS_CIPHERS.join(':'));
  });

  it('names only suites this OpenSSL knows', () => {
    const known = new Set(getCiphers().map((c) => c.toUpperCase()));
    for (const name of TLS_CIPHERS) {
      expect(known.has(name), name).to.equal(true);
    }
  });
});
