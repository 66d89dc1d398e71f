import {
  constants,
  createHmac,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  type KeyObject,
} from 'node:crypto';

/** A JWT split into its parts; `header` and `payload` are the decoded JSON objects. */
export interface DecodedJwt {
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly signature: string;
}

/** One forged token and what makes it invalid, for reports. */
export interface ForgedToken {
  readonly token: string;
  readonly label: string;
}

/**
 * Decodes a compact JWS without verifying it, to reuse a real token's header and claims.
 *
 * @param token - A compact JWT.
 * @returns The parts, or `null` when the token is not three base64url JSON parts.
 */
export function decodeJwt(token: string): DecodedJwt | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as unknown;
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as unknown;
    if (!isRecord(header) || !isRecord(payload)) return null;
    return { header, payload, signature: parts[2]! };
  } catch {
    return null;
  }
}

const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * The token with its signature removed and `alg: none` (in two spellings), which a verifier
 * without an algorithm allow-list accepts.
 *
 * @param template - A real token, decoded.
 * @returns The unsigned tokens.
 */
export function unsignedTokens(template: DecodedJwt): ForgedToken[] {
  const body = encode(template.payload);
  return ['none', 'None'].map((alg) => ({
    token: `${encode({ ...template.header, alg })}.${body}.`,
    label: `alg "${alg}", no signature`,
  }));
}

/**
 * The token's claims signed with a key the app never issued, same algorithm family as the
 * original: a random HMAC secret, or a fresh RSA, EC or Ed25519 key pair.
 *
 * @param template - A real token, decoded.
 * @returns The forged token.
 */
export function wrongKeyToken(template: DecodedJwt): ForgedToken {
  const alg = String(template.header['alg'] ?? 'HS256');
  const signingInput = `${encode(template.header)}.${encode(template.payload)}`;
  const signature = alg.startsWith('HS')
    ? hmac(alg, randomBytes(32), signingInput)
    : asymmetric(alg, freshKey(alg), signingInput);
  return { token: `${signingInput}.${signature}`, label: `signed with a foreign ${alg} key` };
}

/**
 * The original header and signature over claims changed to ask for more (an admin role, a
 * longer life): a verifier that skips the signature check accepts it.
 *
 * @param template - A real token, decoded.
 * @returns The tampered token.
 */
export function tamperedToken(template: DecodedJwt): ForgedToken {
  const exp =
    typeof template.payload['exp'] === 'number' ? template.payload['exp'] + 86_400 : undefined;
  const payload = { ...template.payload, roles: ['admin'], ...(exp === undefined ? {} : { exp }) };
  return {
    token: `${encode(template.header)}.${encode(payload)}.${template.signature}`,
    label: 'claims changed under the original signature',
  };
}

/**
 * Algorithm confusion: the claims signed with HS256 using the app's public key (as PEM text, with
 * and without the final newline) as the HMAC secret. A verifier that picks the algorithm from
 * the token header and verifies HMAC with the configured public key accepts it.
 *
 * @param template - A real token, decoded (usually one an asymmetric key signed).
 * @param jwk - One public key from the app's JWKS.
 * @returns The forged tokens; empty when the key cannot be read.
 */
export function confusedTokens(template: DecodedJwt, jwk: Record<string, unknown>): ForgedToken[] {
  let pem: string;
  try {
    pem = createPublicKey({ key: jwk as never, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString();
  } catch {
    return [];
  }
  const header = { ...template.header, alg: 'HS256' };
  const signingInput = `${encode(header)}.${encode(template.payload)}`;
  const kid = typeof jwk['kid'] === 'string' ? ` ${jwk['kid']}` : '';
  return [pem, pem.trimEnd()].map((secret) => ({
    token: `${signingInput}.${hmac('HS256', Buffer.from(secret), signingInput)}`,
    label: `HS256 signed with the public key${kid} as secret`,
  }));
}

/**
 * The claims re-signed with the app's own HMAC secret but expired an hour ago (and issued two
 * hours ago), so only the expiry check can refuse it.
 *
 * @param template - A real HMAC-signed token, decoded.
 * @param secret - The app's HMAC secret.
 * @param nowSeconds - The current time in seconds.
 * @returns The expired token, or `null` when the template is not HMAC-signed.
 */
export function expiredToken(
  template: DecodedJwt,
  secret: string,
  nowSeconds: number,
): ForgedToken | null {
  const alg = String(template.header['alg'] ?? '');
  if (!/^HS(256|384|512)$/.test(alg)) return null;
  const payload = { ...template.payload, iat: nowSeconds - 7200, exp: nowSeconds - 3600 };
  if (typeof template.payload['nbf'] === 'number')
    Object.assign(payload, { nbf: nowSeconds - 7200 });
  const signingInput = `${encode(template.header)}.${encode(payload)}`;
  return {
    token: `${signingInput}.${hmac(alg, Buffer.from(secret), signingInput)}`,
    label: 'validly signed, expired an hour ago',
  };
}

function hmac(alg: string, secret: Buffer, input: string): string {
  const bits = alg.slice(2);
  return createHmac(`sha${bits === '384' || bits === '512' ? bits : '256'}`, secret)
    .update(input)
    .digest('base64url');
}

function asymmetric(alg: string, key: KeyObject, input: string): string {
  const data = Buffer.from(input);
  const bits = /(\d{3})$/.exec(alg)?.[1] ?? '256';
  if (alg === 'EdDSA') return sign(null, data, key).toString('base64url');
  if (alg.startsWith('ES')) {
    return sign(`sha${bits}`, data, { key, dsaEncoding: 'ieee-p1363' }).toString('base64url');
  }
  if (alg.startsWith('PS')) {
    return sign(`sha${bits}`, data, {
      key,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: Number(bits) / 8,
    }).toString('base64url');
  }
  return sign(`sha${bits}`, data, key).toString('base64url');
}

const generated = new Map<string, KeyObject>();

/** One fresh private key per algorithm family for the whole run (RSA generation is slow). */
function freshKey(alg: string): KeyObject {
  const family = alg.startsWith('ES') ? alg : alg === 'EdDSA' ? 'EdDSA' : 'RSA';
  const cached = generated.get(family);
  if (cached !== undefined) return cached;
  const curves: Record<string, string> = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' };
  const key =
    family === 'RSA'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
      : family === 'EdDSA'
        ? generateKeyPairSync('ed25519').privateKey
        : generateKeyPairSync('ec', { namedCurve: curves[family] ?? 'P-256' }).privateKey;
  generated.set(family, key);
  return key;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
