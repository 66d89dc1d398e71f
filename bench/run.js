'use strict';
// Entry of `npm run bench`: compiles the benchmark and the packages it measures (incrementally,
// through project references), then runs it from the compiled output, as an app runs in
// production. A compile error stops here rather than measuring stale code.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

execFileSync(
  process.execPath,
  [require.resolve('typescript/bin/tsc'), '-b', join(__dirname, 'tsconfig.build.json')],
  { stdio: 'inherit' },
);
require('./dist/run.js');
