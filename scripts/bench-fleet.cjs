#!/usr/bin/env node
/**
 * Benchmark of the fleet scan (issues 14 and 20), side by side with nmap's RDP scripts on the same targets in
 * the same run:  nmap -Pn -n -p PORT --script rdp-enum-encryption,rdp-ntlm-info,ssl-cert -iL targets
 *  1. a mixed scan of 18 real xrdp servers on loopback (healthy, expired certificate, TLS 1.0 only);
 *  2. 100 hosts behind a 25 ms round trip: userspace relays (benchLatencyRelay.cjs; this kernel has no netem)
 *     on 100 loopback addresses in front of 40 real xrdps, so no xrdp's tiny accept queue (2) is the limit;
 *  3. scaling (rdp-doctor only): a /24 and a /22 of silent addresses (accept, never answer) and of real servers
 *     behind the relays: time per host should stay flat (linear growth) and the peak memory under 300 MB.
 * Every process is timed whole (start-up included), with its CPU time (user + system) and peak memory (GNU
 * time). The machine's load average is printed with every figure: on a shared machine wall times are inflated
 * and noisy, CPU times much less so. Checks the scan's findings equal single `rdp-doctor probe` runs on a sample.
 * Addresses: 127.39.0.0/16 only. Bounded: every process has a deadline; everything started is stopped.
 * Parts 1 and 2 alternate BENCH_FLEET_RUNS (3) scans of each tool and compare the medians; beside each scan, the
 * CPU the servers and relays spent meanwhile (on one machine they share the cores with the scanner).
 * BENCH_FLEET_RTT (25 ms), BENCH_FLEET_RELAYS (100), BENCH_FLEET_XRDPS (40), BENCH_FLEET_SAMPLE (6),
 * BENCH_FLEET_PARTS (1,2,3: which parts run; BENCH_FLEET_SCALE=0 skips part 3). Exits 0 with a printed reason when xrdp, unshare or the build is missing.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const {
  benchEnv,
  cpuTimedArgv,
  envNote,
  killGroups,
  median,
  readCpu,
  startXrdpFleet,
  which,
} = require('./benchSupport.cjs');

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'bin', 'rdp-doctor.cjs');
const RTT = Number(process.env.BENCH_FLEET_RTT || 25);
const RELAYS = Number(process.env.BENCH_FLEET_RELAYS || 100);
const XRDPS = Math.max(18, Number(process.env.BENCH_FLEET_XRDPS || 40));
const SAMPLE = Number(process.env.BENCH_FLEET_SAMPLE || 6);
const RUNS = Math.max(1, Number(process.env.BENCH_FLEET_RUNS || 3));
/** which parts run: BENCH_FLEET_PARTS=3 (only the scaling), 1,2 (only the comparisons); BENCH_FLEET_SCALE=0 is 1,2 */
const PARTS = new Set((process.env.BENCH_FLEET_PARTS || '1,2,3').split(',').map((p) => p.trim()));
if (process.env.BENCH_FLEET_SCALE === '0') PARTS.delete('3');
const RUN_DEADLINE_MS = 600_000;
const NMAP_SCRIPTS = 'rdp-enum-encryption,rdp-ntlm-info,ssl-cert';

const procs = [];
const children = new Set();
let workDir = null;
function stopAll() {
  for (const c of children) {
    try {
      c.kill('SIGKILL');
    } catch {}
  }
  killGroups(procs);
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  workDir = null;
}
process.on('exit', stopAll);
for (const sig of ['SIGINT', 'SIGTERM'])
  process.once(sig, () => {
    stopAll();
    process.exit(130);
  });

const load = () => `load ${os.loadavg()[0].toFixed(1)}`;
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;

/**
 * Runs a command asynchronously (the relays and silent listeners may live in this process), timed whole, with
 * its CPU time (perf's task-clock, else GNU time) and peak resident memory (GNU time), in the bench environment
 * (benchSupport.cjs benchEnv). Also the CPU the servers and relays spent meanwhile (serverCpuS). Killed after
 * RUN_DEADLINE_MS.
 */
