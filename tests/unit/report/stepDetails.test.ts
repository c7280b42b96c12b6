import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../electron/report/buildReport';
import { formatMs, stepDetails } from '../../../electron/report/stepDetails';
import { ProbeResultSchema } from '../../../shared/probe';
import { windowsResult } from './fixtures';

const rows = (r: ReturnType<typeof buildReport>, step: Parameters<typeof stepDetails>[1]) =>
  Object.fromEntries(stepDetails(r, step).map((x) => [x.label, x.value]));

describe('stepDetails', () => {
  it('formats times so a fast loopback step does not read as zero', () => {
    expect(formatMs(null)).toBe('—');
    expect(formatMs(0.24)).toBe('0.2 ms');
    expect(formatMs(4)).toBe('4 ms');
    expect(formatMs(512.6)).toBe('513 ms');
    expect(formatMs(12_345)).toBe('12.3 s');
  });

  it('words each step’s facts: negotiation, TLS, certificate, NTLM, NLA', () => {
    const base = windowsResult();
    const result = ProbeResultSchema.parse({
      ...base,
      credssp: { ...base.credssp!, ntlm: { ...base.credssp!.ntlm!, clockSkewMs: -7_400 } },
      nlaCheck: {
        outcome: 'rejected',
        user: 'CORP\\alice',
        ntStatus: '0xC000006D',
        ntStatusName: 'STATUS_LOGON_FAILURE',
        reason: 'wrong user name or password',
        credsspVersion: 6,
      },
    });
    const r = buildReport(result);
    expect(rows(r, 'negotiation')).toEqual({
      'Asked for rdp': 'refused: HYBRID_REQUIRED_BY_SERVER (5) — 3 ms',
      'Asked for hybrid': 'server selected hybrid — 3 ms',
    });
    expect(rows(r, 'tls')).toMatchObject({
      'TLS after': 'hybrid',
      'TLSv1.2': 'accepted (ECDHE-RSA-AES256-GCM-SHA384)',
      TLSv1: 'refused: protocol_version — TLSv1 refused',
    });
    expect(rows(r, 'certificate')).toMatchObject({
      'SHA-1 thumbprint': 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678',
      'Names (SAN)': 'DNS:srv01.corp.example, DNS:rdp.corp.example, IP Address:10.20.30.40',
      'Self-signed': 'yes',
    });
    expect(rows(r, 'credssp')).toMatchObject({ 'Clock difference': 'server 7 s behind', 'NTLM flags': '0xE28A8235' });
    expect(rows(r, 'nlaCheck')).toMatchObject({
      Outcome: 'rejected',
      NTSTATUS: '0xC000006D STATUS_LOGON_FAILURE',
      Why: 'wrong user name or password',
    });
    expect(stepDetails(r, 'rdpSecurity')).toEqual([]);
  });
});
