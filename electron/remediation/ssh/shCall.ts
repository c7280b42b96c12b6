/**
 * How `Driver.call(script, input)` reaches a POSIX sh script (the SSH transport), and how its answer comes back.
 * sh cannot parse JSON, so the input travels as KEY=VALUE positional arguments — each one word through the
 * one shellQuote when the driver builds the command line — that ssh/scripts/phase-lib.sh assigns to in_KEY as
 * data. The script answers with one stdout line `MARKER {json}`; the marker is random per call, so no output of
 * a command the script ran can pass for the result. Secrets go on standard input, never on a command line.
 */
import type { Json } from '../types';

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

function scalar(key: string, value: Json): string {
  if (value === null) return '';
  if (typeof value === 'string') {
    if (value.includes('\0')) throw new Error(`The input ${key} holds a NUL byte: it cannot reach a shell script.`);
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // deeper than one level: one JSON value (the script hands it back as it came)
  return JSON.stringify(value);
}

function checkName(key: string): void {
  if (!NAME.test(key)) throw new Error(`The input name ${JSON.stringify(key)} is not a shell variable name.`);
}

/**
 * The input as KEY=VALUE words: scalars as text (null → empty, booleans → true/false), a nested object
 * flattened one level (backup: {kind} → backup_kind=…), anything deeper JSON-encoded into one value.
 */
export function shInputWords(input: Record<string, Json>): string[] {
  const words: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    checkName(key);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [sub, v] of Object.entries(value)) {
        checkName(sub);
        words.push(`${key}_${sub}=${scalar(`${key}.${sub}`, v)}`);
      }
    } else words.push(`${key}=${scalar(key, value)}`);
  }
  return words;
}

/** Secrets as the KEY=VALUE lines phase-lib.sh reads from stdin (one line each: a newline cannot be in one). */
export function shSecretLines(secrets: Record<string, string>): string {
  let out = '';
  for (const [key, value] of Object.entries(secrets)) {
    checkName(key);
    if (/[\0\r\n]/.test(value)) throw new Error(`The secret ${key} holds a line break or NUL byte.`);
    out += `${key}=${value}\n`;
  }
  return out;
}

/** The last `MARKER {json}` line of stdout as an object, or null when the script printed none. */
export function parseShResult(stdout: string, marker: string): Record<string, unknown> | null {
  const prefix = `${marker} `;
  let found: Record<string, unknown> | null = null;
  for (const line of stdout.split('\n')) {
    if (!line.startsWith(prefix)) continue;
    try {
      const doc = JSON.parse(line.slice(prefix.length)) as unknown;
      if (doc !== null && typeof doc === 'object' && !Array.isArray(doc)) found = doc as Record<string, unknown>;
    } catch {
      /* not a result line after all */
    }
  }
  return found;
}

/** stdout without the result line (what the technician reads in the phase's output). */
export function isResultLine(line: string, marker: string): boolean {
  return line.startsWith(`${marker} `);
}
