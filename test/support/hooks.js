'use strict';
// Lists, once at the end, the suites skipped because an external service was not configured,
// so a laptop run without PostgreSQL or Redis says plainly what it did not cover.
const skipped = new Set();

globalThis.__bulwarkSkipped = skipped;

exports.mochaHooks = {
  afterAll() {
    if (skipped.size === 0) return;
    process.stdout.write('\nSkipped because a service was not configured:\n');
    for (const line of skipped) process.stdout.write(`  - ${line}\n`);
  },
};
