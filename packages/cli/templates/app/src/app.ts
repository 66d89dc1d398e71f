import 'reflect-metadata';
import type { Server } from 'node:http';
import { AuditTrail } from '@bulwark/audit';
import { createJwtAuthenticator, createTokenSigner } from '@bulwark/auth';
import { useBulwark, type BulwarkApp, type BulwarkOptions } from '@bulwark/routing-controllers';
import { TypeOrmAuditSink } from '@bulwark/typeorm';
import express, { type Application } from 'express';
import { readConfig, type AppConfig } from './config';
import { createContext, type AppContext } from './context';
import { authController } from './controllers/auth.controller';
import { HealthController } from './controllers/health.controller';
import { tasksController } from './controllers/tasks.controller';
import { openDataSource } from './data-source';
import { permissions } from './permissions';
import { createRateLimiter } from './rate-limiter';
import { seedDemoUsers } from './seed';

/** The app, built and ready to listen. */
export interface App {
  readonly app: Application;
  readonly bulwark: BulwarkApp;
  readonly context: AppContext;
  readonly config: AppConfig;
  /** Starts listening on `config.port` / `config.host` (port 0 picks a free one). */
  listen(): Promise<{ server: Server; url: string }>;
  /** Stops listening, flushes the audit trail and closes the stores and the database. */
  close(): Promise<void>;
}

/** Overrides for tests: configuration and Bulwark options merged over the app's own. */
export interface AppOverrides {
  readonly config?: Partial<AppConfig>;
  readonly bulwark?: Partial<BulwarkOptions>;
}

/**
 * Builds the app: database, Bulwark with JWT authentication, CASL permissions, rate limits and
 * an audit trail stored in the database.
 *
 * @param overrides - Configuration and options to override.
 * @returns The app, not yet listening.
 */
export async function createApp(overrides: AppOverrides = {}): Promise<App> {
  const config: AppConfig = { ...readConfig(), ...overrides.config };
  const dataSource = await openDataSource(config.database);
  const key = { secret: config.jwtSecret };
  const signer = createTokenSigner({
    issuer: config.issuer,
    audience: config.audience,
    key,
    algorithm: 'HS256',
  });
  const context = createContext(dataSource, signer);
  if (config.demoPassword !== null) await seedDemoUsers(context, config.demoPassword);

  const app = express();
  const bulwark = useBulwark(app, {
    controllers: [HealthController, authController(context), tasksController(context)],
    permissions,
    authenticators: [
      createJwtAuthenticator({
        issuer: config.issuer,
        audience: config.audience,
        key,
        algorithms: ['HS256'],
      }),
    ],
    audit: new AuditTrail({ sink: new TypeOrmAuditSink(dataSource) }),
    rateLimiter: createRateLimiter(config.rateLimit),
    ...overrides.bulwark,
  });

  let server: Server | null = null;
  return {
    app,
    bulwark,
    context,
    config,
    listen: () =>
      new Promise((resolve, reject) => {
        const listening = app.listen(config.port, config.host, () => {
          const address = listening.address();
          const port = typeof address === 'object' && address !== null ? address.port : config.port;
          server = listening;
          resolve({ server: listening, url: `http://${config.host}:${port}` });
        });
        listening.once('error', reject);
      }),
    close: async () => {
      const open = server;
      if (open !== null) await new Promise<void>((resolve) => open.close(() => resolve()));
      await bulwark.close();
      await dataSource.destroy();
    },
  };
}
