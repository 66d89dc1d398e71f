#!/usr/bin/env node
'use strict';
// `npm create bulwark <dir>` runs this: it is `bulwark new <dir>` under the name npm expects.
const { createBulwark } = require('../dist/index.js');

createBulwark(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
}).then(
  (code) => process.stdout.write('', () => process.exit(code)),
  (error) => {
    process.stderr.write(
      `create-bulwark: ${error && error.message ? error.message : String(error)}\n`,
    );
    process.exit(70);
  },
);
