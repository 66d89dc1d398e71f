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
};
