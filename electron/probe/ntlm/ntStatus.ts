/**
 * NTSTATUS values a CredSSP server reports in TSRequest.errorCode (MS-CSSP 2.2.1, version 3+), with what
 * each means for the person trying to log on. Values from MS-ERREF 2.3.1; the SSPI HRESULTs some servers
 * send instead (MS-ERREF 2.1.1) are listed too.
 */
export interface NtStatusInfo {
  name: string;
  /** one plain sentence: why the logon was refused */
  reason: string;
}

const WRONG_NAME_OR_PASSWORD =
  'The server refused the logon: the user name or password is wrong (or the account is unknown there).';

// [value, name, reason] — a list rather than an object so the values stay in hex (the formatter would
// rewrite numeric keys in decimal)
const STATUSES: ReadonlyArray<readonly [number, string, string]> = [
  [0xc000006d, 'STATUS_LOGON_FAILURE', WRONG_NAME_OR_PASSWORD],
  [0xc000006a, 'STATUS_WRONG_PASSWORD', 'The password is wrong for this account.'],
  [0xc0000064, 'STATUS_NO_SUCH_USER', 'The server does not know this account.'],
  [
    0xc0000234,
    'STATUS_ACCOUNT_LOCKED_OUT',
    'The account is locked out after too many failed logons; an administrator must unlock it or wait for the lockout to end.',
  ],
  [0xc0000072, 'STATUS_ACCOUNT_DISABLED', 'The account is disabled; an administrator must enable it.'],
  [0xc0000193, 'STATUS_ACCOUNT_EXPIRED', 'The account has expired; an administrator must extend it.'],
  [
    0xc0000071,
    'STATUS_PASSWORD_EXPIRED',
    'The password has expired. With NLA the user cannot change it at the logon screen: change it elsewhere first (or allow the change over RD Web / a console logon).',
  ],
  [
    0xc0000224,
    'STATUS_PASSWORD_MUST_CHANGE',
    'The password must be changed before the first logon ("User must change password at next logon"); NLA cannot do that: change it elsewhere first.',
  ],
  [
    0xc000006f,
    'STATUS_INVALID_LOGON_HOURS',
    'The account is not allowed to log on at this time of day (logon hours restriction).',
  ],
  [
    0xc0000070,
    'STATUS_INVALID_WORKSTATION',
    'The account may only log on from certain computers, and this one is not among them ("Log On To" restriction).',
  ],
  [
    0xc000006e,
    'STATUS_ACCOUNT_RESTRICTION',
    'An account restriction prevents this logon (for example a blank password, which is refused over the network).',
  ],
  [0xc000006c, 'STATUS_PASSWORD_RESTRICTION', 'A password policy restriction refused this logon.'],
  [
    0xc000015b,
    'STATUS_LOGON_TYPE_NOT_GRANTED',
    'The account lacks the right to log on through Remote Desktop Services (not in Remote Desktop Users, or denied by policy).',
  ],
  [
    0xc0000418,
    'STATUS_NTLM_BLOCKED',
    'The server or its domain blocks NTLM by policy ("Network security: Restrict NTLM"); connect by the server\'s domain name so Kerberos can be used, or allow NTLM for this server.',
  ],
  [
    0xc00002fa,
    'STATUS_SMARTCARD_LOGON_REQUIRED',
    'The account must log on with a smart card; a password logon is refused.',
  ],
  [
    0xc0000388,
    'STATUS_DOWNGRADE_DETECTED',
    'The server detected a security downgrade in the authentication and refused it.',
  ],
  [
    0xc0000413,
    'STATUS_AUTHENTICATION_FIREWALL_FAILED',
    'Selective authentication on a trust refused this account for this computer.',
  ],
  [
    0xc000018d,
    'STATUS_TRUSTED_RELATIONSHIP_FAILURE',
    'The server could not reach its domain to check the account (broken trust or no domain controller).',
  ],
  [0xc000005e, 'STATUS_NO_LOGON_SERVERS', 'The server found no domain controller to check the account.'],
  [
    0xc0000192,
    'STATUS_NETLOGON_NOT_STARTED',
    'The Netlogon service is not running on the server, so it cannot check domain accounts.',
  ],
  [0xc0000133, 'STATUS_TIME_DIFFERENCE_AT_DC', 'The clocks of the server and its domain controller differ too much.'],
  [0xc0000022, 'STATUS_ACCESS_DENIED', 'The server denied access to this account.'],
  [0xc00000bb, 'STATUS_NOT_SUPPORTED', 'The server does not support this way of authenticating.'],
  [0xc000000d, 'STATUS_INVALID_PARAMETER', 'The server rejected a parameter of the authentication.'],
  [0x8009030c, 'SEC_E_LOGON_DENIED', WRONG_NAME_OR_PASSWORD],
  [0x80090308, 'SEC_E_INVALID_TOKEN', 'The server could not use the authentication token we sent.'],
  [0x8009030e, 'SEC_E_NO_CREDENTIALS', 'The server has no credentials to complete the logon.'],
  [0x80090311, 'SEC_E_NO_AUTHENTICATING_AUTHORITY', 'The server could not contact an authority to check the account.'],
  [0x80090302, 'SEC_E_UNSUPPORTED_FUNCTION', 'The server refused the authentication method.'],
];

const TABLE = new Map<number, NtStatusInfo>(STATUSES.map(([code, name, reason]) => [code, { name, reason }]));

export const formatNtStatus = (code: number): string => `0x${(code >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;

export function describeNtStatus(code: number): NtStatusInfo {
  return (
    TABLE.get(code >>> 0) ?? {
      name: `NTSTATUS ${formatNtStatus(code)}`,
      reason: `The server refused the logon with status ${formatNtStatus(code)}.`,
    }
  );
}