function timed(cmd, args) {
  const cpuFile = path.join(workDir, `time-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  const [runner, argv] = cpuTimedArgv(cmd, args, cpuFile);
  const started = process.hrtime.bigint();
  const loadBefore = os.loadavg()[0];
  const serversBefore = serverCpuS();
  return new Promise((resolve) => {
    const child = spawn(runner, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: benchEnv() });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_DEADLINE_MS);
    child.on('close', (status) => {
      clearTimeout(timer);
      children.delete(child);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const { cpuMs, rssMb } = readCpu(cpuFile);
      const cpuS = cpuMs / 1000;
      const serversS = serverCpuS() - serversBefore;
      resolve({ ms, cpuS, rssMb, serversS, status, stdout, stderr, load: (loadBefore + os.loadavg()[0]) / 2 });
    });
  });
}

const TICK_S = 0.01; // /proc/PID/stat counts in clock ticks: 100 a second on Linux
/**
 * CPU seconds used so far by the bench's servers and relays (every process this bench started: the xrdps, with
 * the per-connection children they reaped, and the relay processes), from /proc. On one shared machine their
 * CPU and the scanner's come from the same two cores, so it is printed beside each tool's scan.
 */
function serverCpuS() {
  let ticks = 0;
  for (const p of procs) {
    try {
      const fields = fs.readFileSync(`/proc/${p.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      // utime, stime, cutime, cstime (fields 14-17 of proc(5), counted from after the command name)
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch {}
  }
  return ticks * TICK_S;
}

function portFree(host, port) {
  return new Promise((resolve) => {
    const c = net.connect({ host, port });
    c.once('connect', () => {
      c.destroy();
      resolve(false);
    });
    c.once('error', () => {
      const srv = net.createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, host, () => srv.close(() => resolve(true)));
    });
  });
}

/** The relays (or silent listeners, upHost null) as their own process; resolves once all listen. */
function startRelayProcess(pairs, rtt) {
  const file = path.join(workDir, `pairs-${pairs.length}-${Date.now()}.json`);
  fs.writeFileSync(file, JSON.stringify(pairs));
  const child = spawn(process.execPath, [path.join(__dirname, 'benchLatencyRelay.cjs'), String(rtt), file], {
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  procs.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('READY')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`the relay process stopped (exit ${code})`)));
  });
}

function stopProcess(child) {
  const i = procs.indexOf(child);
  if (i >= 0) procs.splice(i, 1);
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {}
}

function writeTargets(name, targets) {
  const file = path.join(workDir, name);
  fs.writeFileSync(file, `${targets.join('\n')}\n`);
  return file;
}

async function ourScan(list, extra = []) {
  const r = await timed(process.execPath, [CLI, 'scan', '--targets', list, '--json', ...extra]);
  try {
    return { ...r, report: JSON.parse(r.stdout) };
  } catch {
    throw new Error(`rdp-doctor scan did not print JSON (exit ${r.status}): ${r.stderr.slice(0, 400)}`);
  }
}

/** nmap on the same hosts (its list holds bare addresses; the port goes in -p). */
async function nmapScan(hosts, port) {
  const list = writeTargets(`nmap-${hosts.length}-${port}.txt`, hosts);
  const count = hosts.length;
  const args = ['-Pn', '-n', '-p', String(port), '--script', NMAP_SCRIPTS, '-iL', list];
  if (port !== 3389) {
    const services = path.join(workDir, 'nmap-services');
    fs.writeFileSync(services, `ms-wbt-server\t${port}/tcp\t0.5\n`);
    args.unshift('--servicedb', services);
  }
  const r = await timed('nmap', args);
  const scripted = (r.stdout.match(/rdp-enum-encryption:/g) || []).length;
  return { ...r, note: `scripts ran on ${scripted}/${count} hosts` };
}

function line(label, r, hosts, extra) {
  const perHost = (r.cpuS * 1000) / hosts;
  return (
    `  ${label.padEnd(22)} ${s(r.ms).padStart(9)}   CPU ${r.cpuS.toFixed(2)} s (${perHost.toFixed(1)} ms/host)` +
    `   peak ${r.rssMb.toFixed(0)} MB   servers+relays CPU ${r.serversS.toFixed(1)} s` +
    `   [${extra}; exit ${r.status}; ${`load ${r.load.toFixed(1)}`}]`
  );
}

