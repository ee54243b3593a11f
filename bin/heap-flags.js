'use strict';
// A run over a large tree makes much short-lived garbage per file. With V8's
// defaults the young generation and the old one grow far past what the run
// keeps (measured: peak RSS 120 MiB on 20,000 files while keeping nothing).
// These flags make V8 collect sooner, for a little more CPU time. The
// benchmarks in bench/ set the same flags when they run the CLI in their own process.
module.exports = { HEAP_FLAGS: '--semi-space-growth-factor=1 --heap-growing-percent=20' };
