import { constants } from 'node:crypto';
import type { SecureContextOptions, TlsOptions } from 'node:tls';

/**
 * TLS 1.2 suites offered: forward-secret key exchange (ECDHE) with AEAD ciphers only — no RSA key
 * exchange, no CBC, no SHA-1 MACs, no 3DES or RC4. The TLS 1.3 suites are all AEAD and listed so
 * the set does not depend on the OpenSSL build's defaults.
 */
export const TLS_CIPHERS: readonly string[] = Object.freeze([
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_AES_128_GCM_SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
]);

/** Key exchange groups, strongest and fastest first. */
const CURVES = 'X25519:prime256v1:secp384r1';

/**
 * The TLS options of a Bulwark server: the key material plus the protocol floor, the cipher
 * allow-list with the server's preference order, and no renegotiation (a client-triggered
 * renegotiation costs the server far more than the client).
 *
 * @param material - Key, certificate and optional passphrase.
 * @param minVersion - `'TLSv1.2'` or `'TLSv1.3'`.
 * @returns Options for `https.createServer`.
 */
export function tlsServerOptions(
  material: Pick<SecureContextOptions, 'key' | 'cert' | 'passphrase'>,
  minVersion: 'TLSv1.2' | 'TLSv1.3',
): TlsOptions {
  return {
    ...material,
    minVersion,
    ciphers: TLS_CIPHERS.join(':'),
    honorCipherOrder: true,
    ecdhCurve: CURVES,
    secureOptions: constants.SSL_OP_NO_RENEGOTIATION,
  };
}
