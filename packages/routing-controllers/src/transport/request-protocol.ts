import type { TLSSocket } from 'node:tls';
import type { Request } from 'express';

type TrustFunction = (address: string, hop: number) => boolean;

/**
 * Tells whether a request reached the service over HTTPS: its own connection is TLS, or the peer
 * is a trusted proxy (Express `trust proxy`, set from `trustedProxies`) whose `X-Forwarded-Proto`
 * says `https`.
 *
 * Security: only the last `X-Forwarded-Proto` value counts, the one the nearest proxy wrote; a
 * value the client sent itself and the proxy appended to is ignored. Express's own
 * `request.secure` reads the first value instead, which a client controls when the proxy
 * appends. From an untrusted peer the header is never read.
 *
 * @param request - The Express request.
 * @returns `true` for HTTPS.
 */
export function isSecureRequest(request: Request): boolean {
  if ((request.socket as Partial<TLSSocket>).encrypted === true) return true;
  const trust = request.app.get('trust proxy fn') as TrustFunction | undefined;
  const peer = request.socket.remoteAddress;
  if (trust === undefined || peer === undefined || !trust(peer, 0)) return false;
  const forwarded = request.headers['x-forwarded-proto'];
  const raw = Array.isArray(forwarded) ? forwarded.join(',') : forwarded;
  if (raw === undefined) return false;
  const last = raw.split(',').pop()?.trim().toLowerCase();
  return last === 'https';
}
