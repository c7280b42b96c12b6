#!/usr/bin/env node
'use strict';
// Prints one plain closing line from Vitest's JSON report: "Tests: N passed, N failed, N skipped".
const fs = require('node:fs');
const file = process.argv[2];
if (!file || !fs.existsSync(file)) {
  process.stdout.write('Tests: no report was written\n');
  process.exit(1);
}
const r = JSON.parse(fs.readFileSync(file, 'utf8'));
const skipped = (r.numPendingTests || 0) + (r.numTodoTests || 0);
process.stdout.write(`Tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped\n`);
