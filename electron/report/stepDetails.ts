/**
 * The facts of each probe step as label/value rows, shared by the HTML and Markdown renderers so both
 * formats show the same evidence. Values are plain text: each renderer escapes them its own way.
 */

import { localDateTime } from '../../shared/localTime';
import type { StepId } from '../../shared/probe';
import type { Report } from '../../shared/report';

export interface DetailRow {
  label: string;
  value: string;
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  // Loopback steps take fractions of a millisecond: "0 ms" would read as "did not run".
  return ms < 10 && !Number.isInteger(ms) ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

const yesNo = (b: boolean): string => (b ? 'yes' : 'no');
const hex = (n: number): string => `0x${n.toString(16).toUpperCase().padStart(8, '0')}`;

type Facts = Report['facts'];
type Rows = (facts: Facts) => DetailRow[];

const target: Rows = ({ target: t }) =>
  t
    ? [
        { label: 'Input', value: t.input },
        { label: 'Host', value: `${t.host} port ${t.port}` },
        {
          label: 'DNS',
          value: t.dnsSkipped ? 'not needed (address or localhost)' : `resolved in ${formatMs(t.dnsMs)}`,
        },
        { label: 'Addresses', value: t.addresses.map((a) => `${a.address} (IPv${a.family})`).join(', ') || 'none' },
      ]
    : [];

const tcp: Rows = ({ tcp: t }) =>
  t
    ? [
        { label: 'Connected to', value: t.address ? `${t.address} port ${t.port} in ${formatMs(t.connectMs)}` : 'no' },
        ...t.attempts.map((a) => ({
          label: `Attempt ${a.address}`,
          value: a.ok
            ? `connected in ${formatMs(a.ms)}`
            : `${a.errorCode ?? 'failed'} after ${formatMs(a.ms)}${a.message ? `: ${a.message}` : ''}`,
        })),
      ]
    : [];

const negotiation: Rows = ({ negotiation: n }) => {
  if (!n) return [];
  const rows = n.attempts.map((a) => {
    let value: string;
    if (a.outcome === 'selected') {
      value = `server selected ${a.selected ?? `0x${(a.selectedRaw ?? 0).toString(16)}`}`;
      if (a.flags?.length) value += ` (flags ${a.flags.join(', ')})`;
    } else if (a.outcome === 'failure') {
      value = `refused: ${a.failureName ?? 'unknown failure'}${a.failureCode !== undefined ? ` (${a.failureCode})` : ''}`;
    } else {
      value = `${a.outcome}${a.error ? `: ${a.error.message}` : ''}`;
    }
    return { label: `Asked for ${a.requested}`, value: `${value} — ${formatMs(a.ms)}` };
  });
  if (n.notRdp) rows.push({ label: 'Not RDP', value: `${n.notRdp.kind}: ${n.notRdp.sample}` });
  return rows;
};

const tls: Rows = ({ tls: t }) =>
  t
    ? [
        { label: 'TLS after', value: t.via ?? '—' },
        ...t.versions.map((v) => ({
          label: v.version,
          // an unknown version's connection was cut by the path (issue 22): never "refused"
          value:
            v.status === 'unknown'
              ? `unknown: ${v.unknownReason ?? 'the link dropped the connection'}`
              : (v.ok
                  ? `accepted${v.cipher ? ` (${v.cipher})` : ''}`
                  : `refused: ${v.failure?.kind ?? 'error'}${v.failure?.alert ? ` (${v.failure.alert})` : ''}${
                      v.failure?.message ? ` — ${v.failure.message}` : ''
                    }`) + (v.retried ? ' (settled on a retry after a dropped connection)' : ''),
        })),
      ]
    : [];

const certificate: Rows = ({ tls: t }) => {
  const c = t?.certificate;
  if (!c) return [];
  return [
    { label: 'Subject', value: c.subject },
    { label: 'Issuer', value: c.issuer },
    { label: 'Names (SAN)', value: c.sans.join(', ') || 'none' },
    { label: 'Valid from', value: localDateTime(c.notBefore) },
    { label: 'Valid until', value: localDateTime(c.notAfter) },
    { label: 'SHA-1 thumbprint', value: c.sha1Thumbprint },
    { label: 'SHA-256 fingerprint', value: c.sha256Fingerprint },
    { label: 'Serial number', value: c.serialNumber },
    { label: 'Key', value: `${c.keyType}${c.keyBits ? ` ${c.keyBits} bits` : ''}` },
    { label: 'Signature', value: c.signatureAlgorithm },
    { label: 'Self-signed', value: yesNo(c.selfSigned) },
    { label: 'Trusted', value: c.trusted ? 'yes' : `no${c.trustError ? ` (${c.trustError})` : ''}` },
    { label: 'Names the host typed', value: yesNo(c.nameMatches) },
    {
      label: 'Key usage (EKU)',
      value: `${c.ekus.join(', ') || 'none'}; server authentication ${yesNo(c.hasServerAuth)}, Remote Desktop authentication ${yesNo(c.hasRemoteDesktopAuth)}`,
    },
  ];
};

const credssp: Rows = ({ credssp: c }) => {
  if (!c) return [];
  const rows: DetailRow[] = [{ label: 'TSRequest version', value: c.tsRequestVersion?.toString() ?? '—' }];
  const n = c.ntlm;
  if (n) {
    const add = (label: string, value: string | null) => {
      if (value !== null) rows.push({ label, value });
    };
    add('NTLM target name', n.targetName);
    add('NetBIOS computer', n.netbiosComputer);
    add('NetBIOS domain', n.netbiosDomain);
    add('DNS computer', n.dnsComputer);
    add('DNS domain', n.dnsDomain);
    add('DNS forest', n.dnsTree);
    add('Windows version', n.productVersion);
    add('Server time', n.serverTime ? localDateTime(n.serverTime) : n.serverTime);
    if (n.clockSkewMs !== null) rows.push({ label: 'Clock difference', value: formatSkew(n.clockSkewMs) });
    rows.push({ label: 'NTLM flags', value: hex(n.negotiateFlags) });
  }
  return rows;
};

function formatSkew(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  return s === 0 ? 'under a second' : `server ${s} s ${ms > 0 ? 'ahead' : 'behind'}`;
}

const rdpSecurity: Rows = ({ rdpSecurity: r }) =>
  r
    ? [
        { label: 'Encryption level', value: r.encryptionLevel },
        { label: 'Encryption methods', value: r.encryptionMethods.join(', ') || 'none' },
        {
          label: 'Server certificate',
          value: `${r.serverCertType}${r.rsaKeyBits ? `, RSA ${r.rsaKeyBits} bits` : ''}`,
        },
        { label: 'RDP version', value: r.rdpVersion ?? '—' },
      ]
    : [];

const stability: Rows = ({ stability: s }) =>
  s
    ? [
        { label: 'Connections', value: `${s.attempts - s.failures} of ${s.attempts} succeeded` },
        {
          label: 'Connect time',
          value: `min ${formatMs(s.minMs)}, median ${formatMs(s.medianMs)}, max ${formatMs(s.maxMs)}`,
        },
      ]
    : [];

const nlaCheck: Rows = ({ nlaCheck: n }) =>
  n
    ? [
        { label: 'Outcome', value: n.outcome },
        { label: 'Account', value: n.user },
        ...(n.ntStatus
          ? [{ label: 'NTSTATUS', value: `${n.ntStatus}${n.ntStatusName ? ` ${n.ntStatusName}` : ''}` }]
          : []),
        { label: 'Why', value: n.reason },
        ...(n.credsspVersion !== null ? [{ label: 'CredSSP version', value: String(n.credsspVersion) }] : []),
      ]
    : [];

const BY_STEP: Record<StepId, Rows> = {
  target,
  tcp,
  negotiation,
  tls,
  certificate,
  credssp,
  rdpSecurity,
  stability,
  nlaCheck,
};

export function stepDetails(report: Report, step: StepId): DetailRow[] {
  return BY_STEP[step](report.facts);
}
