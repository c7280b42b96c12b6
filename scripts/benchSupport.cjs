'use strict';
// Shared by the benchmarks (scripts/bench.cjs, bench-nla.cjs, bench-fleet.cjs): finding binaries, free ports,
// waiting for a server, medians, private bench xrdps. Plain CommonJS so the benchmarks run on the built app without a TS loader.
const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
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

const DAY = 86_400_000;

/** A self-signed certificate, as the test harness makes them (node crypto key, node-forge certificate). */
function makeCert(cn, notBefore = new Date(Date.now() - DAY), notAfter = new Date(Date.now() + 365 * DAY)) {
  const forge = require('node-forge');
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = crypto.randomBytes(8).toString('hex');
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  const name = [{ name: 'commonName', value: cn }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: privateKey };
}

/**
 * A fleet of real bench xrdps in `workDir`, one per entry of `hosts` ({ host, port, kind }), kind 'healthy',
 * 'expired' (certificate expired 20 days ago) or 'tls10' (TLS 1.0 only). Returns the processes (the caller
 * kills their process groups) once every server accepts connections.
 */
async function startXrdpFleet(workDir, hosts) {
  const binary = copyXrdpBinary(workDir);
  const files = {};
  for (const [name, cert] of [
    ['healthy', makeCert('bench-fleet.local')],
    ['expired', makeCert('bench-expired.local', new Date(Date.now() - 400 * DAY), new Date(Date.now() - 20 * DAY))],
  ]) {
    files[name] = { cert: path.join(workDir, `${name}.pem`), key: path.join(workDir, `${name}.key`) };
    fs.writeFileSync(files[name].cert, cert.certPem, { mode: 0o644 });
    fs.writeFileSync(files[name].key, cert.keyPem, { mode: 0o600 });
  }
  const procs = [];
  hosts.forEach((h, i) => {
    const dir = path.join(workDir, `x${i}`);
    fs.mkdirSync(dir);
    const cert = h.kind === 'expired' ? files.expired : files.healthy;
    const ini = xrdpIni({
      listen: `tcp://${h.host}:${h.port}`,
      cert: cert.cert,
      key: cert.key,
      sslProtocols: h.kind === 'tls10' ? 'TLSv1' : 'TLSv1.2, TLSv1.3',
      tlsCiphers: h.kind === 'tls10' ? 'DEFAULT:@SECLEVEL=0' : undefined,
      logFile: path.join(dir, 'xrdp.log'),
    });
    fs.writeFileSync(path.join(dir, 'xrdp.ini'), ini);
    procs.push(spawnPrivateXrdp(binary, path.join(dir, 'xrdp.ini'), dir));
  });
  for (const h of hosts) await waitForPort(h.host, h.port, 20_000);
  return procs;
}

/**
 * The environment the benches run every timed process in. NODE_EXTRA_CA_CERTS makes every Node process parse
 * that file at start-up, before any of its own code runs (Node 20: about 45 ms of CPU for the 150 certificates
 * of Debian's bundle, which some machines point it at): a property of the machine, not of rdp-doctor. It is left
 * out of the timed processes (rdp-doctor's, `node -e 0`'s and nmap's alike) unless BENCH_KEEP_EXTRA_CA=1, and
 * every bench says so in its first line.
 */
function benchEnv() {
  const env = { ...process.env };
  if (process.env.BENCH_KEEP_EXTRA_CA !== '1') delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

/** One line for a bench's header: whether NODE_EXTRA_CA_CERTS is set, and what the timed processes get. */
function envNote() {
  const extra = process.env.NODE_EXTRA_CA_CERTS;
  if (!extra) return 'NODE_EXTRA_CA_CERTS not set';
  return process.env.BENCH_KEEP_EXTRA_CA === '1'
    ? `NODE_EXTRA_CA_CERTS=${extra} kept (BENCH_KEEP_EXTRA_CA=1): every Node start parses it`
    : `NODE_EXTRA_CA_CERTS=${extra} is set here and left out of the timed processes (BENCH_KEEP_EXTRA_CA=1 keeps it)`;
}

let perfWorks = null;
/** Whether `perf stat` can count a child's task-clock here (not in every container, nor for every user). */
function perfUsable() {
  if (perfWorks === null) {
    const r = spawnSync('perf', ['stat', '-x,', '-e', 'task-clock', 'true'], { encoding: 'utf8', timeout: 10_000 });
    perfWorks = r.status === 0 && /task-clock/.test(r.stderr || '');
  }
  return perfWorks;
}

/**
 * A command line that measures `cmd args` whole and writes its CPU time to `file`: perf's task-clock (to the
 * microsecond) when perf works, else GNU time (to 10 ms), else nothing. Read the result with readCpu(file).
 */
function cpuTimedArgv(cmd, args, file) {
  const gnuTime = fs.existsSync('/usr/bin/time');
  if (perfUsable()) {
    // GNU time inside perf only for the peak memory (its own CPU, about a millisecond, is counted too)
    const inner = gnuTime ? ['/usr/bin/time', '-o', `${file}.mem`, '-f', '%M', cmd, ...args] : [cmd, ...args];
    return ['perf', ['stat', '-x,', '-e', 'task-clock', '-o', file, ...inner]];
  }
  if (gnuTime) return ['/usr/bin/time', ['-o', file, '-f', '%U %S %M', cmd, ...args]];
  return [cmd, args];
}

/** { cpuMs, rssMb } from cpuTimedArgv's file (NaN when unknown: perf gives no peak memory); removes the file. */
function readCpu(file) {
  let cpuMs = Number.NaN;
  let rssMb = Number.NaN;
  try {
    const text = fs.readFileSync(file, 'utf8');
    const perfLine = text.split('\n').find((l) => l.includes('task-clock'));
    if (perfLine) {
      cpuMs = Number(perfLine.split(',')[0]);
      if (fs.existsSync(`${file}.mem`)) {
        rssMb = Number(fs.readFileSync(`${file}.mem`, 'utf8').trim().split('\n').at(-1)) / 1024;
        fs.rmSync(`${file}.mem`, { force: true });
      }
    } else {
      const [u, sy, kb] = text.trim().split('\n').at(-1).split(' ').map(Number);
      cpuMs = (u + sy) * 1000;
      rssMb = kb / 1024;
    }
    fs.rmSync(file, { force: true });
  } catch {}
  return { cpuMs, rssMb };
}

/** Kills each process's group (the benches start xrdps detached, one group each). */
function killGroups(procs) {
  for (const p of procs.splice(0)) {
    try {
      process.kill(-p.pid, 'SIGKILL');
    } catch {}
  }
}

module.exports = {
  which,
  freePort,
  waitForPort,
  median,
  xrdpIni,
  copyXrdpBinary,
  spawnPrivateXrdp,
  makeCert,
  startXrdpFleet,
  killGroups,
  benchEnv,
  envNote,
  perfUsable,
  cpuTimedArgv,
  readCpu,
};
