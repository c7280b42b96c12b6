/**
 * How a finished probe reads at a glance, the same in the app, the CLI and the report: the verdict, the
 * findings in root-cause order with the one that explains the code the user typed first among equals, which
 * finding gets the "most likely cause" badge, and what to say when nothing explains the code or when the
 * credential check did not run. Pure.
 */
import type { DecodeResult } from './codes';
import type { HostKind } from './findings';
import type { Finding, ProbeResult, StepId } from './probe';
import { STEP_IDS, STEP_LABELS } from './probeConstants';

/**
 * `unverified`: connections work, but only with Standard RDP Security, which cannot prove the server's
 * identity (amber, never the green of a healthy host).
 */
export type VerdictKind = 'problem' | 'unverified' | 'warnings' | 'healthy' | 'incomplete';
export interface Verdict {
  kind: VerdictKind;
  headline: string;
  detail: string;
  /** likely causes, most likely first (for `unverified`) */
  causes?: string[];
  /** the first cause can only be confirmed on the host: offer to inspect it (the fix wizard) */
  inspectHost?: boolean;
  /** the headline already answers the codes the user typed (explained or not): no separate note */
  codesAnswered?: boolean;
}

const ORACLE_RE = /credssp|encryption\s+oracle/i;

/**
 * Of a finding's `explainsCodes` ("0x904/0x7", "0x204", or the CredSSP message), the ones that match what
 * the user typed: the reason/extended pair, the reason alone, or the CredSSP message by its words.
 */
export function matchingCodes(explains: readonly string[], decoded: DecodeResult | null): string[] {
  if (!decoded?.ok) return [];
  const reason = decoded.codes.find((c) => c.table === 'disconnectReason' || c.table === 'setErrorInfo');
  const extended = decoded.codes.find((c) => c.table === 'extendedDisconnectReason');
  const reasonHex = reason ? `0x${reason.value.toString(16)}` : null;
  const pair = reasonHex && extended ? `${reasonHex}/0x${extended.value.toString(16)}` : null;
  const oracle = ORACLE_RE.test(decoded.input);
  return explains.filter((code) => {
    const c = code.toLowerCase();
    if (!c.startsWith('0x')) return oracle && ORACLE_RE.test(code);
    if (pair) return c === pair || c === reasonHex;
    return reasonHex !== null && (c === reasonHex || c.startsWith(`${reasonHex}/`));
  });
}

/**
 * Whether this finding explains the code the user typed, in this result. When the credential check just
 * succeeded, the whole path a 0x904/0x7 travels (TLS, CredSSP, the account) worked: a warning or a note
 * (NLA required, a self-signed certificate) cannot be what stopped the user, so it does not claim the code.
 */
export function explainsTypedCode(
  finding: Finding,
  decoded: DecodeResult | null,
  result?: Pick<ProbeResult, 'nlaCheck'> | null,
): boolean {
  if (matchingCodes(finding.explainsCodes, decoded).length === 0) return false;
  if (result?.nlaCheck?.outcome === 'accepted' && finding.severity !== 'error') return false;
  return true;
}

/**
 * Root cause first, then the code the user typed: findings keep the diagnosis' root-cause order, except that
 * within the same weight a finding that explains the typed code goes first. Weights: blocking errors; then
 * warnings, with notes that explain the typed code and have a fix (a note that explains 0x904/0x7 is not
 * buried under certificate warnings that do not); then every other note. So a note never stands above a
 * warning unless it answers the code the user typed and can be acted on.
 */
export function orderForCodes(
  findings: readonly Finding[],
  decoded: DecodeResult | null,
  result?: Pick<ProbeResult, 'nlaCheck'> | null,
): Finding[] {
  const weight = (f: Finding, explains: boolean) =>
    f.severity === 'error' ? 0 : f.severity === 'warning' || (explains && hasAnyFix(f)) ? 1 : 2;
  return findings
    .map((f, i) => ({ f, i, explains: explainsTypedCode(f, decoded, result) }))
    .sort(
      (a, b) =>
        weight(a.f, a.explains) - weight(b.f, b.explains) || Number(b.explains) - Number(a.explains) || a.i - b.i,
    )
    .map(({ f }) => f);
}

function hasAnyFix(f: Finding): boolean {
  return f.fixPhases.windows.length > 0 || f.fixPhases.xrdp.length > 0;
}

/**
 * The "most likely cause" badge: the first error (the first error that explains the typed code, if one
 * does); with no error, the first warning that explains the typed code, else a note that explains it and
 * has a fix while no warning stands; else none. A note with no fix is never the "most likely cause".
 */