/**
 * `runs` alternating scans of each tool on the same hosts (ours, nmap, ours, nmap, …), each printed, then the
 * medians and their ratio: a change in the machine's load during the comparison hits both tools.
 */
async function sideBySide(runs, hosts, ours, theirs) {
  const a = [];
  const b = [];
  for (let i = 0; i < runs; i++) {
    const r = await ours();
    a.push(r);
    console.log(line(`rdp-doctor scan #${i + 1}`, r, hosts, verdicts(r.report)));
    if (theirs) {
      const t = await theirs();
      b.push(t);
      console.log(line(`nmap #${i + 1}`, t, hosts, t.note));
    }
  }
  const med = (xs, k) => median(xs.map((x) => x[k]));
  const summary = (xs) =>
    `${s(med(xs, 'ms'))}, CPU ${((med(xs, 'cpuS') * 1000) / hosts).toFixed(1)} ms/host, servers+relays CPU ${med(xs, 'serversS').toFixed(1)} s`;
  if (!theirs) {
    console.log('  nmap: not installed — no comparison');
    console.log(`  median of ${runs}: rdp-doctor ${summary(a)}`);
    return a.at(-1);
  }
  console.log(
    `  median of ${runs}: rdp-doctor ${summary(a)}; nmap ${summary(b)}\n` +
      `  ratio rdp-doctor/nmap (medians): wall ${(med(a, 'ms') / med(b, 'ms')).toFixed(3)}, CPU ${(med(a, 'cpuS') / med(b, 'cpuS')).toFixed(3)}` +
      `   [load ${median([...a, ...b].map((x) => x.load)).toFixed(1)}]`,
  );
  return a.at(-1);
}

function verdicts(report) {
  const t = report.totals;
  return `${report.scan.concurrency} at a time; ${t.error} problems, ${t.warning} warnings, ${t.ok} fine`;
}

/** The scan's findings equal single `rdp-doctor probe` runs, on a sample across the kinds. */
async function sameAsSingle(report, targets) {
  const step = Math.max(1, Math.floor(targets.length / SAMPLE));
  const sample = targets.filter((_, i) => i % step === 0).slice(0, SAMPLE);
  let same = 0;
  // network-unstable judges the spread of connect times at that moment, on a loaded machine either way
  const ids = (list) => list.filter((id) => id !== 'network-unstable').join(',');
  for (const t of sample) {
    const single = JSON.parse((await timed(process.execPath, [CLI, 'probe', t, '--json'])).stdout);
    const inScan = report.hosts.find((h) => h.target === t);
    const a = ids(single.findings.map((f) => f.id));
    const b = ids(inScan.findingIds);
    if (a === b) same++;
    else console.log(`    differs on ${t}: single probe [${a}] vs scan [${b}]`);
  }
  console.log(`    findings equal a single probe's on ${same}/${sample.length} sampled hosts`);
}

const xrdpAddress = (i) => `127.39.1.${1 + i}`;
const relayAddress = (i) => `127.39.${8 + Math.floor(i / 254)}.${1 + (i % 254)}`;
const silentAddress = (i) => `127.39.${16 + Math.floor(i / 254)}.${1 + (i % 254)}`;

async function main() {
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
  const hasNmap = Boolean(which('nmap'));
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdpdoc-bench-fleet-'));
  fs.chmodSync(workDir, 0o755);
  console.log(
    `bench-fleet: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}, ${load()} at start; ${envNote()}`,
  );

  // nmap runs its RDP scripts on 3389 (or on what its services file calls ms-wbt-server)
  const port = (await portFree(xrdpAddress(0), 3389)) ? 3389 : 43389;
  const started = Date.now();
  const xrdps = Array.from({ length: XRDPS }, (_, i) => ({
    host: xrdpAddress(i),
    port,
    kind: i % 6 === 1 ? 'expired' : i % 6 === 4 ? 'tls10' : 'healthy',
  }));
  procs.push(...(await startXrdpFleet(workDir, xrdps)));
  const target = (host) => (port === 3389 ? host : `${host}:${port}`);
  console.log(
    `  ${XRDPS} real xrdp servers on ${xrdps[0].host}…${xrdps.at(-1).host} port ${port}, started in ${s(Date.now() - started)}`,
  );

  // 1. the mixed scan: 18 real servers
  if (PARTS.has('1')) await mixedScan(xrdps, port, target, hasNmap);
  // the relays of parts 2 and 3 listen on RELAY addresses (on 3389 when free) and forward to the xrdps
  const relayPort = (await portFree(relayAddress(0), 3389)) ? 3389 : 43389;
  const relayPairs = (n) =>
    Array.from({ length: n }, (_, i) => ({
      listenHost: relayAddress(i),
      listenPort: relayPort,
      upHost: xrdps[i % XRDPS].host,
      upPort: port,
    }));
  const relayTarget = (i) => (relayPort === 3389 ? relayAddress(i) : `${relayAddress(i)}:${relayPort}`);
  if (PARTS.has('2')) await behindLatency(relayPairs, relayTarget, relayPort, hasNmap);
  if (PARTS.has('3')) await scaling(relayPairs, relayTarget, relayPort);
}

