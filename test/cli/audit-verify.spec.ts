import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sealEvents, type AuditEvent, type SealedAuditEvent } from '@bulwark/audit';
import { AUDIT_EVENT_TABLE, AuditEventEntity, TypeOrmAuditSink } from '@bulwark/typeorm';
import { DataSource } from 'typeorm';
import { bulwark, buildCli, FIXTURE_APP, NOTES_APP } from './support/cli';

const KEY = 'k'.repeat(16) + 'audit-chain-test-key-0123456789';

function events(count: number): AuditEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    actor: { id: 'user-1', kind: 'user' as const },
    action: 'note.update',
    subject: { type: 'Note', id: `note-${i + 1}` },
    route: 'NotesController.update',
    outcome: 'allowed' as const,
    status: 200,
    reason: null,
    requestId: `request-${i + 1}`,
    clientAddress: '127.0.0.1',
    userAgent: null,
    durationMs: 3,
    details: null,
  }));
}

describe('bulwark audit verify (binary)', function () {
  this.timeout(300_000);
  let dir: string;
  let file: string;
  const store = (chain: readonly SealedAuditEvent[]) => writeFileSync(file, JSON.stringify(chain));
  const verify = (args: string[] = [], env: Record<string, string | undefined> = {}) =>
    bulwark(['audit', 'verify', ...args], {
      cwd: FIXTURE_APP,
      env: { FIXTURE_CHAIN_FILE: file, FIXTURE_AUDIT_KEY: KEY, ...env },
    });

  before(async () => {
    await buildCli();
    dir = mkdtempSync(join(tmpdir(), 'bulwark-audit-'));
    file = join(dir, 'chain.json');
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reports an intact chain with its head and exits 0', async () => {
    const chain = sealEvents(events(5), null, KEY);
    store(chain);
    const result = await verify();
    expect(result.code).to.equal(0);
    expect(result.stdout).to.include(`intact 5 events, head 5:${chain[4]!.hash}`);
  });

  it('finds a modified event and exits 1', async () => {
    const chain = sealEvents(events(5), null, KEY);
    store(chain.map((e) => (e.sequence === 3 ? { ...e, action: 'note.delete' } : e)));
    const result = await verify(['--format', 'json']);
    expect(result.code).to.equal(1);
    const report = JSON.parse(result.stdout);
    expect(report.problem).to.include({ kind: 'modified', sequence: 3 });
    expect(report.checked).to.equal(2);
  });

  it('finds a deleted event', async () => {
    const chain = sealEvents(events(5), null, KEY);
    store(chain.filter((e) => e.sequence !== 2));
    const result = await verify();
    expect(result.code).to.equal(1);
    expect(result.stdout).to.include('tampered (deleted)');
  });

  it('finds a chain rewritten without the HMAC key', async () => {
    store(sealEvents(events(3), null, 'x'.repeat(48)));
    const result = await verify();
    expect(result.code).to.equal(1);
    expect(result.stdout).to.include('tampered (modified) Event 1');
  });

  it('finds a truncated tail against a head recorded elsewhere', async () => {
    const chain = sealEvents(events(5), null, KEY);
    store(chain.slice(0, 3));
    const head = `${chain[4]!.sequence}:${chain[4]!.hash}`;
    const result = await verify(['--expected-head', head]);
    expect(result.code).to.equal(1);
    expect(result.stdout).to.include('Events 4 to 5 are missing');
  });

  it('refuses to run without the HMAC key the config names (exit 3)', async () => {
    store(sealEvents(events(2), null, KEY));
    const result = await verify([], { FIXTURE_AUDIT_KEY: undefined });
    expect(result.code).to.equal(3);
    expect(result.stderr).to.include('FIXTURE_AUDIT_KEY is not set');
  });

  it('refuses a malformed --expected-head (exit 2)', async () => {
    const result = await verify(['--expected-head', 'latest']);
    expect(result.code).to.equal(2);
  });

  context("on the reference app's own database", () => {
    let database: string;
    const verifyNotes = () =>
      bulwark(['audit', 'verify'], { cwd: NOTES_APP, env: { SQLITE_PATH: database } });

    /** Stores a chain the way the app does: an unkeyed trail through TypeOrmAuditSink. */
    async function withDatabase(work: (dataSource: DataSource) => Promise<unknown>) {
      const dataSource = await new DataSource({
        type: 'better-sqlite3',
        database,
        entities: [AuditEventEntity],
        synchronize: true,
      }).initialize();
      try {
        await work(dataSource);
      } finally {
        await dataSource.destroy();
      }
    }

    before(async () => {
      database = join(dir, 'notes.sqlite');
      await withDatabase((dataSource) =>
        new TypeOrmAuditSink(dataSource).write(sealEvents(events(4), null, undefined)),
      );
    });

    it('reads the chain the app stored, from the file SQLITE_PATH names', async () => {
      const result = await verifyNotes();
      expect(result.stderr).to.not.include('Could not read');
      expect(result.code).to.equal(0);
      expect(result.stdout).to.include('intact 4 events');
    });

    it('finds a row changed in the database behind the app', async () => {
      await withDatabase((dataSource) =>
        dataSource.query(`UPDATE ${AUDIT_EVENT_TABLE} SET action = ? WHERE sequence = 2`, [
          'note.read',
        ]),
      );
      const result = await verifyNotes();
      expect(result.code).to.equal(1);
      expect(result.stdout).to.include('tampered (modified)');
    });

    it('refuses a missing file instead of reporting an empty chain (exit 3)', async () => {
      const result = await bulwark(['audit', 'verify'], {
        cwd: NOTES_APP,
        env: { SQLITE_PATH: join(dir, 'no-such.sqlite') },
      });
      expect(result.code).to.equal(3);
      expect(result.stderr).to.include('Could not read the audit chain');
    });
  });
});