export function rootCauseId(
  findings: readonly Finding[],
  decoded: DecodeResult | null = null,
  result?: Pick<ProbeResult, 'nlaCheck'> | null,
): string | null {
  const errors = findings.filter((f) => f.severity === 'error');
  const explaining = findings.filter((f) => explainsTypedCode(f, decoded, result));
  const warned = findings.some((f) => f.severity === 'warning');
  const explainingNote = explaining.find((f) => f.severity === 'info' && hasAnyFix(f) && !warned);
  return (
    (
      errors.find((f) => explaining.includes(f)) ??
      errors[0] ??
      explaining.find((f) => f.severity === 'warning') ??
      explainingNote
    )?.id ?? null
  );
}

/** "0x904 0x7", the codes the user typed; null when none were. */
export function typedCodes(decoded: DecodeResult | null): string | null {
  if (!decoded?.ok || decoded.codes.length === 0) return null;
  return decoded.codes.map((c) => c.hex).join(' ');
}

/** Where else the cause of a code no finding explains may be. */
function unexplainedWhy(result: Pick<ProbeResult, 'nlaCheck'>): string {
  return result.nlaCheck?.outcome === 'accepted'
    ? 'The credential check just got through TLS, CredSSP and the logon, so the server accepts this account: look at the client (its NLA, TLS or gateway settings) or at a different account.'
    : 'The cause may be on the client, on a gateway in between, or not happening right now.';
}

