#!/usr/bin/env node
'use strict';
// `npm start`: build, then the Electron app when its binary is here; otherwise say so in one line and
// serve the same UI in web mode on 127.0.0.1, opening the system browser.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const build = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
  {
    cwd: root,
    encoding: 'utf8',
  },
);
if (build.status !== 0) {
  process.stderr.write(`${build.stdout}${build.stderr}\nrdp-doctor: the build failed (above).\n`);
  process.exit(1);
}

/** The Electron binary if it is here (downloading it once when allowed), else why not. */
function electronBinary() {
  const pkgDir = path.dirname(require.resolve('electron/package.json'));
  const located = () => {
    const pathFile = path.join(pkgDir, 'path.txt');
    if (!fs.existsSync(pathFile)) return null;
    const bin = path.join(pkgDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
    return fs.existsSync(bin) ? bin : null;
  };
  let bin = located();
  if (bin) return { bin };
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD)
    return { reason: 'its binary was not downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD)' };
  // Electron's own installer, bounded: a machine without internet must not wait long for a window.
  const got = spawnSync(process.execPath, [path.join(pkgDir, 'install.js')], { stdio: 'ignore', timeout: 120_000 });
  bin = got.status === 0 ? located() : null;
  return bin ? { bin } : { reason: 'its binary could not be downloaded' };
}

const { bin, reason } = electronBinary();
const args = process.argv.slice(2);
let child;
if (bin) {
  child = spawn(bin, [root, ...args], { stdio: 'inherit' });
} else {
  process.stdout.write(`Electron is not available here (${reason}); starting RDP Doctor in web mode instead.\n`);
  child = spawn(process.execPath, [path.join(root, 'bin', 'rdp-doctor.cjs'), 'web', ...args], { stdio: 'inherit' });
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
