#!/usr/bin/env node
'use strict';
// A run over a large tree makes much short-lived garbage per file. With V8's
// defaults the young generation and the old one grow far past what the run
// keeps (measured: peak RSS 120 MiB on 20,000 files while keeping nothing).
// These flags make V8 collect sooner, for a little more CPU time.
require('node:v8').setFlagsFromString('--semi-space-growth-factor=1 --heap-growing-percent=20');
// A reader that stops early, such as `control-lint | head`, closes the pipe; that ends the run quietly.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
require('../dist/cli.js').main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
