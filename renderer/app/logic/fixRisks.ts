/**
 * A plan's risks as the technician reads them: "Disconnects every session" says how many sessions the
 * inspection saw. A Windows inspection lists the user sessions (qwinsta) in its facts; an xrdp inspection
 * does not count sessions, and says so. Pure.
 */
import type { Inspection } from '../../../shared/remediation';

interface SessionFact {
  user?: unknown;
  session?: unknown;
  state?: unknown;
}

/** The sessions a Windows inspection listed; null when they could not be read (or this is not Windows). */
export function inspectedSessions(inspection: Inspection | null): { user: string; state: string }[] | null {
  if (inspection?.hostKind !== 'windows') return null;
  const raw = inspection.facts.sessions;
  if (!Array.isArray(raw)) return null;
  return raw
    .filter((s): s is SessionFact => typeof s === 'object' && s !== null)
    .map((s) => ({
      // the host's own words: shown as text, and not more of them than a name needs
      user: typeof s.user === 'string' && s.user.trim() ? s.user.trim().slice(0, 64) : 'a user',
      state: typeof s.state === 'string' ? s.state.trim().slice(0, 32) : '',
    }));
}

/** What the inspection knows of the sessions a restart disconnects, as words for the risk. */
export function sessionCount(inspection: Inspection | null): string | null {
  if (!inspection) return null;
  if (inspection.hostKind === 'xrdp') return 'the inspection cannot count them';
  const sessions = inspectedSessions(inspection);
  if (sessions === null) return 'the inspection could not list them, so assume someone is connected';
  if (sessions.length === 0) return 'the inspection saw none open';
  const names = sessions.map((s) => (s.state ? `${s.user}, ${s.state.toLowerCase()}` : s.user));
  const shown = names.slice(0, 5).join('; ') + (names.length > 5 ? `; and ${names.length - 5} more` : '');
  return `the inspection saw ${sessions.length === 1 ? '1 open' : `${sessions.length} open`}: ${shown}`;
}

const EVERY = /\b(disconnects) every (?:xrdp |Remote Desktop )?session(?: on the host)?/i;

/**
 * "Disconnects every session" → "Disconnects every xrdp session (the inspection cannot count them)", or on
 * Windows "… every Remote Desktop session — the inspection saw 2 open: alice, active; bob, disc". Inside
 * brackets it adds "; …" rather than brackets in brackets. Other risks are unchanged.
 */
export function riskWithSessions(risk: string, inspection: Inspection | null): string {
  const m = EVERY.exec(risk);
  const count = sessionCount(inspection);
  if (!m || count === null || !inspection) return risk;
  const kind = inspection.hostKind === 'xrdp' ? 'xrdp' : 'Remote Desktop';
  const verb = m[1] as string;
  const before = risk.slice(0, m.index);
  const after = risk.slice(m.index + m[0].length);
  const inBrackets = (before.match(/\(/g) ?? []).length > (before.match(/\)/g) ?? []).length;
  const said = `${verb} every ${kind} session`;
  if (inBrackets) return `${before}${said}; ${count}${after}`;
  // "(TermService restarts)" and the like stay after the count
  const tail = after.replace(/^\s*\.?\s*$/, '');
  const sep = inspection.hostKind === 'xrdp' ? ` (${count})` : ` — ${count}`;
  return `${before}${said}${sep}${tail ? ` ${tail.trim()}` : '.'}`;
}
