import 'reflect-metadata';
import { once } from 'node:events';
import type { Server } from 'node:http';
import { createJwtAuthenticator, createTokenSigner } from '@bulwark/auth';
import { Authorize, definePermissions, Public, RateLimit } from '@bulwark/core';
import type { RateLimitEnforcer } from '@bulwark/rate-limit';
import { useBulwark, type BulwarkApp } from '@bulwark/routing-controllers';
import express from 'express';
import { Get, JsonController, Param } from 'routing-controllers';

const SECRET = 'a-rate-limit-test-secret-of-at-least-32-bytes';
const ISSUER = 'urn:bulwark:rate-limit-test';
const AUDIENCE = 'rate-limit-test';

/** A public route limited to three requests a minute per client address. */
@JsonController('/notes')
@Public()
export class LimitedNotesController {
  @Get('/:id')
  @RateLimit({ limit: 3, window: '1m', key: 'ip', name: 'per-ip' })
  get(@Param('id') id: string): { id: string } {
    return { id };
  }
}

/** Lets a test hold requests to `/account/slow` in flight until it opens the gate. */
export const gate = {
  open: (): void => undefined,
  closed: Promise.resolve(),
  /** Resolves once a request has entered the handler (and so holds its slot). */
  entered: Promise.resolve(),
  enter: (): void => undefined,
  close(): void {
    this.closed = new Promise<void>((resolve) => {
      this.open = resolve;
    });
    this.entered = new Promise<void>((resolve) => {
      this.enter = resolve;
    });
  },
};

/** Authenticated routes with a limit in each phase, and one with an in-flight limit. */
@JsonController('/account')
@Authorize({})
export class LimitedAccountController {
  @Get('/')
  @RateLimit({ limit: 5, window: '1m', key: 'ip', name: 'per-ip' })
  @RateLimit({ limit: 2, window: '1m', key: 'principal', name: 'per-user' })
  get(): { ok: true } {
    return { ok: true };
  }

  @Get('/slow')
  @RateLimit({
    limit: 1,
    window: '1m',
    key: 'principal',
    algorithm: 'concurrency',
    name: 'inflight',
  })
  async slow(): Promise<{ ok: true }> {
    gate.enter();
    await gate.closed;
    return { ok: true };
  }
}

/** A running app with the controllers above. */
export interface TinyApp {
  readonly url: string;
  readonly bulwark: BulwarkApp;
  /** A bearer token for the user `sub`. */
  tokenFor(sub: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Serves the controllers above through the Bulwark runtime on a loopback port.
 *
 * @param options - Trusted proxies and, optionally, the enforcer to use.
 * @returns The app and its URL.
 */
export async function startTinyApp(
  options: { trustedProxies?: string[]; rateLimiter?: RateLimitEnforcer } = {},
): Promise<TinyApp> {
  const app = express();
  const key = { secret: SECRET };
  const bulwark = useBulwark(app, {
    controllers: [LimitedNotesController, LimitedAccountController],
    permissions: definePermissions({ actions: ['read'], subjects: {}, roles: {} }),
    authenticators: [createJwtAuthenticator({ issuer: ISSUER, audience: AUDIENCE, key })],
    audit: false,
    muteWarnings: ['W_AUDIT_DISABLED'],
    ...options,
  });
  const signer = createTokenSigner({ issuer: ISSUER, audience: AUDIENCE, key, algorithm: 'HS256' });
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    bulwark,
    tokenFor: (sub) => signer.sign({ sub }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await bulwark.close();
    },
  };
}
