import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { BulwarkError } from '@bulwark/core';
import { DEFAULTS } from '../config/defaults';
import { createDevelopmentCertificate } from './development-certificate';
import type { ServeOptions, TlsFiles } from './serve-options';
import { resolveServeOptions, type ResolvedServeOptions } from './resolve-serve-options';
import { tlsServerOptions } from './tls-settings';

/** A listening server started by {@link serve}. */
export interface BulwarkServer {
  readonly server: Server;
  /** Where it listens, such as `https://127.0.0.1:8443`. */
  readonly url: string;
  /** The PEM certificate of a generated development certificate, for clients to trust; else `null`. */
  readonly certificate: string | null;
  /** Stops accepting connections and resolves once open requests are answered. */
  close(): Promise<void>;
}

/**
 * Serves an Express app (or any request listener) over HTTPS or HTTP with the hardened server
 * settings: TLS 1.2+ with forward-secret AEAD suites only, a header size limit, and timeouts for
 * headers, whole requests and idle keep-alive connections, so slow clients cannot hold sockets.
 *
 * Security: use it instead of `app.listen`, which applies Node's looser defaults (five minutes
 * per request, thirty seconds between timeout checks). A development certificate is refused in
 * production. Plain HTTP (`tls: false`) suits a service behind a TLS-terminating proxy listed in
 * `trustedProxies`; the runtime's `https.plainHttp` decides what unencrypted requests get.
 *
 * @param app - The Express app, after `useBulwark`.
 * @param options - Port, host, TLS, limits.
 * @returns The listening server.
 * @throws BulwarkError `ERR_CONFIG_INVALID` for invalid options, unreadable key or certificate
 *   files, or a development certificate in production.
 * @example
 * ```ts
 * const { url } = await serve(app, {
 *   port: 8443,
 *   tls: { keyFile: '/run/secrets/tls.key', certFile: '/run/secrets/tls.crt' },
 * });
 * ```
 */
export async function serve(
  app: RequestListener,
  options: ServeOptions = {},
): Promise<BulwarkServer> {
  const resolved = resolveServeOptions(options);
  const tls = resolved.tls === false ? null : await loadTls(resolved);
  const serverOptions = {
    maxHeaderSize: resolved.limits.maxHeaderBytes,
    requestTimeout: resolved.limits.requestTimeoutMs,
    headersTimeout: resolved.limits.headersTimeoutMs,
    keepAliveTimeout: resolved.limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: DEFAULTS.connectionsCheckingIntervalMs,
  };
  const server: Server =
    tls === null
      ? createHttpServer(serverOptions, app)
      : createHttpsServer({ ...serverOptions, ...tls.options }, app);
  server.maxHeadersCount = resolved.limits.maxHeadersCount;
  server.keepAliveTimeout = resolved.limits.keepAliveTimeoutMs;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  return Object.freeze({
    server,
    url: `${tls === null ? 'http' : 'https'}://${host}:${port}`,
    certificate: tls?.developmentCertificate ?? null,
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close((error) => (error === undefined ? resolve() : reject(error))),
      ),
  });
}

async function loadTls(resolved: ResolvedServeOptions) {
  const tls = resolved.tls as Exclude<ResolvedServeOptions['tls'], false>;
  const minVersion = tls.minVersion ?? DEFAULTS.tlsMinVersion;
  if ('developmentCertificate' in tls) {
    const generated = await createDevelopmentCertificate(tls.hostnames ?? []);
    return {
      options: tlsServerOptions({ key: generated.key, cert: generated.cert }, minVersion),
      developmentCertificate: generated.cert,
    };
  }
  const files = tls as TlsFiles;
  const [key, cert] = await Promise.all([
    read(files.keyFile, 'keyFile'),
    read(files.certFile, 'certFile'),
  ]);
  const material = {
    key,
    cert,
    ...(files.passphrase === undefined ? {} : { passphrase: files.passphrase }),
  };
  return { options: tlsServerOptions(material, minVersion), developmentCertificate: null };
}

async function read(path: string, name: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    // The message names the option, not the path's content; the cause stays for operators.
    throw new BulwarkError('ERR_CONFIG_INVALID', `Cannot read the TLS "${name}" file.`, {
      cause: error,
      details: { problems: [`"tls.${name}" cannot be read.`] },
    });
  }
}
