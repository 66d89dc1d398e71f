import { AuditTrail } from '@bulwark/audit';
import { createNotesApp } from '@bulwark/example-notes-api';
import { AuditEventEntity, TypeOrmAuditSink } from '@bulwark/typeorm';
import { DataSource } from 'typeorm';

// Serves the reference app with an audit trail that writes non-durable events only when flushed
// (a ten-minute interval), so a test can see that a graceful stop writes them. Started by the
// graceful-shutdown spec as a child process; stops on SIGTERM.
async function main(): Promise<void> {
  const database = process.env.SQLITE_PATH as string;
  const auditStore = await new DataSource({
    type: 'better-sqlite3',
    database,
    entities: [AuditEventEntity],
    synchronize: true,
    enableWAL: true,
  }).initialize();
  const audit = new AuditTrail({
    sink: new TypeOrmAuditSink(auditStore),
    flushIntervalMs: 600_000,
  });
  const notes = await createNotesApp({
    config: { sqlitePath: database, databaseUrl: null, shouldSeed: true },
    bulwark: { audit },
  });
  const { url } = await notes.listen();
  process.stdout.write(`listening on ${url}\n`);
  process.once('SIGTERM', () => {
    notes
      .close()
      .then(() => auditStore.destroy())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
