/**
 * A first, friendly check of what was typed as "Remote computer", before it goes to the core (which
 * validates again and resolves the name). Catches the mistakes people make when pasting: a URL, an
 * mstsc "full address:s:" line, a trailing space, a port out of range.
 */
import { HOST_INPUT_MAX } from '../../../shared/probe';
import { parseTarget } from '../../../shared/target';

export type TargetCheck = { ok: true; target: string } | { ok: false; message: string };

export function checkTargetInput(input: string): TargetCheck {
  let t = input.trim();
  if (!t) return { ok: false, message: 'Type the name or address of the remote computer, e.g. server01 or 10.0.0.5.' };
  // An .rdp file line or a URL: keep the host part.
  t = t.replace(/^full address:s:/i, '').replace(/^(rdp|ms-rd|mstsc):\/\//i, '');
  if (t.length > HOST_INPUT_MAX)
    return { ok: false, message: `That is too long for a computer name (${t.length} characters).` };
  if (/\s/.test(t)) return { ok: false, message: 'A computer name cannot contain spaces.' };
  if (/[/\\?#@]/.test(t)) {
    return {
      ok: false,
      message: 'Type only the computer name or address, optionally with :port (e.g. server01:3390).',
    };
  }
  const bracketed = /^\[([0-9a-fA-F:.%\w]+)\](?::(\d+))?$/.exec(t);
  let port: string | undefined;
  if (bracketed) port = bracketed[2];
  else if ((t.match(/:/g) ?? []).length === 1) port = t.split(':')[1];
  if (port !== undefined) {
    const n = Number(port);
    if (!/^\d+$/.test(port) || n < 1 || n > 65535) {
      return { ok: false, message: `"${port}" is not a port number: use 1 to 65535 (Remote Desktop uses 3389).` };
    }
  }
  // Then the same parser the core and the CLI use, so "300.1.1.1" is refused here, before anything runs or is
  // remembered as a recent host.
  const parsed = parseTarget(t);
  if (!parsed.ok) return { ok: false, message: sentence(parsed.message) };
  return { ok: true, target: t };
}

function sentence(text: string): string {
  const first = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}
