'use strict';
// One mocha run covers every package, the examples and the cross-package suites, so the
// summary line counts the whole project. Sources load through the `bulwark-source` export
// condition, so a spec and the code under test share one copy of each package.
process.env.TS_NODE_PROJECT ??= require('node:path').join(__dirname, 'tsconfig.test.json');
process.env.NODE_ENV ??= 'test';

// Spec files named on the command line replace the default list instead of adding to it.
const isSpecGiven = process.argv
  .slice(2)
  .some((arg) => !arg.startsWith('-') && (arg.endsWith('.spec.ts') || arg.includes('*')));

module.exports = {
  spec: isSpecGiven ? [] : ['packages/*/test/**/*.spec.ts', 'test/**/*.spec.ts'],
  extension: ['ts'],
  require: ['ts-node/register', 'reflect-metadata', 'test/support/hooks.js'],
  'node-option': ['conditions=bulwark-source'],
  reporter: 'test/support/summary-reporter.js',
  timeout: 20000,
  exit: true,
};
