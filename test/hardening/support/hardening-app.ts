import { createJwtAuthenticator, createTokenSigner, type Authenticator } from '@bulwark/auth';
import { BulwarkError, createPrincipal, definePermissions, type Logger } from '@bulwark/core';
import {
  serve,
  useBulwark,
  type BulwarkApp,
  type BulwarkOptions,
  type ServeOptions,
} from '@bulwark/routing-controllers';
import express, { type Application } from 'express';
import { EdgesController, OrdersController, SessionController, probe } from './controllers';
import { OrderStore, type HandlerCall } from './store';

const ISSUER = 'urn:bulwark:hardening-tests';
const AUDIENCE = 'hardening-tests';
const JWT_SECRET = 'hardening-tests-jwt-secret-0123456789abcdef';

/** The CSRF secret of the test app. */
export const CSRF_SECRET = 'hardening-tests-csrf-secret-0123456789abcdef';

/** The session cookie the fake session scheme reads. */
export const SESSION_COOKIE = 'sid';

/** Valid sessions: cookie value to user. */
export const SESSIONS: Readonly<Record<string, { id: string; role: string }>> = Object.freeze({
  'session-ann-0123456789': { id: 'ann', role: 'clerk' },
  'session-bob-0123456789': { id: 'bob', role: 'clerk' },
});

const permissions = definePermissions({
  subjects: {
    Order: { fields: ['id', 'title', 'lines', 'internalNote', 'customer', 'comment', 'tags'] },
  },
  actions: ['read', 'create', 'update', 'delete'],
  roles: {
    admin: ({ can }) => can('manage', 'all'),
    clerk: ({ can }) => can(['read', 'create', 'update', 'delete'], 'Order'),
  },
});

/** A cookie scheme as a browser session would use it: the cookie value names the session. */
const sessionAuthenticator: Authenticator = {
  scheme: 'session',
  challenge: 'Cookie realm="hardening-tests"',
  credentialCookie: SESSION_COOKIE,
  authenticate: async ({ cookies }) => {
    const value = cookies[SESSION_COOKIE];
    if (value === undefined) return null;
    const session = SESSIONS[value];
    if (session === undefined)
      throw new BulwarkError('ERR_AUTHN_INVALID', 'Unknown session.', { reason: 'no session' });
    return createPrincipal({
      id: session.id,
      kind: 'user',
      scheme: 'session',
      roles: [session.role],
    });
  },
};

/** A logger that keeps every entry, so tests can see what operators would see. */
export class MemoryLogger implements Logger {
  readonly entries: Array<{ level: string; message: string; fields: Record<string, unknown> }> = [];
  debug(message: string, fields: Record<string, unknown> = {}): void {
    this.entries.push({ level: 'debug', message, fields });
  }
  info(message: string, fields: Record<string, unknown> = {}): void {
    this.entries.push({ level: 'info', message, fields });
  }
  warn(message: string, fields: Record<string, unknown> = {}): void {
    this.entries.push({ level: 'warn', message, fields });
  }
  error(message: string, fields: Record<string, unknown> = {}): void {
    this.entries.push({ level: 'error', message, fields });
  }
}

/** A started hardening app. */
export interface HardeningApp {
  readonly url: string;
  readonly app: Application;
  readonly bulwark: BulwarkApp;
  readonly store: OrderStore;
  readonly calls: HandlerCall[];
  readonly logger: MemoryLogger;
  /** The PEM certificate when served with a development certificate. */
  readonly certificate: string | null;
  /** A bearer token for a user with a role. */
  tokenFor(id: string, role: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts the test app on an ephemeral loopback port through `serve`, with JWT bearer and cookie
 * session schemes, CSRF, audit off, and the given overrides.
 */
export async function startHardeningApp(
  overrides: { bulwark?: Partial<BulwarkOptions>; serve?: ServeOptions } = {},
): Promise<HardeningApp> {
  const store = new OrderStore();
  probe.store = store;
  probe.calls = [];
  const logger = new MemoryLogger();
  const key = { secret: JWT_SECRET };
  const signer = createTokenSigner({ issuer: ISSUER, audience: AUDIENCE, key, algorithm: 'HS256' });
  const app = express();
  const bulwark = useBulwark(app, {
    controllers: [OrdersController, EdgesController, SessionController],
    permissions,
    authenticators: [
      createJwtAuthenticator({ issuer: ISSUER, audience: AUDIENCE, key, algorithms: ['HS256'] }),
      sessionAuthenticator,
    ],
    defaultSchemes: ['bearer'],
    audit: false,
    muteWarnings: ['W_AUDIT_DISABLED'],
    csrf: { secret: CSRF_SECRET },
    logger,
    ...overrides.bulwark,
  });
  const server = await serve(app, { port: 0, host: '127.0.0.1', ...overrides.serve });
  return {
    url: server.url,
    app,
    bulwark,
    store,
    get calls() {
      return probe.calls;
    },
    logger,
    certificate: server.certificate,
    tokenFor: (id, role) => signer.sign({ sub: id, roles: [role] }),
    close: async () => {
      server.server.closeAllConnections();
      await server.close();
      await bulwark.close();
    },
  };
}

/** What {@link useHardeningApp} fills in before the suite's tests run. */
export interface HardeningContext {
  app: HardeningApp;
  /** A bearer token of the clerk `ann`. */
  token: string;
}

/**
 * Registers mocha hooks that start one hardening app for the enclosing suite, close it after,
 * and before each test forget earlier handler calls and rows.
 */
export function useHardeningApp(
  overrides: Parameters<typeof startHardeningApp>[0] = {},
): HardeningContext {
  const context = {} as HardeningContext;
  before(async () => {
    context.app = await startHardeningApp(overrides);
    context.token = await context.app.tokenFor('ann', 'clerk');
  });
  after(async () => {
    await context.app.close();
  });
  beforeEach(() => {
    context.app.calls.length = 0;
    context.app.store.reset();
  });
  return context;
}
