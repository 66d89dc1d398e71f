import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { AuditTrail } from '@bulwark/audit';
import { createJwtAuthenticator, createTokenSigner } from '@bulwark/auth';
import { Authorize, definePermissions } from '@bulwark/core';
import { useBulwark } from '@bulwark/routing-controllers';
import { AuditEventEntity, TypeOrmAuditSink } from '@bulwark/typeorm';
import { IsString, MaxLength } from 'class-validator';
import express from 'express';
import { Body, HttpCode, JsonController, Post } from 'routing-controllers';
import { DataSource, EntitySchema } from 'typeorm';

// One side of the audit benchmark, run as a child process: a Bulwark app whose only route,
// POST /items, authenticates a bearer JWT, checks the permission, validates the body and inserts
// a row into SQLite, as a typical mutating route does. BENCH_AUDIT selects the audit mode:
// - `none`: audit off;
// - `group`: durable audit through TypeORM with group commit (the default trail);
// - `single`: durable audit with one transaction per event (maxBatchSize 1), for comparison.
// It prints "token <jwt>" and "listening on <url>", and stops on SIGTERM after flushing.

interface ItemRow {
  id: string;
  name: string;
}

const ItemEntity = new EntitySchema<ItemRow>({
  name: 'BenchItem',
  tableName: 'bench_item',
  columns: { id: { type: 'text', primary: true }, name: { type: 'text' } },
});

class CreateItem {
  @IsString()
  @MaxLength(100)
  name!: string;
}

async function main(): Promise<void> {
  const mode = process.env.BENCH_AUDIT ?? 'group';
  const dataSource = await new DataSource({
    type: 'better-sqlite3',
    database: process.env.BENCH_SQLITE_PATH as string,
    entities: [ItemEntity, AuditEventEntity],
    synchronize: true,
    enableWAL: true,
  }).initialize();
  const items = dataSource.getRepository(ItemEntity);

  @JsonController('/items')
  class ItemsController {
    @Post('/')
    @Authorize('create', 'Item')
    @HttpCode(201)
    async create(@Body() input: CreateItem): Promise<ItemRow> {
      const row = { id: randomUUID(), name: input.name };
      await items.insert(row);
      return row;
    }
  }

  const audit =
    mode === 'none'
      ? false
      : new AuditTrail({
          sink: new TypeOrmAuditSink(dataSource),
          ...(mode === 'single' ? { maxBatchSize: 1 } : {}),
        });
  const jwt = { issuer: 'urn:bench', audience: 'bench', key: { secret: randomUUID().repeat(2) } };
  const signer = createTokenSigner({ ...jwt, algorithm: 'HS256' });
  const app = express();
  const bulwark = useBulwark(app, {
    controllers: [ItemsController],
    permissions: definePermissions({
      subjects: { Item: { fields: ['id', 'name'] } },
      roles: { member: ({ can }) => can('create', 'Item') },
    }),
    authenticators: [createJwtAuthenticator({ ...jwt, algorithms: ['HS256'] })],
    audit,
    muteWarnings: ['W_AUDIT_DISABLED'],
  });
  const token = await signer.sign({ sub: 'bench-user', roles: ['member'] }, { expiresIn: '1h' });
  process.stdout.write(`token ${token}\n`);
  const server = app.listen(0, '127.0.0.1', () => {
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    process.stdout.write(`listening on http://127.0.0.1:${port}\n`);
  });
  process.once('SIGTERM', () => {
    server.close(() => {
      bulwark
        .close()
        .then(() => dataSource.destroy())
        .then(
          () => process.exit(0),
          () => process.exit(1),
        );
    });
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
