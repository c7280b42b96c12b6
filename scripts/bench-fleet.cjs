#!/usr/bin/env node
/**
 * Benchmark of the fleet scan (issue 14): `rdp-doctor scan` over a few hundred real xrdp servers, each on its
 * own loopback address (127.0.9x.y, port 3389 when free), compared with nmap scanning the same targets with
 * its RDP scripts:
 *   nmap -Pn -n -p PORT --script rdp-enum-encryption,rdp-ntlm-info,ssl-cert -iL targets
 * Every process is timed whole (start-up included). Prints hosts per second for both and our ratio, and
 * checks that the scan's findings for a sample of hosts equal single `rdp-doctor probe` runs.
 * The fleet is mixed: most servers healthy, every 10th with an expired certificate, every 10th (+5) TLS 1.0
 * only. Each xrdp runs from a private copy of the binary in its own mount namespace with a private /run/xrdp
 * (as tests/peers/xrdp.ts does), so they start beside a stock xrdp. Everything it starts, it stops.
 * BENCH_FLEET_HOSTS (default 200), BENCH_FLEET_CONCURRENCY (default: the CLI's), BENCH_FLEET_SAMPLE (10).
 * Exits 0 with a printed reason when xrdp, unshare or the build is missing.
 */
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { copyXrdpBinary, spawnPrivateXrdp, waitForPort, which, xrdpIni } = require('./benchSupport.cjs');

const ROOT = path.resolve(__dirname, '..');
const HOSTS = Number(process.env.BENCH_FLEET_HOSTS || 200);
const SAMPLE = Number(process.env.BENCH_FLEET_SAMPLE || 10);
const CONCURRENCY = process.env.BENCH_FLEET_CONCURRENCY;
const DAY = 86_400_000;

const procs = [];
let workDir = null;
function stopAll() {
  for (const p of procs.splice(0)) {
    try {
      process.kill(-p.pid, 'SIGKILL');
    } catch {}
  }
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  workDir = null;
}
process.on('exit', stopAll);
for (const sig of ['SIGINT', 'SIGTERM'])
  process.once(sig, () => {
    stopAll();
    process.exit(130);
  });

function makeCert(cn, notBefore, notAfter) {
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

function portFree(host, port) {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, host, () => s.close(() => resolve(true)));
  });
}

function iniFor(dir, host, port, kind, files) {
  const cert = kind === 'expired' ? files.expired : files.healthy;
  return xrdpIni({
    listen: `tcp://${host}:${port}`,
    cert: cert.cert,
    key: cert.key,
    sslProtocols: kind === 'tls10' ? 'TLSv1' : 'TLSv1.2, TLSv1.3',
    tlsCiphers: kind === 'tls10' ? 'DEFAULT:@SECLEVEL=0' : undefined,
    logFile: path.join(dir, 'xrdp.log'),
  });
}

function addressOf(i) {
  return `127.0.${90 + Math.floor(i / 250)}.${1 + (i % 250)}`;
}

async function startFleet() {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdpdoc-bench-fleet-'));
  fs.chmodSync(workDir, 0o755);
  const binary = copyXrdpBinary(workDir);
  const files = {};
  for (const [name, cert] of [
    ['healthy', makeCert('bench-fleet.local', new Date(Date.now() - DAY), new Date(Date.now() + 365 * DAY))],
    ['expired', makeCert('bench-expired.local', new Date(Date.now() - 400 * DAY), new Date(Date.now() - 20 * DAY))],
  ]) {
    files[name] = { cert: path.join(workDir, `${name}.pem`), key: path.join(workDir, `${name}.key`) };
    fs.writeFileSync(files[name].cert, cert.certPem, { mode: 0o644 });
    fs.writeFileSync(files[name].key, cert.keyPem, { mode: 0o600 });
  }
  // nmap runs its RDP scripts on 3389 (or on what its services file calls ms-wbt-server)
  const port = (await portFree(addressOf(0), 3389)) ? 3389 : 43389;
  const hosts = [];
  for (let i = 0; i < HOSTS; i++) {
    const host = addressOf(i);
    const kind = i % 10 === 0 ? 'expired' : i % 10 === 5 ? 'tls10' : 'healthy';
    const dir = path.join(workDir, `x${i}`);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'xrdp.ini'), iniFor(dir, host, port, kind, files));
    const p = spawnPrivateXrdp(binary, path.join(dir, 'xrdp.ini'), dir);
    procs.push(p);
    hosts.push({ host, kind, target: port === 3389 ? host : `${host}:${port}` });
  }
  for (const h of hosts) await waitForPort(h.host, port, 20_000);
  return { hosts, port };
}

/**
 * Runs and times a command whole; through bash's `times` it also reports the CPU seconds the command itself
 * used (user + system, its children included), which says what the scanner costs apart from the servers:
 * here every server shares the same 2 cores, on a real network each is its own machine.
 */
