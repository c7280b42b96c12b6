#!/usr/bin/env node
'use strict';
// The CLI is bundled by electron-vite into out/main/cli.js (run "npm run build" once).
const path = require('node:path');
const fs = require('node:fs');
const built = path.join(__dirname, '..', 'out', 'main', 'cli.js');
if (!fs.existsSync(built)) {
  process.stderr.write('rdp-doctor: not built yet: run "npm run build" first.\n');
  process.exit(2);
}
require(built)
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
