#!/usr/bin/env node
'use strict';
require('node:v8').setFlagsFromString(require('./heap-flags.js').HEAP_FLAGS);
// A reader that stops early, such as `control-lint | head`, closes the pipe; that ends the run quietly.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
require('../dist/cli.js').main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
