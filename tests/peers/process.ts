/**
 * Child processes for real peers: spawned with captured output, killed when the peer stops, when
 * the test process exits, or when a test fails half-way (the exit hook catches what afterAll missed).
 */
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import net from 'node:net';

const live = new Set<ChildProcess>();
let hooked = false;

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  const killAll = () => {
    for (const child of live) {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }
  };
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      killAll();
      process.exit(130);
    });
  }
}

export interface Spawned {
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Spawns in its own process group so that stop() also ends what it forked (xrdp forks per connection). */
export function spawnPeer(cmd: string, args: string[], options: SpawnOptions = {}): Spawned {
  hookExit();
  const child = spawn(cmd, args, { ...options, detached: true, stdio: options.stdio ?? ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let out = '';
  const keep = (chunk: Buffer) => {
    out += chunk.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (err) => {
      out += `\n[spawn error] ${err.message}`;
      resolve();
    });
  });
  return {
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null && child.pid) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          child.kill('SIGTERM');
        }
        const timer = setTimeout(() => {
          try {
            if (child.pid) process.kill(-child.pid, 'SIGKILL');
          } catch {
            /* already gone */
          }
        }, 2000);
        await exited;
        clearTimeout(timer);
      }
      live.delete(child);
    },
  };
}

/** A loopback address of its own for each peer: 127.<pid-derived>.<counter>. */
let counter = 0;
export function nextLoopbackAddress(): string {
  counter += 1;
  const b = 64 + ((process.pid >> 8) % 128);
  const c = (process.pid + Math.floor(counter / 250)) % 250;
  const d = 2 + (counter % 250);
  return `127.${b}.${c}.${d}`;
}

/** A port nobody listens on at `host` right now. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves once host:port accepts a TCP connection; rejects with the peer's output after `ms`. */
export async function waitForPort(host: string, port: number, ms: number, spawned?: Spawned): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host, port });
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
      s.setTimeout(500, () => {
        s.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    const dead = spawned && (spawned.child.exitCode !== null || spawned.child.signalCode !== null);
    if (dead || Date.now() > until) {
      throw new Error(
        `peer did not listen on ${host}:${port} ${dead ? '(it exited)' : `within ${ms} ms`}\n${spawned?.output() ?? ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
