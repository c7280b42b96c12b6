import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../electron/report/buildReport';
import { dnValues, hostOfInput, Placeholders } from '../../../electron/report/redactReport';
import { renderReport } from '../../../electron/report/renderReport';
import { ReportSchema } from '../../../shared/report';
import { windowsResult, xrdpResult } from './fixtures';

const WHO = { ranBy: 'techuser', machine: 'HELPDESK-PC07' };
/** Every name and address in the Windows fixture, and who ran it from where. */
const SECRETS = [
  'srv01',
  'corp.example',
  'CORP',
  'alice',
  '10.20.30.40',
  'rdp.corp.example',
  'Contoso',
  'techuser',
  'HELPDESK-PC07',
  'MIIBsrv01corpexample',
];

describe('redaction', () => {
  const report = buildReport(windowsResult(), { redact: true, codes: '0x904 0x7', ...WHO });

  it('still validates and says it is redacted', () => {
    expect(ReportSchema.parse(report)).toEqual(report);
    expect(report.redacted).toBe(true);
  });

  it('replaces the same value by the same placeholder everywhere, and different values by different ones', () => {
    expect(report.target.host).toBe('host-1');
    expect(report.target.input).toBe('host-1:3389');
    expect(report.facts.target?.host).toBe('host-1');
    expect(report.facts.tls?.certificate?.subjectCN).toBe('host-1');
    expect(report.facts.credssp?.ntlm?.dnsComputer).toBe('host-1');
    expect(report.facts.tcp?.address).toBe('ip-1');
    expect(report.facts.target?.addresses[0]?.address).toBe('ip-1');
    expect(report.facts.tls?.certificate?.sans).toEqual(['DNS:host-1', 'DNS:host-2', 'IP Address:ip-1']);
    // NetBIOS SRV01 is a different value from srv01.corp.example: its own placeholder, the same in every field
    const netbios = report.facts.credssp?.ntlm?.netbiosComputer;
    expect(netbios).toMatch(/^host-\d$/);
    expect(netbios).not.toBe('host-1');
    expect(report.facts.nlaCheck?.reason.startsWith(`${netbios} accepted`)).toBe(true);
    // CORP is the NetBIOS domain and the NTLM target name, and the domain of CORP\alice
    const corp = report.facts.credssp?.ntlm?.netbiosDomain;
    expect(corp).toMatch(/^domain-\d$/);
    expect(report.facts.credssp?.ntlm?.targetName).toBe(corp);
    expect(report.facts.nlaCheck?.user).toMatch(new RegExp(`^(${corp}\\\\user-\\d|user-\\d)$`));
    expect(report.facts.credssp?.ntlm?.dnsDomain).toBe(report.facts.credssp?.ntlm?.dnsTree);
    expect(report.session.ranBy).toMatch(/^user-\d$/);
    expect(report.session.machine).toMatch(/^host-\d$/);
    expect(report.findings[0]?.detail).toBe(
      'The certificate of host-1 (CN=host-1) expired on 2026-01-01; mstsc warns.',
    );
  });

  it('keeps what identifies no one: thumbprints, ids, codes, versions, timings', () => {
    const plain = buildReport(windowsResult(), { codes: '0x904 0x7', ...WHO });
    expect(report.facts.tls?.certificate?.sha1Thumbprint).toBe(plain.facts.tls?.certificate?.sha1Thumbprint);
    expect(report.findings.map((f) => f.id)).toEqual(plain.findings.map((f) => f.id));
    expect(report.findings[0]?.fixPhases).toEqual(plain.findings[0]?.fixPhases);
    expect(report.codes).toEqual(plain.codes);
    expect(report.facts.credssp?.ntlm?.productVersion).toBe('10.0.20348');
    expect(report.steps.map((s) => s.durationMs)).toEqual(plain.steps.map((s) => s.durationMs));
    expect(report.facts.tls?.certificate?.pem).toBe('');
  });

  it('leaves no name or address in any format', () => {
    for (const format of ['html', 'json', 'md'] as const) {
      const text = renderReport(report, format);
      for (const secret of SECRETS)
        expect(text.toLowerCase(), `${format}: ${secret}`).not.toContain(secret.toLowerCase());
    }
  });

  it('without the switch the names are all there', () => {
    const plain = renderReport(buildReport(windowsResult(), WHO), 'json');
    for (const secret of SECRETS) expect(plain).toContain(secret);
  });

  it('redacts IP-literal targets and IPv6 brackets', () => {
    const r = buildReport(xrdpResult(), { redact: true, ...WHO });
    expect(r.target.input).toBe('ip-1:3390');
    expect(renderReport(r, 'md')).not.toContain('127.0.0.7');
    expect(hostOfInput('[fe80::1]:3389')).toBe('fe80::1');
    expect(hostOfInput('fe80::1')).toBe('fe80::1');
    expect(hostOfInput('srv:3389')).toBe('srv');
  });

  it('reads distinguished names in both notations and ignores the country', () => {
    expect(dnValues('CN=a.example, O=Contoso, Ltd, C=US')).toEqual(['a.example', 'Contoso, Ltd']);
    expect(dnValues('CN=a.example\nOU=IT\nC=DE')).toEqual(['a.example', 'IT']);
  });

  it('respects word edges and the length rules', () => {
    const p = new Placeholders();
    p.add('host', 'srv01');
    p.add('user', 'al');
    p.add('user', 'Ann');
    p.add('host', 'VM');
    p.add('host', 'vm');
    p.add('user', 'x');
    expect(p.scrub('srv01 and SRV01. but not srv010 nor xsrv01')).toBe('host-1 and host-1. but not srv010 nor xsrv01');
    expect(p.scrub('al')).toBe('user-1');
    expect(p.scrub('al went to a cal')).toBe('user-1 went to a cal');
    expect(p.scrub('Ann met ann')).toBe('user-2 met ann');
    expect(p.scrub('NTLM: vm, "VM" or Vm')).toBe('NTLM: host-2, "host-2" or Vm');
    expect(p.scrub('x')).toBe('user-3');
    expect(p.scrub('a x b')).toBe('a x b');
  });

  it('property: a name placed anywhere in prose, in any case, never survives redaction', () => {
    const word = fc.stringMatching(/^[a-z0-9]{1,8}$/);
    const sep = fc.constantFrom(' ', '. ', ', ', '(', ')', ': ', '\\', '/', '"', "'", '[', ']', '@', '\n');
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z][a-z0-9-]{3,14}$/),
        fc.array(fc.tuple(fc.oneof(word, fc.constant('@NAME@')), sep), { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        (name, parts, upper) => {
          fc.pre(!/^host-\d+$/.test(name));
          const p = new Placeholders();
          p.add('host', name);
          const shown = upper ? name.toUpperCase() : name;
          const words = parts.map(([w]) => (w === '@NAME@' ? shown : w));
          fc.pre(words.every((w) => w === shown || !w.includes(name)));
          const text = words.map((w, i) => `${w}${parts[i]?.[1] ?? ''}`).join('');
          return !p.scrub(text).toLowerCase().includes(name);
        },
      ),
    );
  });
});
