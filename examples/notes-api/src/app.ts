import 'reflect-metadata';
import type { Server } from 'node:http';
import { AuditTrail } from '@bulwark/audit';
import { createTokenSigner } from '@bulwark/auth';
import { createBruteForceGuard, createRateLimitEnforcer } from '@bulwark/rate-limit';
import type { OpenApiDocument } from '@bulwark/openapi';
import {
  BulwarkMetrics,
  createMetricsHandler,
  createRequestLog,
  monitorRequests,
  serve,
  SuspiciousActivityDetector,
  useBulwark,
  type BulwarkApp,
  type BulwarkOptions,
} from '@bulwark/routing-controllers';
import pino from 'pino';
import { TypeOrmAuditSink } from '@bulwark/typeorm';
import express, { type Application } from 'express';
import { mountApiReference, notesApiDocument } from './api-reference';
import { readConfig, type NotesAppConfig } from './config';
import { createContext, type AppContext } from './context';
import { apiKeysController } from './controllers/api-keys.controller';
import { createNotesCredentials } from './credentials';
import { auditLogController } from './controllers/audit-log.controller';
import { authController } from './controllers/auth.controller';
import { HealthController } from './controllers/health.controller';
import { notesController } from './controllers/notes.controller';
import { usersController } from './controllers/users.controller';
import { openDataSource } from './data-source';
import { permissions } from './permissions';
import { seedDemoData } from './seed';

/** A running or ready-to-run instance of the notes API. */
export interface NotesApp {
  readonly app: Application;
  readonly bulwark: BulwarkApp;
  readonly context: AppContext;
  readonly config: NotesAppConfig;
  /** The OpenAPI document of what this instance enforces (served at `/openapi.json`). */
  readonly openapi: OpenApiDocument;
  /** Starts listening on `config.port` / `config.host` (port 0 picks a free one). */
  listen(): Promise<{ server: Server; url: string }>;
  /** Stops listening, flushes the audit trail and closes the database. */
  close(): Promise<void>;
}

/** Overrides for tests: a configuration and options merged over the app's own. */
export interface NotesAppOverrides {
  readonly config?: Partial<NotesAppConfig>;
  readonly bulwark?: Partial<BulwarkOptions>;
  /** Controllers served in addition to the app's own, for tests that probe the pipeline. */
  readonly extraControllers?: readonly Function[];
}

/**
 * Builds the notes API: database, demo data in development, Bulwark with JWT authentication,
 * CASL permissions, rate limits and an audit trail stored through TypeORM.
 *
 * @param overrides - Configuration and Bulwark options to override.
 * @returns The app, not yet listening.
 */
export async function createNotesApp(overrides: NotesAppOverrides = {}): Promise<NotesApp> {
  const config: NotesAppConfig = { ...readConfig(), ...overrides.config };
  const dataSource = await openDataSource(config);
  const key = { secret: config.jwtSecret };
  const signer = createTokenSigner({
    issuer: config.issuer,
    audience: config.audience,
    key,
    algorithm: 'HS256',
  });
  // One machine uses in-memory counters; with REDIS_URL every instance shares them in Redis.
  const redis = config.redisUrl === null ? undefined : { url: config.redisUrl };
  const loginGuard = createBruteForceGuard(
    redis === undefined ? { store: 'memory' } : { store: 'redis', redis },
  );
  const rateLimiter = createRateLimitEnforcer(
    redis === undefined ? { store: 'memory' } : { store: 'redis', redis },
  );
  const context = createContext(dataSource, signer, loginGuard);
  if (config.shouldSeed) await seedDemoData(context);
  const credentials = createNotesCredentials({
    config,
    dataSource,
    users: context.users,
    loginSecret: config.jwtSecret,
  });

  const app = express();
  const audit = new AuditTrail({ sink: new TypeOrmAuditSink(dataSource) });
  let document: OpenApiDocument | null = null;
  const readDocument = (): OpenApiDocument => {
    if (document === null) throw new Error('The OpenAPI document is read before it exists.');
    return document;
  };
  // Monitoring: a request log without secrets, Prometheus metrics for admins, and a detector
  // that blocks an actor or address for a while after repeated denials.
  const metrics = new BulwarkMetrics();
  const detector = new SuspiciousActivityDetector({ audit });
  const authenticators = detector.guard(credentials.authenticators);
  const mount = (router: Application): void => {
    router.use(
      detector.middleware(),
      monitorRequests([createRequestLog(pino({ level: config.logLevel })), metrics, detector]),
    );
    // Operational routes live in their own routers, like the token endpoint and the API
    // reference: they are not API operations and protect themselves.
    router.use(
      express
        .Router()
        .get('/metrics', createMetricsHandler({ metrics, authenticators, roles: ['admin'] })),
    );
    credentials.mount(router);
    if (config.shouldServeApiReference) mountApiReference(router, readDocument);
  };
  const secure = (): BulwarkApp =>
    useBulwark(
      app,
      {
        controllers: [
          HealthController,
          authController(context),
          notesController(context),
          usersController(context),
          auditLogController(context),
          apiKeysController(credentials.apiKeys),
          ...(overrides.extraControllers ?? []),
        ],
        permissions,
        authenticators,
        audit,
        rateLimiter,
        exposeStackTraces: false,
        isProduction: config.isProduction,
        trustedProxies: config.trustedProxies,
        // Every route, public ones included, is also limited per client address.
        globalRateLimits: [
          { limit: config.addressRateLimit, window: '1m', key: 'ip', name: 'per-address' },
        ],
        ...overrides.bulwark,
      },
      { mount },
    );
  let bulwark: BulwarkApp;
  try {
    bulwark = secure();
    document = notesApiDocument(bulwark);
  } catch (error) {
    await audit.close();
    await rateLimiter.close();
    await loginGuard.close();
    await credentials.close();
    await dataSource.destroy();
    throw error;
  }

  let server: Server | null = null;
  return {
    app,
    bulwark,
    context,
    config,
    openapi: readDocument(),
    listen: async () => {
      // `serve` adds TLS (when configured), header and request timeouts and header limits.
      const served = await serve(app, {
        port: config.port,
        host: config.host,
        tls: config.tls,
        isProduction: config.isProduction,
      });
      server = served.server;
      return { server: served.server, url: served.url };
    },
    close: async () => {
      const open = server;
      if (open !== null) await new Promise<void>((resolve) => open.close(() => resolve()));
      await bulwark.close();
      await rateLimiter.close();
      await loginGuard.close();
      await credentials.close();
      await dataSource.destroy();
    },
  };
}
