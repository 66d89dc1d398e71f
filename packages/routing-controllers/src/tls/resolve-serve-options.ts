import { BulwarkError } from '@bulwark/core';
import { DEFAULTS } from '../config/defaults';
import type { DevelopmentTls, ServeOptions, TlsFiles } from './serve-options';

/** Serve options after validation, with every default filled in. */
export interface ResolvedServeOptions {
  readonly port: number;
  readonly host: string;
  readonly tls: TlsFiles | DevelopmentTls | false;
  readonly isProduction: boolean;
  readonly limits: {
    readonly headersTimeoutMs: number;
    readonly requestTimeoutMs: number;
    readonly keepAliveTimeoutMs: number;
    readonly maxHeaderBytes: number;
    readonly maxHeadersCount: number;
  };
}

const KEYS = new Set(['port', 'host', 'tls', 'isProduction', 'limits']);
const LIMIT_KEYS = new Set([
  'headersTimeoutMs',
  'requestTimeoutMs',
  'keepAliveTimeoutMs',
  'maxHeaderBytes',
  'maxHeadersCount',
]);

/**
 * Checks the options of `serve` once, reporting every problem together.
 *
 * @param options - The options as given.
 * @returns The resolved options.
 * @throws BulwarkError `ERR_CONFIG_INVALID` listing every problem in `details.problems`.
 */
export function resolveServeOptions(options: ServeOptions): ResolvedServeOptions {
  const problems: string[] = [];
  for (const key of Object.keys(options))
    if (!KEYS.has(key)) problems.push(`unknown option "${key}".`);
  for (const key of Object.keys(options.limits ?? {}))
    if (!LIMIT_KEYS.has(key)) problems.push(`unknown option "limits.${key}".`);

  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push('"port" must be 0-65535.');
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host.length === 0) problems.push('"host" must be an address.');
  const isProduction = options.isProduction ?? process.env.NODE_ENV === 'production';
  const tls = options.tls ?? false;
  checkTls(tls, isProduction, problems);
  const given = options.limits ?? {};
  const limits = {
    headersTimeoutMs: given.headersTimeoutMs ?? DEFAULTS.headersTimeoutMs,
    requestTimeoutMs: given.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
    keepAliveTimeoutMs: given.keepAliveTimeoutMs ?? DEFAULTS.keepAliveTimeoutMs,
    maxHeaderBytes: given.maxHeaderBytes ?? DEFAULTS.maxHeaderBytes,
    maxHeadersCount: given.maxHeadersCount ?? DEFAULTS.maxHeadersCount,
  };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < 1)
      problems.push(`"limits.${name}" must be a positive integer.`);
  }
  if (limits.headersTimeoutMs > limits.requestTimeoutMs)
    problems.push('"limits.headersTimeoutMs" cannot exceed "limits.requestTimeoutMs".');

  if (problems.length > 0) {
    throw new BulwarkError(
      'ERR_CONFIG_INVALID',
      `Invalid serve options:\n- ${problems.join('\n- ')}`,
      {
        details: { problems },
      },
    );
  }
  return Object.freeze({ port, host, tls, isProduction, limits: Object.freeze(limits) });
}

function checkTls(tls: ServeOptions['tls'], isProduction: boolean, problems: string[]): void {
  if (tls === false) return;
  if (typeof tls !== 'object' || tls === null) {
    problems.push('"tls" must be key and certificate files, a development certificate, or false.');
    return;
  }
  if (tls.minVersion !== undefined && !['TLSv1.2', 'TLSv1.3'].includes(tls.minVersion))
    problems.push('"tls.minVersion" must be "TLSv1.2" or "TLSv1.3".');
  if ('developmentCertificate' in tls) {
    if (tls.developmentCertificate !== true)
      problems.push('"tls.developmentCertificate" must be true.');
    if (isProduction) problems.push('a development certificate cannot be used in production.');
    return;
  }
  const files = tls as Partial<TlsFiles>;
  if (typeof files.keyFile !== 'string' || typeof files.certFile !== 'string')
    problems.push('"tls" needs "keyFile" and "certFile" paths.');
}
