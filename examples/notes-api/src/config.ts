import { randomBytes } from 'node:crypto';
import type { DevelopmentTls, TlsFiles } from '@bulwark/routing-controllers';

/** Everything the notes API reads from its environment. */
export interface NotesAppConfig {
  readonly port: number;
  readonly host: string;
  readonly isProduction: boolean;
  /** PostgreSQL URL; without it the app uses SQLite at `sqlitePath`. */
  readonly databaseUrl: string | null;
  readonly sqlitePath: string;
  /** HS256 secret of login tokens, at least 32 bytes. */
  readonly jwtSecret: string;
  readonly issuer: string;
  readonly audience: string;
  /** Seed the demo users (development only). */
  readonly shouldSeed: boolean;
  readonly redisUrl: string | null;
  /** Requests per minute one client address may make across all routes. */
  readonly addressRateLimit: number;
  /** Serve `/openapi.json` and the API reference page at `/docs`. */
  readonly shouldServeApiReference: boolean;
  /** pino level of the request log; `silent` under test. */
  readonly logLevel: 'silent' | 'error' | 'warn' | 'info' | 'debug';
  /**
   * HTTPS: key and certificate files (`TLS_KEY_FILE`, `TLS_CERT_FILE`), a generated development
   * certificate (`TLS_DEV_CERT=true`, refused in production), or `false` for plain HTTP behind a
   * TLS-terminating proxy.
   */
  readonly tls: TlsFiles | DevelopmentTls | false;
  /**
   * Addresses of the proxies in front of the app (`TRUSTED_PROXIES`, comma-separated addresses,
   * CIDR ranges or `loopback`); only their `X-Forwarded-For` and `X-Forwarded-Proto` count.
   */
  readonly trustedProxies: readonly string[];
}

/**
 * Reads the configuration from environment variables.
 *
 * Security: in production a missing or short `JWT_SECRET` stops the app; in development a
 * random secret is generated for the process (tokens then die with it) and never printed.
 *
 * @param env - The environment, `process.env` by default.
 * @returns The configuration.
 * @throws Error when production configuration is incomplete.
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): NotesAppConfig {
  const isProduction = env.NODE_ENV === 'production';
  const secret = env.JWT_SECRET ?? '';
  if (isProduction && Buffer.byteLength(secret) < 32) {
    throw new Error(
      'JWT_SECRET must hold at least 32 bytes in production (openssl rand -base64 48).',
    );
  }
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error('PORT must be a port number.');
  return Object.freeze({
    port,
    host: env.HOST ?? '127.0.0.1',
    isProduction,
    databaseUrl: env.DATABASE_URL ?? null,
    sqlitePath: env.SQLITE_PATH ?? 'notes.sqlite',
    jwtSecret: Buffer.byteLength(secret) >= 32 ? secret : randomBytes(48).toString('base64url'),
    issuer: env.JWT_ISSUER ?? 'urn:bulwark:notes-api',
    audience: env.JWT_AUDIENCE ?? 'notes-api',
    shouldSeed: !isProduction && env.SEED_DEMO_USERS !== 'false',
    redisUrl: env.REDIS_URL ?? null,
    addressRateLimit: positiveInteger(env.RATE_LIMIT_PER_ADDRESS, 1200, 'RATE_LIMIT_PER_ADDRESS'),
    shouldServeApiReference: env.API_REFERENCE !== 'off',
    logLevel: logLevelOf(env),
    tls: tlsOf(env),
    trustedProxies: (env.TRUSTED_PROXIES ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0),
  });
}

function tlsOf(env: NodeJS.ProcessEnv): NotesAppConfig['tls'] {
  const keyFile = env.TLS_KEY_FILE;
  const certFile = env.TLS_CERT_FILE;
  if ((keyFile === undefined) !== (certFile === undefined))
    throw new Error('TLS_KEY_FILE and TLS_CERT_FILE go together.');
  if (keyFile !== undefined && certFile !== undefined) return { keyFile, certFile };
  return env.TLS_DEV_CERT === 'true' ? { developmentCertificate: true } : false;
}

function positiveInteger(value: string | undefined, fallback: number, name: string): number {
  const parsed = Number(value ?? fallback);
  if (!Number.isInteger(parsed) || parsed < 1)
    throw new Error(`${name} must be a positive integer.`);
  return parsed;
}

function logLevelOf(env: NodeJS.ProcessEnv): NotesAppConfig['logLevel'] {
  const level = env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info');
  if (!['silent', 'error', 'warn', 'info', 'debug'].includes(level)) {
    throw new Error('LOG_LEVEL must be silent, error, warn, info or debug.');
  }
  return level as NotesAppConfig['logLevel'];
}
