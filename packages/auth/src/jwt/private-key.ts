import { createPrivateKey, KeyObject } from 'node:crypto';
import type { JsonWebKey } from 'node:crypto';
import { isWebCryptoKey, type WebCryptoKey } from '../internal/options';

/** An asymmetric private key: PKCS#8/SEC1/PKCS#1 PEM, a private JWK, or a key object. */
export type PrivateKeyInput = string | JsonWebKey | KeyObject | WebCryptoKey;

/**
 * Reads a private key from the accepted forms.
 *
 * @param input - PEM text, a private JWK (with `d`), a KeyObject or a CryptoKey.
 * @returns The private key, or `undefined` when the input is not an asymmetric private key.
 */
export function toPrivateKey(input: unknown): KeyObject | undefined {
  try {
    if (input instanceof KeyObject) return input.type === 'private' ? input : undefined;
    if (isWebCryptoKey(input)) {
      return toPrivateKey(KeyObject.from(input));
    }
    if (typeof input === 'string') return createPrivateKey(input);
    if (typeof input === 'object' && input !== null && (input as JsonWebKey).kty !== 'oct') {
      return createPrivateKey({ key: input as JsonWebKey, format: 'jwk' });
    }
  } catch {
    return undefined;
  }
  return undefined;
}
