/**
 * The names a new xrdp certificate carries: the name or address the technician probed, plus the old
 * certificate's subject CN and subjectAltNames (when the inspection could read them), each as a SAN of its
 * kind (IP: for an address, DNS: for a name) — so replacing an expired certificate for rdp.example.com that was
 * probed as 10.0.0.5 keeps rdp.example.com valid instead of trading one warning for a name mismatch.
 *
 * Names from the host are data from a possibly hostile machine: only host names (letters, digits, '-', '.',
 * a leading '*.') and IP addresses are carried over; anything else is left out and said so. openssl's
 * -addext splits its value at commas and reads "DNS:"/"IP:" prefixes, so nothing else may reach it.
 */
import { isIPv4, isIPv6, parseTarget } from '../target';

const isIP = (v: string): boolean => isIPv4(v) || isIPv6(v);

export interface CertNames {
  /** the subject CN: the first DNS name (the probed one when it is a name), else the probed address */
  cn: string;
  /** subjectAltName entries, "DNS:…" / "IP:…", the probed one first, no duplicates */
  sans: string[];
  /** the value for openssl's -addext subjectAltName= */
  san: string;
  /** names of the old certificate left out, with why */
  rejected: string[];
}

const DNS_NAME = /^(\*\.)?[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*\.?$/;
/** a certificate does not need more names than this; a hostile one could list thousands */
const MAX_SANS = 32;

/** "DNS:x" / "IP:x" for a safe name or address, or null. */
export function sanEntry(value: string): string | null {
  const v = value.trim();
  if (isIP(v)) return `IP:${v}`;
  if (v.length <= 253 && DNS_NAME.test(v)) return `DNS:${v.replace(/\.$/, '')}`;
  return null;
}

/** The CN of an openssl subject line ("C = DE, CN = rdp.example.com" or "CN=rdp.example.com,O=x"). */
export function cnOfSubject(subject: string | null | undefined): string | null {
  if (!subject) return null;
  // RDNs are separated by "," (and "+" within one); a "/" is part of a value, so "evil/CN=x" stays one value
  const m = /(?:^|[,+]\s*)CN\s*=\s*("(?:[^"\\]|\\.)*"|[^,+]*)/.exec(subject);
  if (!m) return null;
  const raw = (m[1] ?? '').trim();
  return raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
}

/** Old SAN values from the inspection's "DNS:a,IPAddress:1.2.3.4,email:x" (spaces removed). */
export function oldSanValues(sanText: string | null | undefined): Array<{ kind: string; value: string }> {
  if (!sanText) return [];
  return sanText
    .split(',')
    .map((part) => {
      const colon = part.indexOf(':');
      return colon < 0 ? { kind: '', value: part } : { kind: part.slice(0, colon), value: part.slice(colon + 1) };
    })
    .filter((e) => e.value.length > 0);
}

export function certNamesFor(target: string, oldSubject?: string | null, oldSan?: string | null): CertNames {
  const t = parseTarget(target);
  if (!t.ok) throw new Error(t.message);
  const probed = sanEntry(t.host);
  if (!probed) throw new Error(`"${t.host}" is not a host name or address.`);
  const sans = [probed];
  const rejected: string[] = [];
  const seen = new Set([probed.toLowerCase()]);
  const add = (value: string, from: string) => {
    const entry = sanEntry(value);
    if (!entry) {
      rejected.push(`${JSON.stringify(value.slice(0, 80))} (${from}: not a host name or IP address)`);
      return;
    }
    if (seen.has(entry.toLowerCase())) return;
    if (sans.length >= MAX_SANS) {
      rejected.push(`${entry} (more than ${MAX_SANS} names)`);
      return;
    }
    seen.add(entry.toLowerCase());
    sans.push(entry);
  };
  const oldCn = cnOfSubject(oldSubject);
  if (oldCn) add(oldCn, "the old certificate's CN");
  for (const { kind, value } of oldSanValues(oldSan)) {
    if (kind === 'DNS' || kind === 'IPAddress' || kind === 'IP') add(value, `the old certificate's ${kind}`);
    else rejected.push(`${kind || '?'}:${value.slice(0, 80)} (the old certificate's; not a name clients connect to)`);
  }
  const firstDns = sans.find((s) => s.startsWith('DNS:') && !s.startsWith('DNS:*'));
  const cn = (firstDns ?? probed).replace(/^(DNS|IP):/, '');
  return { cn, sans, san: sans.join(','), rejected };
}
