import 'reflect-metadata';
import { once } from 'node:events';
import type { Server } from 'node:http';
import { definePermissions, Public, RateLimit } from '@bulwark/core';
import type { RateLimitEnforcer } from '@bulwark/rate-limit';
import { useBulwark, type BulwarkApp } from '@bulwark/routing-controllers';
import express from 'express';
import { Get, JsonController, Param } from 'routing-controllers';

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

/** A running app with only {@link LimitedNotesController}. */
export interface TinyApp {
  readonly url: string;
  readonly bulwark: BulwarkApp;
  close(): Promise<void>;
}

/**
 * Serves {@link LimitedNotesController} through the Bulwark runtime on a loopback port.
 *
 * @param options - Trusted proxies and, optionally, the enforcer to use.
 * @returns The app and its URL.
 */
export async function startTinyApp(
  options: { trustedProxies?: string[]; rateLimiter?: RateLimitEnforcer } = {},
): Promise<TinyApp> {
  const app = express();
  const bulwark = useBulwark(app, {
    controllers: [LimitedNotesController],
    permissions: definePermissions({ actions: ['read'], subjects: {}, roles: {} }),
    authenticators: [],
    audit: false,
    muteWarnings: ['W_AUDIT_DISABLED'],
    ...options,
  });
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    bulwark,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await bulwark.close();
    },
  };
}
