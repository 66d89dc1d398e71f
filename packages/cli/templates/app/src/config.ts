import { randomBytes } from 'node:crypto';
import { readDatabaseConfig, type DatabaseConfig } from './data-source';
import { readRateLimitConfig, type RateLimitConfig } from './rate-limiter';

/** The development-only password of the demo users, documented in the README. */
export const DEMO_PASSWORD = 'bulwark-demo';

/** Everything the app reads from its environment. */
export interface AppConfig {
  readonly port: number;
  readonly host: string;
  readonly isProduction: boolean;
  /** HS256 secret of login tokens, at least 32 bytes. */
  readonly jwtSecret: string;
  readonly issuer: string;
  readonly audience: string;
  /** The password of the demo users, or `null` to create none (always `null` in production). */
  readonly demoPassword: string | null;
  readonly database: DatabaseConfig;
  readonly rateLimit: RateLimitConfig;
}

/**
 * Reads the configuration from environment variables (see `.env.example`).
 *
 * Security: in production a missing or short `JWT_SECRET` stops the app. In development a
 * random secret is made for the process (tokens then end with it) and never printed.
 *
 * @param env - The environment, `process.env` by default.
 * @returns The configuration.
 * @throws Error when the production configuration is incomplete.
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const isProduction = env.NODE_ENV === 'production';
  const secret = env.JWT_SECRET ?? '';
  const hasSecret = Buffer.byteLength(secret) >= 32;
  if (isProduction && !hasSecret) {
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
    jwtSecret: hasSecret ? secret : randomBytes(48).toString('base64url'),
    issuer: env.JWT_ISSUER ?? 'urn:__APP_NAME__',
    audience: env.JWT_AUDIENCE ?? '__APP_NAME__',
    demoPassword:
      isProduction || env.SEED_DEMO_USERS === 'false' ? null : (env.DEMO_PASSWORD ?? DEMO_PASSWORD),
    database: readDatabaseConfig(env),
    rateLimit: readRateLimitConfig(env),
  });
}
