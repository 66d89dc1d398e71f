import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUDIT_EVENT_TABLE, AuditEventEntity } from '@bulwark/typeorm';
import { DataSource } from 'typeorm';
import { call } from '../support/notes-app';
import { spawnApp, type ChildApp } from './support/child-app';
import { AUDIT_SUITE_SECRETS } from './support/secrets';

describe('audit flush when the reference app stops gracefully', function () {
  this.timeout(120_000);
  let directory: string;
  let app: ChildApp | null = null;

  before(() => {
    directory = mkdtempSync(join(tmpdir(), 'bulwark-audit-graceful-'));
  });

  after(async () => {
    if (app !== null && app.child.exitCode === null && app.child.signalCode === null) {
      app.child.kill('SIGKILL');
      await app.exited;
    }
    rmSync(directory, { recursive: true, force: true });
  });

  it('writes the queued events before the process exits', async () => {
    const database = join(directory, 'notes.sqlite');
    app = await spawnApp('test/audit/support/serve-with-slow-audit.ts', {
      SQLITE_PATH: database,
      JWT_SECRET: AUDIT_SUITE_SECRETS.jwtSecret,
      NODE_ENV: 'development',
    });
    const login = await call(`${app.url}/auth/token`, {
      method: 'POST',
      body: { username: 'alice', password: AUDIT_SUITE_SECRETS.demoPassword },
    });
    const token = login.body.access_token as string;
    const reads: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const res = await call(`${app.url}/admin/audit-events`, { token });
      expect(res.status).to.equal(200);
      reads.push(res.headers.get('x-request-id') as string);
    }
    const stored = async (): Promise<string[]> => {
      const store = await new DataSource({
        type: 'better-sqlite3',
        database,
        entities: [AuditEventEntity],
      }).initialize();
      try {
        const rows: Array<{ request_id: string }> = await store.query(
          `SELECT request_id FROM ${AUDIT_EVENT_TABLE} WHERE action = 'audit.read'`,
        );
        return rows.map((row) => row.request_id);
      } finally {
        await store.destroy();
      }
    };
    expect(await stored()).to.deep.equal([]);

    app.child.kill('SIGTERM');

    expect(await app.exited).to.equal(0);
    expect(await stored()).to.have.members(reads);
  });
});
