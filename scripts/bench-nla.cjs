#!/usr/bin/env node
/**
 * Benchmark of the NLA credential check (issue 6): `rdp-doctor probe --user --password-stdin` against a
 * local FreeRDP shadow server (/sec:nla +auth, under its own Xvfb), side by side with
 * `xfreerdp /auth-only /cert:ignore` on the same server when installed. Prints medians and our ratio.
 * Exits 0 with a printed reason when a binary is missing. Everything it starts, it stops.
 * Run after `npm run build` (npm run bench does).
 */
const { spawn, execFileSync } = require('node:child_process');
const net = require('node:net');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { freePort, median, waitForPort, which } = require('./benchSupport.cjs');

const ROOT = path.resolve(__dirname, '..');
const RUNS = Number(process.env.BENCH_NLA_RUNS || 7);
const USER = 'benchuser';
// a throw-away password for a throw-away server; never printed
const PASSWORD = `Bench-${process.pid}-${Date.now().toString(36)}`;

const children = new Set();
function start(cmd, args, opts = {}) {
  const child = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  let out = '';
  child.stdout?.on('data', (d) => {
    out = (out + d).slice(-50_000);
  });
  child.stderr?.on('data', (d) => {
    out = (out + d).slice(-50_000);
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return { child, output: () => out };
}
function stopAll() {
  for (const c of children) {
    try {
      process.kill(-c.pid, 'SIGKILL');
    } catch {}
  }
}
/** Stops every child and waits until each has exited (so none is left behind as a zombie). */
async function stopAllAndWait() {
  const exits = [...children].map((c) =>
    c.exitCode !== null || c.signalCode !== null ? null : new Promise((resolve) => c.once('exit', resolve)),
  );
  stopAll();
  await Promise.race([Promise.all(exits), new Promise((r) => setTimeout(r, 5000))]);
}
process.on('exit', stopAll);
for (const sig of ['SIGINT', 'SIGTERM'])
  process.once(sig, () => {
    stopAll();
    process.exit(130);
  });

function startXvfb() {
  const x = spawn('Xvfb', ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '800x600x24'], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  children.add(x);
  let log = '';
  x.stderr.on('data', (d) => {
    log = (log + d).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    x.once('exit', (code, sig) => reject(new Error(`Xvfb exited (${code ?? sig}) before it was ready: ${log}`)));
    let buf = '';
    const timer = setTimeout(() => reject(new Error('Xvfb did not start')), 10_000);
    x.stdio[3].on('data', (d) => {
      buf += d;
      const m = /^(\d+)\n/.exec(buf);
      if (m) {
        clearTimeout(timer);
        resolve(`:${m[1]}`);
      }
    });
  }).then(waitForDisplaySocket);
}

/** Xvfb may report a display before its socket accepts clients (seen under load): wait for the socket. */
async function waitForDisplaySocket(display) {
  const socketPath = `/tmp/.X11-unix/X${display.slice(1)}`;
  const until = Date.now() + 5000;
  for (;;) {
    const ok = await new Promise((resolve) => {
      const s = net.connect(socketPath);
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return display;
    if (Date.now() > until) throw new Error(`Xvfb reported ${display} but ${socketPath} accepts no connection`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Runs a command, feeding stdin, and returns { ms, code, stdout }. */
function timed(cmd, args, { input, env } = {}) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const { child, output } = start(cmd, args, {
      env: env || process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: false,
    });
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stdin.end(input || '');
    const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', (code) => {
      clearTimeout(kill);
      resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, code, stdout, output: output() });
    });
  });
}

const fmt = (ms) => `${ms.toFixed(0)} ms`;

async function main() {
  const missing = ['freerdp-shadow-cli', 'Xvfb', 'winpr-hash'].filter((b) => !which(b));
  if (missing.length) {
    console.log(
      `bench-nla: skipped — missing ${missing.join(', ')} (apt-get install freerdp2-shadow-x11 xvfb winpr-utils)`,
    );
    return;
  }
  const cli = path.join(ROOT, 'bin', 'rdp-doctor.cjs');
  if (!fs.existsSync(path.join(ROOT, 'out', 'main', 'cli.js'))) {
    console.log('bench-nla: skipped — the CLI is not built (run npm run build)');
    return;
  }
  const host = '127.0.0.1';
  const port = await freePort(host);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdpdoc-bench-nla-'));
  try {
    const sam = execFileSync('winpr-hash', ['-u', USER, '-p', PASSWORD, '-f', 'sam'], { encoding: 'utf8' }).trim();
    fs.writeFileSync(path.join(dir, 'sam'), `${sam}\n`, { mode: 0o600 });
    const display = await startXvfb();
    const env = { ...process.env, DISPLAY: display, HOME: dir, XDG_CONFIG_HOME: dir };
    const shadow = start(
      'freerdp-shadow-cli',
      [`/port:${port}`, `/bind-address:${host}`, '/sec:nla', '+auth', `/sam-file:${path.join(dir, 'sam')}`],
      { cwd: dir, env },
    );
    await waitForPort(host, port, 15_000).catch((e) => {
      throw new Error(`${e.message}\n${shadow.output()}`);
    });
    const target = `${host}:${port}`;

    const ours = [];
    const step = [];
    let verdict = null;
    for (let i = 0; i < RUNS; i++) {
      const r = await timed('node', [cli, 'probe', target, '--user', USER, '--password-stdin', '--json'], {
        input: `${PASSWORD}\n`,
      });
      ours.push(r.ms);
      try {
        const result = JSON.parse(r.stdout);
        verdict = result.nlaCheck ? result.nlaCheck.outcome : 'missing';
        if (result.steps?.nlaCheck && typeof result.steps.nlaCheck.durationMs === 'number') {
          step.push(result.steps.nlaCheck.durationMs);
        }
      } catch {
        verdict = `unreadable output (exit ${r.code})`;
      }
    }
    console.log(`bench-nla: shadow server ${target}, ${RUNS} runs each`);
    console.log(`  rdp-doctor probe --user (whole probe)   median ${fmt(median(ours))}  — check outcome: ${verdict}`);
    if (step.length) console.log(`  rdp-doctor nlaCheck step alone           median ${fmt(median(step))}`);

    const xfreerdp = which('xfreerdp');
    if (!xfreerdp) {
      console.log('  xfreerdp: not installed (apt-get install freerdp2-x11) — no comparison');
      return;
    }
    const theirs = [];
    let theirCode = null;
    for (let i = 0; i < RUNS; i++) {
      // /from-stdin reads the password from stdin, so it never appears in argv
      const r = await timed(
        xfreerdp,
        [
          `/v:${target}`,
          `/u:${USER}`,
          '/from-stdin:force',
          '+auth-only',
          '/cert:ignore',
          '/sec:nla',
          '/log-level:ERROR',
        ],
        { input: `${PASSWORD}\n`, env },
      );
      theirs.push(r.ms);
      theirCode = r.code;
    }
    const m = median(theirs);
    console.log(`  xfreerdp /auth-only /cert:ignore         median ${fmt(m)}  — exit ${theirCode} (0 = accepted)`);
    const ref = step.length ? median(step) : median(ours);
    console.log(
      `  ratio ours/xfreerdp: ${(median(ours) / m).toFixed(2)} (whole probe), ${(ref / m).toFixed(2)} (check step)`,
    );
  } finally {
    await stopAllAndWait();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.log(`bench-nla: failed — ${err?.message ? err.message : err}`);
    stopAll();
    process.exit(1);
  },
);
