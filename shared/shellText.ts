/**
 * Quoting for the commands shown to a technician (shared/fixCommands.ts, the phase specs' `commands`): a
 * value from the probe goes in as data, never as code. A leaf module (imports nothing) so the phase specs
 * and fixCommands.ts can both use it without importing each other. Commands RDP Doctor itself runs over SSH
 * are quoted by electron/remediation/ssh/shellQuote.ts.
 */

/** POSIX sh single quotes. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** PowerShell single-quoted string (a quote is doubled). */
export function psQuote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** An IPv4 or IPv6 literal (a host that passed fixContextFrom's check); shared/ runs in the renderer too, so no node:net. */
export function looksLikeIp(host: string): boolean {
  return host.includes(':') || /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
}

/** The key file xrdp.ini names on Debian/Ubuntu (a link to the snakeoil key). */
export const XRDP_KEY = '/etc/xrdp/key.pem';
