import type { ReactNode } from 'react';
import { localDateTime } from '../../../../shared/localTime';
import type {
  CertificateFacts,
  CredsspFacts,
  NegotiationFacts,
  NlaCheckFacts,
  ProbeResult,
  RdpSecurityFacts,
  StabilityFacts,
  TlsFacts,
} from '../../../../shared/probe';
import { formatMs } from '../../logic/steps';

type Row = [string, ReactNode];

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} data-facts={id}>
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  );
}

function KeyValues({ rows }: { rows: Row[] }) {
  return (
    <dl className="kv">
      {rows.map(([k, v]) => (
        <div key={k} className="kv-row">
          <dt>{k}</dt>
          <dd>{v === null || v === undefined || v === '' ? '—' : v}</dd>
        </div>
      ))}
    </dl>
  );
}

const yesNo = (b: boolean | null | undefined) => (b === null || b === undefined ? 'unknown' : b ? 'yes' : 'no');
const none = <p className="help">Not checked.</p>;

export function TargetFactsView({ result }: { result: ProbeResult }) {
  const t = result.target;
  const tcp = result.tcp;
  return (
    <Section id="d-target" title="Target and connection">
      {t ? (
        <KeyValues
          rows={[
            ['Typed', t.input],
            ['Host', t.host],
            ['Port', String(t.port)],
            ['Addresses', t.addresses.map((a) => `${a.address} (IPv${a.family})`).join(', ')],
            ['DNS lookup', t.dnsSkipped ? 'not needed' : formatMs(t.dnsMs)],
            ['Connected to', tcp?.address ?? 'no address answered'],
            ['TCP connect time', formatMs(tcp?.connectMs ?? null)],
            [
              'Attempts',
              tcp?.attempts
                .map((a) => `${a.address}: ${a.ok ? 'ok' : (a.errorCode ?? 'failed')} in ${formatMs(a.ms)}`)
                .join('; '),
            ],
          ]}
        />
      ) : (
        none
      )}
    </Section>
  );
}

