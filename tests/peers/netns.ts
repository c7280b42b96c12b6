/**
 * A real non-loopback path for the network tests (issue 22): a network namespace `rdn-<n>` joined to this one
 * by a veth pair `rdv<n>a` (here, 10.237.<n>.1/30) ↔ `rdv<n>b` (inside, 10.237.<n>.2/30). Servers listen on
 * the address here, a relay (relayMain.ts) runs inside and listens on the address there, and the probe, here,
 * connects to the relay: every byte crosses the veth twice. Needs root and iproute2; `remove()` deletes the
 * namespace (which takes the veth pair with it) and is safe to call twice.
 */
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { findBinary } from './availability';
import type { RelayEvent, RelayOptions } from './relay';

export interface NetnsPath {
  name: string;
  /** the address on this side of the veth (servers listen here) */
  hostAddress: string;
  /** the address inside the namespace (relays listen here) */
  nsAddress: string;
  /** starts relayMain.ts inside the namespace */
  startRelay(opts: Omit<RelayOptions, 'onEvent'>): Promise<NsRelay>;
  remove(): void;
}

export interface NsRelay {
  port: number;
  events: RelayEvent[];
  output(): string;
  stop(): Promise<void>;
}

/** Why the namespace tests cannot run here, or null. */
export function netnsMissing(): string | null {
  if (!findBinary('ip')) return 'missing ip (apt-get install iproute2)';
  if (process.getuid?.() !== 0) return 'needs root to create a network namespace and a veth pair';
  return null;
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });

const ROOT = path.resolve(__dirname, '..', '..');
const JITI = path.join(ROOT, 'node_modules', 'jiti', 'lib', 'jiti-cli.mjs');
const RELAY_MAIN = path.join(__dirname, 'relayMain.ts');

/** Creates rdn-<n> with a free n (1..250) derived from the pid, so parallel test files do not collide. */
export function createNetnsPath(): NetnsPath {
  const existing = ip('netns', 'list');
  let n = 0;
  for (let k = 0; k < 250; k++) {
    const candidate = 1 + ((process.pid + k * 7) % 250);
    if (
      !existing.includes(`rdn-${candidate} `) &&
      !existing.split('\n').some((l) => l.split(' ')[0] === `rdn-${candidate}`)
    ) {
      n = candidate;
      break;
    }
  }
  if (n === 0) throw new Error('no free rdn-* namespace number');
  const name = `rdn-${n}`;
  const outer = `rdv${n}a`;
  const inner = `rdv${n}b`;
  const hostAddress = `10.237.${n}.1`;
  const nsAddress = `10.237.${n}.2`;
  const relays = new Set<NsRelay>();
  const remove = () => {
    process.off('exit', onExit);
    for (const r of relays) void r.stop();
    try {
      ip('netns', 'del', name);
    } catch {
      /* already gone */
    }
    try {
      ip('link', 'del', outer);
    } catch {
      /* went with the namespace */
    }
  };
  // a test run that ends without its afterAll (an uncaught error, a signal) still takes the namespace away
  const onExit = () => remove();
  process.once('exit', onExit);
  try {
    ip('netns', 'add', name);
    ip('link', 'add', outer, 'type', 'veth', 'peer', 'name', inner);
    ip('link', 'set', inner, 'netns', name);
    ip('addr', 'add', `${hostAddress}/30`, 'dev', outer);
    ip('link', 'set', outer, 'up');
    ip('netns', 'exec', name, 'ip', 'addr', 'add', `${nsAddress}/30`, 'dev', inner);
    ip('netns', 'exec', name, 'ip', 'link', 'set', inner, 'up');
    ip('netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up');
  } catch (err) {
    remove();
    throw err;
  }

  const startRelay = (opts: Omit<RelayOptions, 'onEvent'>): Promise<NsRelay> =>
    new Promise((resolve, reject) => {
      const child = spawn('ip', ['netns', 'exec', name, process.execPath, JITI, RELAY_MAIN, JSON.stringify(opts)], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const events: RelayEvent[] = [];
      let out = '';
      let buffered = '';
      let settled = false;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      const relay: NsRelay = {
        port: 0,
        events,
        output: () => out,
        stop: async () => {
          relays.delete(relay);
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        },
      };
      relays.add(relay);
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        void relay.stop();
        reject(new Error(`the relay did not start in ${name}:\n${out}`));
      }, 20_000);
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          if (!line.trim()) continue;
          const e = JSON.parse(line) as RelayEvent;
          events.push(e);
          if (e.kind === 'listening' && !settled) {
            settled = true;
            clearTimeout(timer);
            relay.port = e.port ?? 0;
            resolve(relay);
          }
        }
      });
      child.stderr.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      child.once('exit', (code) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(new Error(`the relay exited (${code}) in ${name}:\n${out}`));
      });
    });

  return { name, hostAddress, nsAddress, startRelay, remove };
}
