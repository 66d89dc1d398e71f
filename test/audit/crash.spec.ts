import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyAuditChain } from '@bulwark/audit';
import { AUDIT_EVENT_TABLE, AuditEventEntity, TypeOrmAuditSink } from '@bulwark/typeorm';
import { DataSource } from 'typeorm';
import { call } from '../support/notes-app';
import { spawnApp, type ChildApp } from './support/child-app';
import { AUDIT_SUITE_SECRETS } from './support/secrets';

const MAIN = 'examples/notes-api/src/main.ts';
/** Successful mutations to see before the process is killed. */
const TARGET = 300;
const WORKERS = 12;

describe('audit durability when the reference app is killed', function () {
  this.timeout(180_000);
  let directory: string;
  let env: Record<string, string>;
  let running: ChildApp | null = null;

  before(() => {
    directory = mkdtempSync(join(tmpdir(), 'bulwark-audit-crash-'));
    env = {
      SQLITE_PATH: join(directory, 'notes.sqlite'),
      JWT_SECRET: AUDIT_SUITE_SECRETS.jwtSecret,
      NODE_ENV: 'development',
    };
  });

  afterEach(async () => {
    if (running !== null && running.child.exitCode === null && running.child.signalCode === null) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
    running = null;
  });

  after(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  async function tokenFor(url: string, username: string): Promise<string> {
    const res = await call(`${url}/auth/token`, {
      method: 'POST',
      body: { username, password: AUDIT_SUITE_SECRETS.demoPassword },
    });
    expect(res.status, `login of ${username}`).to.equal(200);
    return res.body.access_token as string;
  }

  async function openStore(): Promise<DataSource> {
    return new DataSource({
      type: 'better-sqlite3',
      database: env.SQLITE_PATH as string,
      entities: [AuditEventEntity],
      synchronize: false,
    }).initialize();
  }

  it('keeps the event of every mutation answered with 2xx, the chain intact and no secret', async () => {
    const app = (running = await spawnApp(MAIN, env));
    const owners = await Promise.all(['erin', 'eve', 'alice'].map((u) => tokenFor(app.url, u)));
    const notes: Array<{ token: string; id: string }> = [];
    for (const token of owners) {
      for (let i = 0; i < 2; i += 1) {
        const res = await call(`${app.url}/notes`, {
          method: 'POST',
          token,
          body: { title: `crash ${i}`, body: 'x' },
        });
        expect(res.status).to.equal(201);
        notes.push({ token, id: res.body.id as string });
      }
    }

    const answered = new Set<string>();
    let isKilled = false;
    const worker = async (index: number): Promise<void> => {
      for (let n = 0; !isKilled; n += 1) {
        const note = notes[(index + n) % notes.length] as { token: string; id: string };
        try {
          const res = await fetch(`${app.url}/notes/${note.id}`, {
            method: 'PUT',
            headers: { authorization: `Bearer ${note.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ title: `w${index}-${n}` }),
          });
          await res.arrayBuffer();
          if (res.ok) answered.add(res.headers.get('x-request-id') as string);
          if (answered.size >= TARGET && !isKilled) {
            isKilled = true;
            app.child.kill('SIGKILL');
          }
        } catch {
          return;
        }
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, (_, i) => worker(i)));
    expect(await app.exited).to.equal('SIGKILL');

    const restarted = (running = await spawnApp(MAIN, env));
    const after = await call(`${restarted.url}/notes/${notes[0]?.id}`, {
      method: 'PUT',
      token: await tokenFor(restarted.url, 'erin'),
      body: { title: 'after restart' },
    });
    expect(after.status).to.equal(200);
    restarted.child.kill('SIGTERM');
    expect(await restarted.exited).to.equal(0);

    const store = await openStore();
    try {
      const rows: Array<{ request_id: string }> = await store.query(
        `SELECT request_id FROM ${AUDIT_EVENT_TABLE} WHERE outcome = 'allowed' AND action = 'note.update'`,
      );
      const stored = new Set(rows.map((row) => row.request_id));
      const missing = [...answered].filter((id) => !stored.has(id));

      expect(answered.size).to.be.at.least(TARGET);
      expect(missing).to.deep.equal([]);
      expect(stored.has(after.headers.get('x-request-id') as string)).to.equal(true);
      const report = await verifyAuditChain(new TypeOrmAuditSink(store));
      expect(report.problem).to.equal(null);
      const everything = JSON.stringify(await store.query(`SELECT * FROM ${AUDIT_EVENT_TABLE}`));
      const secrets = [...Object.values(AUDIT_SUITE_SECRETS), ...owners];
      expect(secrets.filter((secret) => everything.includes(secret))).to.deep.equal([]);
    } finally {
      await store.destroy();
    }
  });
});
