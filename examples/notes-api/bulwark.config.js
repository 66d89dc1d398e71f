'use strict';
// What the bulwark CLI loads (`bulwark routes`, `bulwark doctor`, run in this folder): the
// reference app built from dist/ without listening, on an in-memory SQLite database (even when
// DATABASE_URL is set) with no demo users and no request log, so the commands change nothing
// and print only their own output.
// Build first: npx tsc -b tsconfig.build.json.

/** @type {import('@bulwark/cli').BulwarkCliConfig} */
module.exports = {
  app: async () => {
    const { createNotesApp } = require('./dist/app.js');
    return createNotesApp({
      config: {
        databaseUrl: null,
        sqlitePath: ':memory:',
        shouldSeed: false,
        port: 0,
        logLevel: 'silent',
      },
    });
  },
  secrets: {
    // HS256 secret of login tokens; in development the app makes a throw-away one.
    JWT_SECRET: { minBytes: 32, usage: 'jwt-hmac' },
  },
  // The audit chain the running app stored (`bulwark audit verify`): the database the app uses,
  // PostgreSQL at DATABASE_URL or else the SQLite file at SQLITE_PATH (notes.sqlite here),
  // opened to read only. The schema is left as it is and a missing file is an error, not a new
  // empty chain.
  audit: {
    source: async () => {
      const { AuditEventEntity, TypeOrmAuditSink } = require('@bulwark/typeorm');
      const { DataSource } = require('typeorm');
      const url = process.env.DATABASE_URL;
      const options =
        url === undefined || url === ''
          ? {
              type: 'better-sqlite3',
              database: process.env.SQLITE_PATH ?? 'notes.sqlite',
              readonly: true,
              fileMustExist: true,
            }
          : { type: 'postgres', url };
      const dataSource = await new DataSource({
        ...options,
        entities: [AuditEventEntity],
        synchronize: false,
      }).initialize();
      const sink = new TypeOrmAuditSink(dataSource);
      return {
        read: (afterSequence, limit) => sink.read(afterSequence, limit),
        close: () => dataSource.destroy(),
      };
    },
  },
};