export function NegotiationTable({ facts }: { facts: NegotiationFacts | null }) {
  return (
    <Section id="d-negotiation" title="Security negotiation">
      {facts ? (
        <>
          {facts.notRdp && (
            <p>
              Not a Remote Desktop server: looks like <strong>{facts.notRdp.kind}</strong> (
              <code>{facts.notRdp.sample}</code>)
            </p>
          )}
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Asked for</th>
                  <th scope="col">Answer</th>
                  <th scope="col">Selected</th>
                  <th scope="col">Flags / failure</th>
                  <th scope="col">Time</th>
                </tr>
              </thead>
              <tbody>
                {facts.attempts.map((a) => (
                  <tr key={a.requested}>
                    <th scope="row">{a.requested}</th>
                    <td>{a.outcome}</td>
                    <td>{a.selected ?? '—'}</td>
                    <td>{a.failureName ?? a.error?.message ?? (a.flags?.join(', ') || '—')}</td>
                    <td>{formatMs(a.ms)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        none
      )}
    </Section>
  );
}

export function TlsVersionsTable({ facts }: { facts: TlsFacts | null }) {
  return (
    <Section id="d-tls" title="TLS versions">
      {facts && facts.versions.length > 0 ? (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Handshake</th>
                <th scope="col">Cipher / failure</th>
                <th scope="col">Time</th>
              </tr>
            </thead>
            <tbody>
              {facts.versions.map((v) => (
                <tr key={v.version}>
                  <th scope="row">{v.version}</th>
                  <td>{v.ok ? 'completed' : 'failed'}</td>
                  <td>
                    {v.ok ? v.cipher : `${v.failure?.kind ?? ''}${v.failure?.message ? `: ${v.failure.message}` : ''}`}
                  </td>
                  <td>{formatMs(v.ms)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        none
      )}
    </Section>
  );
}

export function CertificateFactsView({ cert }: { cert: CertificateFacts | null }) {
  return (
    <Section id="d-certificate" title="Server certificate">
      {cert ? (
        <>
          <KeyValues
            rows={[
              ['Subject', cert.subject],
              ['Issuer', cert.issuer],
              ['Names (SAN)', cert.sans.join(', ')],
              ['Valid from', localDateTime(cert.notBefore)],
              ['Valid until', localDateTime(cert.notAfter)],
              ['Self-signed', yesNo(cert.selfSigned)],
              ['Trusted', cert.trusted ? 'yes' : `no${cert.trustError ? ` (${cert.trustError})` : ''}`],
              ['Names this host', yesNo(cert.nameMatches)],
              ['Key', `${cert.keyType}${cert.keyBits ? ` ${cert.keyBits} bits` : ''}`],
              ['Signature', cert.signatureAlgorithm],
              ['SHA-1 thumbprint', <code key="sha1">{cert.sha1Thumbprint}</code>],
              ['SHA-256 fingerprint', <code key="sha256">{cert.sha256Fingerprint}</code>],
              ['Extended key usage', cert.ekus.join(', ')],
              ['Serial number', cert.serialNumber],
            ]}
          />
          <details>
            <summary>Certificate (PEM)</summary>
            <pre className="pem">{cert.pem}</pre>
          </details>
        </>
      ) : (
        none
      )}
    </Section>
  );
}

export function CredsspFactsView({ facts }: { facts: CredsspFacts | null }) {
  const n = facts?.ntlm;
  return (
    <Section id="d-ntlm" title="CredSSP / NTLM">
      {facts ? (
        <KeyValues
          rows={[
            ['CredSSP version', facts.tsRequestVersion === null ? null : String(facts.tsRequestVersion)],
            ['NetBIOS computer', n?.netbiosComputer],
            ['NetBIOS domain', n?.netbiosDomain],
            ['DNS computer', n?.dnsComputer],
            ['DNS domain', n?.dnsDomain],
            ['DNS forest', n?.dnsTree],
            ['Windows version', n?.productVersion],
            ['Server time', n?.serverTime ? localDateTime(n.serverTime) : n?.serverTime],
            [
              'Clock difference',
              n?.clockSkewMs === null || n?.clockSkewMs === undefined ? null : formatMs(Math.abs(n.clockSkewMs)),
            ],
          ]}
        />
      ) : (
        none
      )}
    </Section>
  );
}

export function RdpSecurityFactsView({ facts }: { facts: RdpSecurityFacts | null }) {
  if (!facts) return null;
  return (
    <Section id="d-rdpsec" title="Standard RDP Security">
      <KeyValues
        rows={[
          ['Encryption level', facts.encryptionLevel],
          ['Encryption methods', facts.encryptionMethods.join(', ')],
          ['Server certificate', facts.serverCertType],
          ['RSA key', facts.rsaKeyBits ? `${facts.rsaKeyBits} bits` : null],
          ['RDP version', facts.rdpVersion],
        ]}
      />
    </Section>
  );
}

export function StabilityFactsView({ facts }: { facts: StabilityFacts | null }) {
  if (!facts) return null;
  return (
    <Section id="d-stability" title="Network stability">
      <KeyValues
        rows={[
          ['Connections', `${facts.attempts - facts.failures} of ${facts.attempts} succeeded`],
          ['Fastest', formatMs(facts.minMs)],
          ['Median', formatMs(facts.medianMs)],
          ['Slowest', formatMs(facts.maxMs)],
        ]}
      />
    </Section>
  );
}

export function NlaFactsView({ facts }: { facts: NlaCheckFacts | null }) {
  if (!facts) return null;
  return (
    <Section id="d-nla" title="Credential check (NLA)">
      <KeyValues
        rows={[
          ['Outcome', facts.outcome],
          ['Account', facts.user],
          ['Reason', facts.reason],
          [
            'NTSTATUS',
            facts.ntStatus ? `${facts.ntStatus}${facts.ntStatusName ? ` (${facts.ntStatusName})` : ''}` : null,
          ],
        ]}
      />
    </Section>
  );
}
