#!/usr/bin/env node
'use strict';
// The `bulwark` executable: runs the built CLI and exits with its code once output is flushed,
// so an app that leaves a timer or socket open cannot keep the command from ending.
const { run } = require('../dist/main.js');

run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
}).then(
  (code) => process.stdout.write('', () => process.exit(code)),
  (error) => {
    process.stderr.write(`bulwark: ${error && error.message ? error.message : String(error)}\n`);
    process.exit(70);
  },
);
