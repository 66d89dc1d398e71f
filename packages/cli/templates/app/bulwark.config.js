'use strict';
// What the bulwark CLI (`npx bulwark routes`, `npx bulwark doctor`) loads: builds the app from
// dist/ without listening, with an in-memory database so the commands change nothing.
// Run `npm run build` first.

/** @type {import('@bulwark/cli').BulwarkCliConfig} */
module.exports = {
  app: async () => {
    const { createApp } = require('./dist/app.js');
    const { TEST_DATABASE } = require('./dist/data-source.js');
    return createApp({ config: { database: TEST_DATABASE, demoPassword: null } });
  },
  secrets: {
    JWT_SECRET: { minBytes: 32, usage: 'jwt-hmac' },
  },
  deployment: {
    // Set to true when a reverse proxy or load balancer sits in front of the app, and list its
    // addresses in trustedProxies (src/app.ts).
    behindProxy: false,
  },
};
