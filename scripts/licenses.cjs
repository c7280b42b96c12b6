#!/usr/bin/env node
'use strict';
// Writes out/renderer/licenses.txt: the licence notice of every library the app ships (the production dependency
// tree in package-lock.json, i.e. what electron-builder packs and what the bundles inline), each with the
// licence text from its package folder. Run by `npm run build`; the About box shows it
// (app://rdp-doctor/licenses.txt). Electron
// itself ships Chromium's and Node's notices next to the executable (LICENSES.chromium.html).
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
const LICENSE_FILE = /^(licen[cs]e|copying|notice)(\.(md|txt|markdown))?$/i;

/** Production packages from the lock file: not dev-only, installed under node_modules. */
function shippedPackages() {
  return Object.entries(lock.packages)
    .filter(([key, meta]) => key.startsWith('node_modules/') && !meta.dev && !meta.devOptional)
    .map(([key, meta]) => ({ dir: path.join(root, key), name: key.replace(/^.*node_modules\//, ''), meta }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function noticeFor(pkg) {
  let manifest = {};
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(pkg.dir, 'package.json'), 'utf8'));
  } catch {
    // optional dependency not installed on this platform (cpu-features): the lock still names it
  }
  const license = manifest.license ?? pkg.meta.license ?? 'see the package';
  const version = manifest.version ?? pkg.meta.version ?? '?';
  let text = '';
  try {
    const file = fs.readdirSync(pkg.dir).find((f) => LICENSE_FILE.test(f));
    if (file) text = fs.readFileSync(path.join(pkg.dir, file), 'utf8').replace(/\r\n/g, '\n').trim();
  } catch {
    // not installed
  }
  const head = `${pkg.name} ${version} — ${license}`;
  return `${head}\n${'-'.repeat(head.length)}\n${text || `(no licence file in the package; licence: ${license})`}\n`;
}

function main() {
  const out = path.join(root, 'out', 'renderer', 'licenses.txt');
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const notices = shippedPackages().map(noticeFor);
  const header = `${pkg.name} ${pkg.version} is licensed under ${pkg.license}.\nIt ships these libraries (${notices.length}), under their own licences:\n\n`;
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, header + notices.join('\n'));
  process.stdout.write(`licences: ${notices.length} libraries → ${path.relative(root, out)}\n`);
}

main();
