/** TLS from certificate files, as a deployment uses them. */
export interface TlsFiles {
  /** Path of the PEM private key. */
  readonly keyFile: string;
  /** Path of the PEM certificate chain (leaf first). */
  readonly certFile: string;
  /** Passphrase of an encrypted key; read it from a secret store, not the source. */
  readonly passphrase?: string;
  /** Lowest protocol offered. @defaultValue 'TLSv1.2' */
  readonly minVersion?: 'TLSv1.2' | 'TLSv1.3';
}

/**
 * TLS with a self-signed certificate generated at start-up, for development only: browsers and
 * clients must be told to trust it (`BulwarkServer.certificate` holds its PEM).
 */
export interface DevelopmentTls {
  readonly developmentCertificate: true;
  /** Host names and addresses besides `localhost`, `127.0.0.1` and `::1`. @defaultValue [] */
  readonly hostnames?: readonly string[];
  /** Lowest protocol offered. @defaultValue 'TLSv1.2' */
  readonly minVersion?: 'TLSv1.2' | 'TLSv1.3';
}

/** Limits against slow and oversized requests, applied to the HTTP(S) server. */
export interface ServerLimits {
  /** Time to receive the complete request headers. @defaultValue 10000 */
  readonly headersTimeoutMs?: number;
  /** Time to receive the complete request, body included. @defaultValue 30000 */
  readonly requestTimeoutMs?: number;
  /** Idle time of a keep-alive connection between requests. @defaultValue 5000 */
  readonly keepAliveTimeoutMs?: number;
  /** Largest request head (request line plus headers), in bytes; beyond it Node answers 431. @defaultValue 16384 */
  readonly maxHeaderBytes?: number;
  /** Most headers read from a request; the rest are dropped. @defaultValue 100 */
  readonly maxHeadersCount?: number;
}

/** Options of {@link serve}. */
export interface ServeOptions {
  /** Port; 0 picks a free one. @defaultValue 0 */
  readonly port?: number;
  /** Address to listen on; exposing the service beyond the machine is an explicit choice. @defaultValue '127.0.0.1' */
  readonly host?: string;
  /** Serve HTTPS from files or a development certificate; `false` serves plain HTTP (behind a TLS proxy). @defaultValue false */
  readonly tls?: TlsFiles | DevelopmentTls | false;
  /** Production refuses a development certificate. @defaultValue `process.env.NODE_ENV === 'production'` */
  readonly isProduction?: boolean;
  /** Timeouts and header limits. */
  readonly limits?: ServerLimits;
}