async function mixedScan(xrdps, port, target, hasNmap) {
  const mixed = xrdps.slice(0, 18);
  const mixedList = writeTargets(
    'mixed.txt',
    mixed.map((h) => target(h.host)),
  );
  console.log(
    `\n1. mixed scan of 18 real xrdp servers on loopback (${mixed.filter((h) => h.kind === 'expired').length} expired certificate, ${mixed.filter((h) => h.kind === 'tls10').length} TLS 1.0 only)`,
  );
  const ours1 = await sideBySide(
    RUNS,
    18,
    () => ourScan(mixedList),
    hasNmap
      ? () =>
          nmapScan(
            mixed.map((h) => h.host),
            port,
          )
      : null,
  );
  await sameAsSingle(
    ours1.report,
    mixed.map((h) => target(h.host)),
  );
}

/** 2. behind latency: RELAYS relays → the xrdps */
async function behindLatency(relayPairs, relayTarget, relayPort, hasNmap) {
  const relay = await startRelayProcess(relayPairs(RELAYS), RTT);
  const relayList = writeTargets(
    'relays.txt',
    Array.from({ length: RELAYS }, (_, i) => relayTarget(i)),
  );
  console.log(`\n2. ${RELAYS} hosts behind a ${RTT} ms round trip (userspace relays in front of ${XRDPS} real xrdps)`);
  const ours2 = await sideBySide(
    RUNS,
    RELAYS,
    () => ourScan(relayList),
    hasNmap
      ? () =>
          nmapScan(
            Array.from({ length: RELAYS }, (_, i) => relayAddress(i)),
            relayPort,
          )
      : null,
  );
  await sameAsSingle(
    ours2.report,
    Array.from({ length: RELAYS }, (_, i) => relayTarget(i)),
  );
  stopProcess(relay);
}

/** 3. scaling: a /24 then a /22, silent and real */
async function scaling(relayPairs, relayTarget, relayPort) {
  console.log(
    '\n3. scaling (rdp-doctor only): time per host should stay flat from a /24 to a /22; peak memory < 300 MB',
  );
  for (const n of [254, 1022]) {
    const silent = await startRelayProcess(
      Array.from({ length: n }, (_, i) => ({ listenHost: silentAddress(i), listenPort: relayPort, upHost: null })),
      0,
    );
    const list = writeTargets(
      `silent-${n}.txt`,
      Array.from({ length: n }, (_, i) => `${silentAddress(i)}:${relayPort}`),
    );
    const r = await ourScan(list, ['--timeout', '2']);
    console.log(line(`${n} silent (2 s each)`, r, n, `${verdicts(r.report)}; ${(r.ms / n).toFixed(1)} ms wall/host`));
    stopProcess(silent);
  }
  for (const n of [254, 1022]) {
    const relay = await startRelayProcess(relayPairs(n), RTT);
    const list = writeTargets(
      `relays-${n}.txt`,
      Array.from({ length: n }, (_, i) => relayTarget(i)),
    );
    const r = await ourScan(list);
    console.log(line(`${n} real, ${RTT} ms RTT`, r, n, `${verdicts(r.report)}; ${(r.ms / n).toFixed(1)} ms wall/host`));
    stopProcess(relay);
  }
}

main()
  .catch((err) => {
    console.log(`bench-fleet: failed — ${err?.message ?? err}`);
    process.exitCode = 1;
  })
  .finally(stopAll);
