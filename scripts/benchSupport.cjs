'use strict';
// Shared by the benchmarks (scripts/bench.cjs, scripts/bench-nla.cjs): finding binaries, free ports,
// waiting for a server, medians. Plain CommonJS so the benchmarks run on the built app without a TS loader.
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

module.exports = { which, freePort, waitForPort, median };
