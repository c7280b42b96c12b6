/** A private X display for the FreeRDP shadow server (and xfreerdp), numbered by Xvfb itself (-displayfd). */
import net from 'node:net';
import { type Spawned, spawnPeer } from './process';

export interface Display {
  display: string;
  stop(): Promise<void>;
}

export async function startXvfb(): Promise<Display> {
  const proc: Spawned = spawnPeer('Xvfb', ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '800x600x24'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  const fd3 = proc.child.stdio[3] as NodeJS.ReadableStream | null;
  const display = await new Promise<string>((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start within 10 s\n${proc.output()}`)), 10_000);
    fd3?.on('data', (chunk: Buffer) => {
      buf += chunk.toString();
      const m = /^(\d+)\n/.exec(buf);
      if (m) {
        clearTimeout(timer);
        resolve(`:${m[1]}`);
      }
    });
    proc.child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited\n${proc.output()}`));
    });
  });
  // Under load a display has been reported ready that clients could not open yet: wait until its
  // socket accepts a connection.
  const socketPath = `/tmp/.X11-unix/X${display.slice(1)}`;
  const until = Date.now() + 5000;
  while (!(await canConnect(socketPath))) {
    if (Date.now() > until) {
      await proc.stop();
      throw new Error(`Xvfb reported ${display} but ${socketPath} accepts no connection\n${proc.output()}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return { display, stop: () => proc.stop() };
}

function canConnect(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(socketPath);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
