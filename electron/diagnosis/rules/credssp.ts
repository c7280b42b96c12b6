/**
 * What the CredSSP start (TSRequest + NTLM CHALLENGE) and the credential check tell: an outdated CredSSP,
 * a skewed clock, and whether the account got through.
 */

import { localDateTime } from '../../../shared/localTime';
import type { Finding, ProbeResult } from '../../../shared/probe';
import { makeFinding } from '../makeFinding';

/**
 * MS-CSSP 2.2.1: TSRequest versions 5 and 6 came with the May 2018 fix for CVE-2018-0886 (the
 * "encryption oracle"); a server answering with 2, 3 or 4 predates it. Updated clients refuse such a
 * server by default.
 */
export const FIRST_PATCHED_CREDSSP_VERSION = 5;
/** Kerberos' default tolerance, and what Windows treats as "the clocks disagree". */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export function credsspRules(result: ProbeResult): Finding[] {
  const findings: Finding[] = [];
  const credssp = result.credssp;
  const version = credssp?.tsRequestVersion ?? null;
  if (version !== null && version >= 1 && version < FIRST_PATCHED_CREDSSP_VERSION) {
    const product = credssp?.ntlm?.productVersion ? ` (Windows build ${credssp.ntlm.productVersion})` : '';
    findings.push(
      makeFinding(
        'credssp-outdated',
        `The server answered the CredSSP start with TSRequest version ${version}${product}; version ${FIRST_PATCHED_CREDSSP_VERSION} or later carries the 2018 fix.`,
        [`TSRequest version from the server: ${version}`],
      ),
    );
  }

  const skew = credssp?.ntlm?.clockSkewMs ?? null;
  if (skew !== null && Math.abs(skew) > MAX_CLOCK_SKEW_MS) {
    const minutes = Math.round(Math.abs(skew) / 60_000);
    const serverTime = credssp?.ntlm?.serverTime
      ? ` (its NTLM challenge says ${localDateTime(credssp.ntlm.serverTime)})`
      : '';
    findings.push(
      makeFinding(
        'clock-skew',
        `The server's clock${serverTime} is ${minutes} minutes ${skew > 0 ? 'ahead of' : 'behind'} this computer's.`,
        [`NTLM CHALLENGE timestamp vs local clock: ${skew > 0 ? '+' : '-'}${Math.round(Math.abs(skew) / 1000)} s`],
      ),
    );
  }

  const nla = result.nlaCheck;
  if (nla?.outcome === 'accepted') {
    findings.push(
      makeFinding('credentials-accepted', `The NLA check for "${nla.user}" succeeded: ${nla.reason}`, [
        `CredSSP${nla.credsspVersion ? ` v${nla.credsspVersion}` : ''}: the server accepted the authentication`,
      ]),
    );
  } else if (nla?.outcome === 'rejected') {
    const status = nla.ntStatus ? ` (${nla.ntStatusName ?? 'NTSTATUS'} ${nla.ntStatus})` : '';
    findings.push(
      makeFinding('credentials-rejected', `The NLA check for "${nla.user}" was rejected${status}: ${nla.reason}`, [
        `CredSSP${nla.credsspVersion ? ` v${nla.credsspVersion}` : ''}: ${nla.ntStatus ? `errorCode ${nla.ntStatus}` : 'rejected'} — ${nla.reason}`,
      ]),
    );
  }
  return findings;
}
