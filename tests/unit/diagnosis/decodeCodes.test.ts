/**
 * The decoder: table-driven cases for the inputs technicians paste, unknown codes reported as unknown,
 * malformed input as a clear error, and a property test that no input makes it throw.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCodes } from '../../../electron/diagnosis/decodeCodes';
import { DecodeResultSchema } from '../../../shared/codes';
import { DISCONNECT_REASONS, EXTENDED_DISCONNECT_REASONS, SET_ERROR_INFO_CODES } from '../../../shared/codeTables';

type Case = {
  input: string;
  codes: Array<[table: string, hex: string, name: string | null]>;
  related?: string[];
  summaryHas?: RegExp;
};

const DENIED_SUMMARY = /reached the server.*denied.*closed/i;
const CASES: Case[] = [
  {
    input: '0x904 0x7',
    codes: [
      ['disconnectReason', '0x904', 'disconnectReasonAtClientWinsockFDCLOSE'],
      ['extendedDisconnectReason', '0x7', 'exDiscReasonServerDeniedConnection'],
    ],
    related: ['tls-handshake-failed', 'tls-unavailable', 'nla-required', 'credssp-outdated', 'credentials-rejected'],
    summaryHas: DENIED_SUMMARY,
  },
  {
    input: '0x904, 0x7',
    codes: [
      ['disconnectReason', '0x904', 'disconnectReasonAtClientWinsockFDCLOSE'],
      ['extendedDisconnectReason', '0x7', 'exDiscReasonServerDeniedConnection'],
    ],
    summaryHas: DENIED_SUMMARY,
  },
  {
    input: 'Code: 0x904, Extended Error Code: 0x7',
    codes: [
      ['disconnectReason', '0x904', 'disconnectReasonAtClientWinsockFDCLOSE'],
      ['extendedDisconnectReason', '0x7', 'exDiscReasonServerDeniedConnection'],
    ],
    summaryHas: DENIED_SUMMARY,
  },
  {
    input: 'Error code: 0x904\nExtended error code: 0x7',
    codes: [
      ['disconnectReason', '0x904', 'disconnectReasonAtClientWinsockFDCLOSE'],
      ['extendedDisconnectReason', '0x7', 'exDiscReasonServerDeniedConnection'],
    ],
  },
  {
    input: '2308 7',
    codes: [
      ['disconnectReason', '0x904', 'disconnectReasonAtClientWinsockFDCLOSE'],
      ['extendedDisconnectReason', '0x7', 'exDiscReasonServerDeniedConnection'],
    ],
    summaryHas: DENIED_SUMMARY,
  },
  {
    input: '0x904/0x7',
    codes: [
      ['disconnectReason', '0x904', 'disconnectReasonAtClientWinsockFDCLOSE'],
      ['extendedDisconnectReason', '0x7', 'exDiscReasonServerDeniedConnection'],
    ],
  },
  {
    input: 'CODE: 0X904',
    codes: [['disconnectReason', '0x904', 'disconnectReasonAtClientWinsockFDCLOSE']],
    related: ['tls-handshake-failed'],
  },
  { input: '2308', codes: [['disconnectReason', '0x904', 'disconnectReasonAtClientWinsockFDCLOSE']] },
  {
    input: '0x204',
    codes: [['disconnectReason', '0x204', 'disconnectReasonSocketConnectFailed']],
    related: ['tcp-refused', 'tcp-timeout'],
  },
  {
    input: '0x104',
    codes: [['disconnectReason', '0x104', 'disconnectReasonDNSLookupFailed']],
    related: ['dns-unresolved'],
  },
  {
    input: '0x108',
    codes: [['disconnectReason', '0x108', 'disconnectReasonConnectionTimedOut']],
    related: ['tcp-timeout', 'no-response'],
  },
  {
    input: '0x807',
    codes: [['disconnectReason', '0x807', 'SSL_ERR_LOGON_FAILURE']],
    related: ['credentials-rejected'],
  },
  {
    input: '0xD07',
    codes: [['disconnectReason', '0xd07', 'SSL_ERR_ACCOUNT_LOCKED_OUT']],
    related: ['credentials-rejected'],
  },
  { input: '0x1b07', codes: [['disconnectReason', '0x1b07', 'SSL_ERR_CERT_EXPIRED']], related: ['tls-cert-expired'] },
  {
    input: '0x3 0xc',
    codes: [
      ['disconnectReason', '0x3', 'disconnectReasonByServer'],
      ['extendedDisconnectReason', '0xc', 'exDiscReasonLogoffByUser'],
    ],
    related: [],
  },
  {
    // a protocol-range extended code carries the server's errorInfo code
    input: '0x3 0x10d3',
    codes: [
      ['disconnectReason', '0x3', 'disconnectReasonByServer'],
      ['extendedDisconnectReason', '0x10d3', null],
      ['setErrorInfo', '0x10d3', 'ERRINFO_CONNECTFAILED'],
    ],
  },
  // a lone Set Error Info code that is no disconnect reason
  { input: '0x10C9', codes: [['setErrorInfo', '0x10c9', 'ERRINFO_UNKNOWNPDUTYPE2']] },
  { input: '0x1a', codes: [['setErrorInfo', '0x1a', 'ERRINFO_SERVER_REBOOT']] },
  // Microsoft's names work too (from event logs, FreeRDP output, docs)
  { input: 'ERRINFO_LOGOFF_BY_USER', codes: [['setErrorInfo', '0xc', 'ERRINFO_LOGOFF_BY_USER']] },
  {
    input: 'disconnectReasonAtClientWinsockFDCLOSE exDiscReasonServerDeniedConnection',
    codes: [
      ['disconnectReason', '0x904', 'disconnectReasonAtClientWinsockFDCLOSE'],
      ['extendedDisconnectReason', '0x7', 'exDiscReasonServerDeniedConnection'],
    ],
    summaryHas: DENIED_SUMMARY,
  },
  {
    input: '0x904 exDiscReasonServerDeniedConnection',
    codes: [
      ['disconnectReason', '0x904', 'disconnectReasonAtClientWinsockFDCLOSE'],
      ['extendedDisconnectReason', '0x7', 'exDiscReasonServerDeniedConnection'],
    ],
  },
  {
    input: 'ssl_err_logon_failure',
    codes: [['disconnectReason', '0x807', 'SSL_ERR_LOGON_FAILURE']],
    related: ['credentials-rejected'],
  },
  // not in Microsoft's tables: unknown, not guessed
  { input: '0x905', codes: [['disconnectReason', '0x905', null]], related: [] },
  {
    input: '0x904 0x63',
    codes: [
      ['disconnectReason', '0x904', 'disconnectReasonAtClientWinsockFDCLOSE'],
      ['extendedDisconnectReason', '0x63', null],
    ],
    related: [],
  },
  { input: '0xffffffff', codes: [['disconnectReason', '0xffffffff', null]], related: [] },
  {
    input: 'An authentication error has occurred. This could be due to CredSSP encryption oracle remediation.',
    codes: [],
    related: ['credssp-outdated'],
    summaryHas: /2018/,
  },
];

describe('decodeCodes: the inputs technicians paste', () => {
  it.each(CASES)('$input', ({ input, codes, related, summaryHas }) => {
    const result = decodeCodes(input);
    expect(DecodeResultSchema.parse(result)).toEqual(result);
    expect(result.ok, result.error).toBe(true);
    expect(result.codes.map((c) => [c.table, c.hex, c.name])).toEqual(codes);
    for (const code of result.codes) {
      expect(code.known).toBe(code.name !== null);
      if (!code.known) expect(code.meaning).toMatch(/unknown|range Microsoft reserves/);
    }
    if (related) {
      if (related.length === 0) expect(result.relatedFindings).toEqual([]);
      for (const id of related) expect(result.relatedFindings).toContain(id);
    }
    if (summaryHas) expect(result.summary).toMatch(summaryHas);
    expect(result.summary.length).toBeGreaterThan(0);
  });
});

describe('decodeCodes: malformed input is a clear error', () => {
  it.each([
    ['', /No code/],
    ['   ', /No code/],
    ['hello', /"hello" is not a code/],
    ['0x', /"0x" is not a code/],
    ['0xZZ', /not a code/],
    ['-5', /not a code/],
    ['0x904 0x7 0x1', /at most two/],
    ['0x1ffffffff', /too large/],
    ['99999999999999999999', /too large/],
    ['x'.repeat(400), /too long/],
  ])('%j', (input, message) => {
    const result = decodeCodes(input);
    expect(DecodeResultSchema.parse(result)).toEqual(result);
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(message);
    expect(result.codes).toEqual([]);
  });
});

describe('code tables', () => {
  it('cover Microsoft tables whole (counts and spot checks)', () => {
    expect(DISCONNECT_REASONS.size).toBe(47);
    expect(EXTENDED_DISCONNECT_REASONS.size).toBe(26);
    expect(SET_ERROR_INFO_CODES.size).toBe(120);
    expect(SET_ERROR_INFO_CODES.get(0x1126)?.name).toBe('ERRINFO_SECURITYDATATOOSHORT23');
    expect(SET_ERROR_INFO_CODES.get(0x1111)?.name).toBe('ERRINFO_SECURITYDATATOOSHORT2');
    expect(EXTENDED_DISCONNECT_REASONS.get(768)?.name).toBe('exDiscReasonRdpEncInvalidCredentials');
  });

  it('never throws, whatever is typed', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const result = decodeCodes(text);
        DecodeResultSchema.parse(result);
        if (!result.ok) expect(result.error).toBeTruthy();
      }),
      { numRuns: 2000 },
    );
  });

  it('decodes every known value of every table back to its name', () => {
    for (const [value, entry] of DISCONNECT_REASONS) {
      const r = decodeCodes(`0x${value.toString(16)}`);
      expect(r.codes[0]?.name).toBe(entry.name);
    }
    for (const [value, entry] of EXTENDED_DISCONNECT_REASONS) {
      const r = decodeCodes(`0x3 ${value}`);
      expect(r.codes[1]?.name).toBe(entry.name);
    }
  });
});