function timed(cmd, args) {
  const t = process.hrtime.bigint();
  const r = spawnSync('bash', ['-c', '"$@"; rc=$?; times >&2; exit $rc', 'bench', cmd, ...args], {
    encoding: 'utf8',
    timeout: 600_000,
    maxBuffer: 256 << 20,
  });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const lines = (r.stderr || '').trimEnd().split('\n');
  const children = [...(lines.at(-1) || '').matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  const cpuS = children.length === 2 ? children[0] + children[1] : Number.NaN;
  return { ms, cpuS, status: r.status, stdout: r.stdout || '', stderr: lines.slice(0, -2).join('\n') };
}

async function main() {
  const cli = path.join(ROOT, 'bin', 'rdp-doctor.cjs');
  if (!fs.existsSync(path.join(ROOT, 'out', 'main', 'cli.js'))) {
    console.log('bench-fleet: skipped — the CLI is not built (run npm run build)');
    return;
  }
  for (const bin of ['xrdp', 'unshare']) {
    if (!which(bin)) {
      console.log(`bench-fleet: skipped — ${bin} is not installed (apt-get install xrdp util-linux)`);
      return;
    }
  }
  const started = Date.now();
  const { hosts, port } = await startFleet();
  console.log(
    `bench-fleet: ${hosts.length} real xrdp servers on ${hosts[0].host}…${hosts.at(-1).host} port ${port} ` +
      `(${hosts.filter((h) => h.kind === 'expired').length} expired certificate, ${hosts.filter((h) => h.kind === 'tls10').length} TLS 1.0 only), started in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  const list = path.join(workDir, 'targets.txt');
  fs.writeFileSync(list, `${hosts.map((h) => h.target).join('\n')}\n`);

  const args = [cli, 'scan', '--targets', list, '--json', ...(CONCURRENCY ? ['--concurrency', CONCURRENCY] : [])];
  const ours = timed(process.execPath, args);
  let report;
  try {
    report = JSON.parse(ours.stdout);
  } catch {
    throw new Error(`rdp-doctor scan did not print JSON (exit ${ours.status}): ${ours.stderr.slice(0, 400)}`);
  }
  const ourRate = hosts.length / (ours.ms / 1000);
  const t = report.totals;
  console.log(
    `  rdp-doctor scan (concurrency ${report.scan.concurrency})   ${(ours.ms / 1000).toFixed(2).padStart(7)} s   ${ourRate.toFixed(1).padStart(6)} hosts/s` +
      `   CPU ${ours.cpuS.toFixed(1)} s   [${t.error} problems, ${t.warning} warnings, ${t.ok} fine; exit ${ours.status}]`,
  );
  if (process.env.BENCH_DEBUG) {
    for (const h of report.hosts) {
      const steps = Object.entries(h.result.steps).map(([k, v]) => `${k}=${v.durationMs}`);
      console.log(`    ${h.target} ${h.durationMs} ms  ${steps.join(' ')}`);
    }
  }
  console.log(`    counts: ${report.counts.map((c) => `${c.hosts}× ${c.id}`).join(', ')}`);
  const expectedExpired = hosts.filter((h) => h.kind === 'expired').length;
  const expectedTls10 = hosts.filter((h) => h.kind === 'tls10').length;
  const count = (id) => report.counts.find((c) => c.id === id)?.hosts ?? 0;
  console.log(
    `    expired certificates found ${count('tls-cert-expired')}/${expectedExpired}, TLS 1.0-only found ${count('tls-legacy-only')}/${expectedTls10}`,
  );

  // the scan's findings equal a single probe's, for a sample across the kinds
  const sample = hosts.filter((_, i) => i % Math.max(1, Math.floor(hosts.length / SAMPLE)) === 0).slice(0, SAMPLE);
  let same = 0;
  for (const h of sample) {
    const single = JSON.parse(timed(process.execPath, [cli, 'probe', h.target, '--json']).stdout);
    const inScan = report.hosts.find((x) => x.target === h.target);
    const a = single.findings.map((f) => f.id).join(',');
    const b = inScan.findingIds.join(',');
    if (a === b) same++;
    else console.log(`    differs on ${h.target}: single probe [${a}] vs scan [${b}]`);
  }
  console.log(`    findings equal a single probe's on ${same}/${sample.length} sampled hosts`);

  if (!which('nmap')) {
    console.log('  nmap: not installed — no comparison');
    return;
  }
  const nmapArgs = [
    '-Pn',
    '-n',
    '-p',
    String(port),
    '--script',
    'rdp-enum-encryption,rdp-ntlm-info,ssl-cert',
    '-iL',
    list,
  ];
  if (port !== 3389) {
    const services = path.join(workDir, 'nmap-services');
    fs.writeFileSync(services, `ms-wbt-server\t${port}/tcp\t0.5\n`);
    nmapArgs.unshift('--servicedb', services);
  }
  const theirs = timed('nmap', nmapArgs);
  const scripted = (theirs.stdout.match(/rdp-enum-encryption:/g) || []).length;
  const theirRate = hosts.length / (theirs.ms / 1000);
  console.log(
    `  nmap ${nmapArgs.filter((a) => a !== list).join(' ')} <targets>\n` +
      `                                      ${(theirs.ms / 1000).toFixed(2).padStart(7)} s   ${theirRate.toFixed(1).padStart(6)} hosts/s` +
      `   CPU ${theirs.cpuS.toFixed(1)} s   [scripts ran on ${scripted}/${hosts.length} hosts; exit ${theirs.status}]`,
  );
  console.log(
    `  ratio: rdp-doctor scan takes ${(ours.ms / theirs.ms).toFixed(3)} of nmap's time (${(ourRate / theirRate).toFixed(1)}× the hosts per second)` +
      ` and ${(ours.cpuS / theirs.cpuS).toFixed(3)} of its CPU time`,
  );
  console.log(
    "  (all servers share this machine's cores with both scanners, so the wall time measures the servers as much as the scanners; the CPU time is the scanners' own)",
  );
}

main()
  .catch((err) => {
    console.log(`bench-fleet: failed — ${err?.message ?? err}`);
    process.exitCode = 1;
  })
  .finally(stopAll);
