/**
 * `rdp-doctor scan`'s progress: hosts as they finish, and on a terminal one status line (done / total,
 * problems so far, time left) kept at the bottom and redrawn in place. Printing only.
 */
import type pc from 'picocolors';
import type { FleetHost } from '../../shared/fleet';
import { certWords, hostReason, VERDICT_WORDS } from '../report/fleet/fleetText';

type Colors = ReturnType<typeof pc.createColors>;

const ICON: Record<FleetHost['verdict'], string> = { error: '✗', warning: '!', ok: '✓', stopped: '-', pending: '·' };

/**
 * Hosts as they finish, and on a terminal one progress line kept at the bottom (redrawn in place, and every
 * second so "time left" moves). Off a terminal: plain lines only, each with its [done/total].
 */
export class ScanProgress {
  private done = 0;
  private errors = 0;
  private started = 0;
  private timer: NodeJS.Timeout | null = null;
  private statusShown = false;

  constructor(
    private readonly total: number,
    private readonly write: (s: string) => void,
    private readonly tty: boolean,
    private readonly c: Colors,
    private readonly mode: 'hosts' | 'status-only',
  ) {}

  start(): void {
    this.started = Date.now();
    if (!this.tty) return;
    this.drawStatus();
    this.timer = setInterval(() => this.drawStatus(), 1000);
    this.timer.unref();
  }

  hostDone(h: FleetHost, done: number): void {
    this.done = done;
    if (h.verdict === 'error') this.errors++;
    if (this.mode === 'hosts') {
      this.clearStatus();
      const prefix = this.tty ? '' : `[${done}/${this.total}] `;
      this.write(`${prefix}${this.hostLine(h)}\n`);
    } else if (!this.tty) {
      return;
    }
    if (this.tty) this.drawStatus();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.clearStatus();
  }

  statusText(now = Date.now()): string {
    const elapsed = now - this.started;
    const left =
      this.done === 0 || this.done >= this.total
        ? ''
        : ` · about ${formatDuration((elapsed / this.done) * (this.total - this.done))} left`;
    return `${this.done}/${this.total} done · ${this.errors} with problems${left}`;
  }

  private hostLine(h: FleetHost): string {
    const c = this.c;
    const paint =
      h.verdict === 'error' ? c.red : h.verdict === 'warning' ? c.yellow : h.verdict === 'ok' ? c.green : c.dim;
    const cert =
      h.certDaysLeft !== null && h.certDaysLeft <= 30 ? c.dim(` (certificate: ${certWords(h.certDaysLeft)})`) : '';
    return `${paint(ICON[h.verdict])} ${h.target.padEnd(22)} ${paint(VERDICT_WORDS[h.verdict].padEnd(8))} ${hostReason(h)}${cert}`;
  }

  private drawStatus(): void {
    this.write(`\r\x1b[2K${this.c.cyan(this.statusText())}`);
    this.statusShown = true;
  }

  private clearStatus(): void {
    if (this.statusShown) this.write('\r\x1b[2K');
    this.statusShown = false;
  }
}

export function formatDuration(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${s % 60} s`;
}
