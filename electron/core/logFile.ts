/**
 * The app's log file in the data folder (logs/rdp-doctor.log), rotated by size: when a write would pass
 * `maxBytes`, the file becomes .1 (the older ones shift up to .`keep`, the oldest is dropped). Lines are
 * `ISO-time LEVEL message`. Callers log what happened (start, request names, errors), never payloads:
 * request payloads can hold passwords, so this module only takes strings and refuses to be handed objects.
 * No Electron import.
 */
import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogFile {
  readonly file: string;
  write(level: LogLevel, message: string): void;
}

export interface LogFileOptions {
  maxBytes?: number;
  keep?: number;
  now?: () => Date;
}

/** One line per entry: control characters (a newline in an error message) cannot forge extra lines. */
function oneLine(message: string): string {
  return message.replace(/[\r\n]+/g, ' ⏎ ').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '?');
}

export function openLogFile(dir: string, options: LogFileOptions = {}): LogFile {
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const keep = options.keep ?? 3;
  const now = options.now ?? (() => new Date());
  const logsDir = path.join(dir, 'logs');
  mkdirSync(logsDir, { recursive: true, mode: 0o700 });
  const file = path.join(logsDir, 'rdp-doctor.log');
  let size = (() => {
    try {
      return statSync(file).size;
    } catch {
      return 0;
    }
  })();

  const rotate = () => {
    rmSync(`${file}.${keep}`, { force: true });
    for (let i = keep - 1; i >= 1; i -= 1) {
      try {
        renameSync(`${file}.${i}`, `${file}.${i + 1}`);
      } catch {
        // that generation does not exist yet
      }
    }
    try {
      renameSync(file, `${file}.1`);
    } catch {
      // nothing to rotate
    }
    size = 0;
  };

  return {
    file,
    write(level, message) {
      if (typeof message !== 'string') throw new TypeError('The log takes text only, never request payloads.');
      const line = `${now().toISOString()} ${level.toUpperCase()} ${oneLine(message)}\n`;
      const bytes = Buffer.byteLength(line);
      if (size > 0 && size + bytes > maxBytes) rotate();
      try {
        appendFileSync(file, line, { mode: 0o600 });
        size += bytes;
      } catch {
        // A full disk must not stop the app: the log is a help, not a requirement.
      }
    },
  };
}
