import type { Server } from 'node:http';
import { createPrincipal, definePermissions } from '@bulwark/core';
import type { AuditEventInput, AuditRecorder } from '@bulwark/audit';
import type { Authenticator } from '@bulwark/auth';
import { BulwarkError } from '@bulwark/core';
import express, { type Application } from 'express';
import { useBulwark, type BulwarkApp, type BulwarkOptions } from '@bulwark/routing-controllers';

export const permissions = definePermissions({
  actions: ['read', 'create'],
  subjects: { Thing: {} },
  roles: { admin: ({ can }) => can('manage', 'all'), reader: ({ can }) => can('read', 'Thing') },
});

/** Authenticates `X-Test-User: <id>:<role>`; refuses `X-Test-User: bad`. */
export const headerAuthenticator: Authenticator = {
  scheme: 'test',
  challenge: 'Test realm="fixtures"',
  authenticate: async ({ headers }) => {
    const value = headers['x-test-user'];
    if (value === undefined) return null;
    if (typeof value !== 'string' || !value.includes(':')) {
      throw new BulwarkError('ERR_AUTHN_INVALID', 'Bad test credential.', { reason: 'malformed' });
    }
    const [id, role] = value.split(':');
    return createPrincipal({ id: id ?? '', kind: 'user', scheme: 'test', roles: [role ?? ''] });
  },
};

/** An audit recorder that keeps events in memory and can be made to fail. */
export class RecordingAudit implements AuditRecorder {
  readonly events: Array<{ event: AuditEventInput; durable: boolean }> = [];
  isFailing = false;

  async record(event: AuditEventInput, options: { durable: boolean }): Promise<void> {
    if (this.isFailing) throw new Error('audit store down');
    this.events.push({ event, durable: options.durable });
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {}
}

export interface Started {
  readonly url: string;
  readonly bulwark: BulwarkApp;
  readonly app: Application;
  close(): Promise<void>;
}

/** Secures the controllers with the fixtures and listens on an ephemeral loopback port. */
export async function start(
  options: Partial<BulwarkOptions> & Pick<BulwarkOptions, 'controllers'>,
): Promise<Started> {
  const app = express();
  const bulwark = useBulwark(app, {
    permissions,
    authenticators: [headerAuthenticator],
    audit: new RecordingAudit(),
    ...options,
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    bulwark,
    app,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await bulwark.close();
    },
  };
}