/** "; it accepted the sign-in of "alice"" when the credential check got through, else "". */
function signedIn(result: Pick<ProbeResult, 'nlaCheck'>): string {
  const nla = result.nlaCheck;
  return nla?.outcome === 'accepted' ? '; the credential check got through' : '';
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** The causes of a silent fallback to Standard RDP Security, most likely first for this kind of host. */
export function fallbackCauses(kind: HostKind | 'unknown'): string[] {
  const xrdpKey =
    'xrdp cannot read its private key (key_file= in xrdp.ini, on Debian /etc/xrdp/key.pem → /etc/ssl/private/ssl-cert-snakeoil.key, readable only by group ssl-cert), so it quietly falls back; inspect the host to confirm.';
  const xrdpIni = 'xrdp.ini sets security_layer=rdp.';
  const winLayer =
    'The RDP-Tcp listener is set to RDP Security Layer (SecurityLayer = 0, or the "Require use of specific security layer for remote (RDP) connections" policy).';
  const winCert = 'Remote Desktop cannot use its certificate (missing, or a private key it cannot read).';
  if (kind === 'xrdp') return [xrdpKey, xrdpIni];
  if (kind === 'windows') return [winLayer, winCert];
  return [`On xrdp: ${xrdpKey}`, `On Windows: ${winLayer}`, `On xrdp: ${xrdpIni}`, `On Windows: ${winCert}`];
}

export function verdictFor(
  result: ProbeResult,
  decoded: DecodeResult | null = null,
  hostKind: HostKind | 'unknown' = 'unknown',
): Verdict {
  const base = baseVerdict(result, decoded, hostKind);
  const codes = typedCodes(decoded);
  // The headline answers the typed codes first; an unexplained code is said once, here, never beside a
  // "Found the problem" (unexplainedCodesNote then stays silent).
  if (
    !codes ||
    base.codesAnswered ||
    base.kind === 'incomplete' ||
    base.kind === 'problem' ||
    result.findings.some((f) => explainsTypedCode(f, decoded, result))
  )
    return base;
  return {
    ...base,
    headline: `Nothing found explains ${codes}`,
    detail: `${base.headline}. ${base.detail} ${unexplainedWhy(result)}`,
    codesAnswered: true,
  };
}

function baseVerdict(result: ProbeResult, decoded: DecodeResult | null, hostKind: HostKind | 'unknown'): Verdict {
  const errors = result.findings.filter((f) => f.severity === 'error');
  const warnings = orderForCodes(
    result.findings.filter((f) => f.severity === 'warning'),
    decoded,
    result,
  );
  const host = result.input;
  const codes = typedCodes(decoded);
  if (result.aborted && errors.length === 0) {
    return {
      kind: 'incomplete',
      headline: 'The check did not finish',
      detail: `The check of ${host} was stopped before every step ran, so the results below are incomplete. Run it again to be sure.`,
    };
  }
  if (errors.length > 0) {
    const ordered = orderForCodes(errors, decoded, result);
    const first = ordered[0] as Finding;
    const more =
      errors.length > 1
        ? ` ${errors.length - 1} more ${errors.length === 2 ? 'problem is' : 'problems are'} listed below.`
        : '';
    if (codes && explainsTypedCode(first, decoded, result)) {
      return {
        kind: 'problem',
        headline: `Found the cause of ${codes}`,
        detail: `${first.title}.${more}`,
        codesAnswered: true,
      };
    }
    if (codes && !result.findings.some((f) => explainsTypedCode(f, decoded, result))) {
      return {
        kind: 'problem',
        headline: `Found ${errors.length === 1 ? 'a problem' : `${errors.length} problems`}, but not the cause of ${codes}`,
        detail: `${first.title}.${more} It does not explain ${codes}. ${unexplainedWhy(result)}`,
        codesAnswered: true,
      };
    }
    return {
      kind: 'problem',
      headline: errors.length === 1 ? 'Found the problem' : `Found ${errors.length} problems`,
      detail: `The most likely cause is listed first: ${first.title}.`,
    };
  }
  const failedSteps = STEP_IDS.filter((id) => result.steps[id]?.status === 'failed');
  if (warnings.length === 0 && failedSteps.length > 0) {
    // Never call a host healthy while a step failed that no rule explains: quote the first failure.
    const first = failedSteps[0] as StepId;
    const step = result.steps[first];
    const why = step?.error?.message ?? step?.summary ?? '';
    if (first === 'target') {
      // The name itself was refused (or did not resolve): that is the user's next move, not a server fault.
      return {
        kind: 'problem',
        headline: 'Check the computer name',
        detail: `${why}${/[.!?)]$/.test(why) ? '' : '.'}`,
      };
    }
    return {
      kind: 'incomplete',
      headline: failedSteps.length === 1 ? `${STEP_LABELS[first]} failed` : 'Some checks failed',
      detail: `${STEP_LABELS[first]}: ${why}${/[.!?]$/.test(why) ? '' : '.'} No known cause matched${failedSteps.length > 1 ? ` (${failedSteps.length} steps failed)` : ''}; Technical details shows what happened.`,
    };
  }
  const fallback = result.findings.find((f) => f.id === 'tls-unavailable');
  if (fallback) {
    const explains = codes !== null && explainsTypedCode(fallback, decoded, result);
    return {
      kind: 'unverified',
      // the detail says once that this explains the code typed
      headline: `${host} accepts connections but cannot prove its identity`,
      detail:
        'It falls back to the old Standard RDP Security: the session is encrypted, but nothing proves the server is the one you meant, mstsc warns, and clients that require TLS or Network Level Authentication cannot connect.' +
        (explains ? ' This explains the code you saw.' : ''),
      causes: fallbackCauses(hostKind),
      inspectHost: hostKind === 'xrdp',
      codesAnswered: explains,
    };
  }
  const explainsCode = orderForCodes(result.findings, decoded, result).find((f) =>
    explainsTypedCode(f, decoded, result),
  );
  if (explainsCode && codes) {
    // Nothing stops a default client, but what the user saw is explained: say that first.
    return {
      kind: 'warnings',
      headline: `"${explainsCode.title}" explains ${codes}`,
      detail: `${host} accepts default Remote Desktop connections${signedIn(result)}; clients with stricter settings fail this way.`,
      codesAnswered: true,
    };
  }
  const firstWarning = warnings[0];
  if (firstWarning) {
    return {
      kind: 'warnings',
      headline: `${host} accepts connections, but ${lowerFirst(firstWarning.title)}`,
      detail: `Nothing blocks a connection today${signedIn(result)}. ${warnings.length === 1 ? 'The warning below says what to do.' : `${warnings.length} warnings below say what to do.`}`,
    };
  }
  const notes = result.findings.length;
  return {
    kind: 'healthy',
    headline: `${host} is healthy${signedIn(result)}`,
    detail: `It accepts Remote Desktop connections and nothing needs fixing.${notes > 0 ? ` ${notes === 1 ? 'The note below is' : 'The notes below are'} for information.` : ''}`,
  };
}

/**
 * When the user typed codes and no finding explains them, say so rather than imply a match — unless the
 * verdict's headline already says it (it does whenever it can: the headline answers the codes first).
 */
export function unexplainedCodesNote(result: ProbeResult, decoded: DecodeResult | null): string | null {
  const codes = typedCodes(decoded);
  if (!codes) return null;
  if (result.findings.some((f) => explainsTypedCode(f, decoded, result))) return null;
  if (verdictFor(result, decoded).codesAnswered) return null;
  return `None of these results explains the code you saw (${codes}). ${unexplainedWhy(result)}`;
}

/** A credential check that was asked for but could not run says so, and why. */
export function credentialNote(result: Pick<ProbeResult, 'nlaCheck'>): string | null {
  const nla = result.nlaCheck;
  if (nla?.outcome !== 'not-run' || !nla.user) return null;
  return `The password for "${nla.user}" was not checked: ${nla.reason}`;
}
