'use strict';
// Shared by the benchmarks (scripts/bench.cjs, bench-nla.cjs, bench-fleet.cjs): finding binaries, free ports,
// waiting for a server, medians, private bench xrdps. Plain CommonJS so the benchmarks run on the built app without a TS loader.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

/** The full path of an executable on PATH (or the sbin folders), or null. */
function which(bin) {
  for (const dir of [...(process.env.PATH || '').split(path.delimiter), '/usr/sbin', '/usr/bin', '/sbin']) {
    if (!dir) continue;
    const full = path.join(dir, bin);
    try {
      fs.accessSync(full, fs.constants.X_OK);
      return full;
    } catch {}
  }
  return null;
}

/** A port nobody listens on at `host` right now. */
function freePort(host) {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Resolves once host:port accepts a connection; throws after `ms`. */
async function waitForPort(host, port, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, host);
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => {
        s.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listening on ${host}:${port} after ${ms} ms`);
}

/** The median (the mean of the middle two for an even count); NaN for none. */
function median(xs) {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** An xrdp.ini for a bench xrdp (the same shape as the test harness's, tests/peers/xrdp.ts). */
function xrdpIni({ listen, cert, key, sslProtocols = 'TLSv1.2, TLSv1.3', tlsCiphers, logFile }) {
  return [
    '[Globals]',
    'ini_version=1',
    'fork=true',
    `port=${listen}`,
    'security_layer=negotiate',
    'crypt_level=high',
    `certificate=${cert}`,
    `key_file=${key}`,
    `ssl_protocols=${sslProtocols}`,
    ...(tlsCiphers ? [`tls_ciphers=${tlsCiphers}`] : []),
    '[Logging]',
    `LogFile=${logFile}`,
    'LogLevel=WARNING',
    'EnableSyslog=false',
    '[Xorg]',
    'name=Xorg',
    'lib=libxup.so',
    'username=ask',
    'password=ask',
    'ip=127.0.0.1',
    'port=-1',
    '',
  ].join('\n');
}

/**
 * As the test harness does (tests/peers/xrdp.ts): a bench xrdp runs from a copy of the binary (the stock
 * init script kills every /usr/sbin/xrdp) with a private tmpfs on /run/xrdp (xrdp refuses to start while a
 * stock xrdp's pid file exists). The command reaches sh as "$0" "$@", never as script text.
 */
const PRIVATE_RUN_DIR =
  'mkdir -p /run/xrdp && mount -t tmpfs -o mode=0755 rdpdoc-bench-run /run/xrdp && mkdir -p /run/xrdp/sockdir && exec "$0" "$@"';

/** Copies the xrdp binary into `dir` and returns the copy's path. */
function copyXrdpBinary(dir) {
  const binary = path.join(dir, 'xrdp');
  fs.copyFileSync(which('xrdp'), binary);
  fs.chmodSync(binary, 0o755);
  return binary;
}

/** Starts the copied xrdp on `iniFile` in its own mount namespace (detached, output ignored). */
function spawnPrivateXrdp(binary, iniFile, cwd) {
  return spawn('unshare', ['--mount', '--', 'sh', '-c', PRIVATE_RUN_DIR, binary, '--nodaemon', '-c', iniFile], {
    detached: true,
    stdio: 'ignore',
    cwd,
  });
}

module.exports = { which, freePort, waitForPort, median, xrdpIni, copyXrdpBinary, spawnPrivateXrdp };
