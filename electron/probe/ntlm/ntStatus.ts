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

const TABLE: Record<number, NtStatusInfo> = {
  3221225581: {
    name: 'STATUS_LOGON_FAILURE',
    reason: 'The server refused the logon: the user name or password is wrong (or the account is unknown there).',
  },
  3221225578: { name: 'STATUS_WRONG_PASSWORD', reason: 'The password is wrong for this account.' },
  3221225572: { name: 'STATUS_NO_SUCH_USER', reason: 'The server does not know this account.' },
  3221226036: {
    name: 'STATUS_ACCOUNT_LOCKED_OUT',
    reason:
      'The account is locked out after too many failed logons; an administrator must unlock it or wait for the lockout to end.',
  },
  3221225586: { name: 'STATUS_ACCOUNT_DISABLED', reason: 'The account is disabled; an administrator must enable it.' },
  3221225875: { name: 'STATUS_ACCOUNT_EXPIRED', reason: 'The account has expired; an administrator must extend it.' },
  3221225585: {
    name: 'STATUS_PASSWORD_EXPIRED',
    reason:
      'The password has expired. With NLA the user cannot change it at the logon screen: change it elsewhere first (or allow the change over RD Web / a console logon).',
  },
  3221226020: {
    name: 'STATUS_PASSWORD_MUST_CHANGE',
    reason:
      'The password must be changed before the first logon ("User must change password at next logon"); NLA cannot do that: change it elsewhere first.',
  },
  3221225583: {
    name: 'STATUS_INVALID_LOGON_HOURS',
    reason: 'The account is not allowed to log on at this time of day (logon hours restriction).',
  },
  3221225584: {
    name: 'STATUS_INVALID_WORKSTATION',
    reason:
      'The account may only log on from certain computers, and this one is not among them ("Log On To" restriction).',
  },
  3221225582: {
    name: 'STATUS_ACCOUNT_RESTRICTION',
    reason:
      'An account restriction prevents this logon (for example a blank password, which is refused over the network).',
  },
  3221225819: {
    name: 'STATUS_LOGON_TYPE_NOT_GRANTED',
    reason:
      'The account lacks the right to log on through Remote Desktop Services (not in Remote Desktop Users, or denied by policy).',
  },
  3221226515: {
    name: 'STATUS_AUTHENTICATION_FIREWALL_FAILED',
    reason: 'Selective authentication on a trust refused this account for this computer.',
  },
  3221225869: {
    name: 'STATUS_TRUSTED_RELATIONSHIP_FAILURE',
    reason: 'The server could not reach its domain to check the account (broken trust or no domain controller).',
  },
  3221225566: {
    name: 'STATUS_NO_LOGON_SERVERS',
    reason: 'The server found no domain controller to check the account.',
  },
  3221225779: {
    name: 'STATUS_TIME_DIFFERENCE_AT_DC',
    reason: 'The clocks of the server and its domain controller differ too much.',
  },
  3221225506: { name: 'STATUS_ACCESS_DENIED', reason: 'The server denied access to this account.' },
  3221225485: { name: 'STATUS_INVALID_PARAMETER', reason: 'The server rejected a parameter of the authentication.' },
  2148074252: {
    name: 'SEC_E_LOGON_DENIED',
    reason: 'The server refused the logon: the user name or password is wrong (or the account is unknown there).',
  },
  2148074248: { name: 'SEC_E_INVALID_TOKEN', reason: 'The server could not use the authentication token we sent.' },
  2148074254: { name: 'SEC_E_NO_CREDENTIALS', reason: 'The server has no credentials to complete the logon.' },
  2148074257: {
    name: 'SEC_E_NO_AUTHENTICATING_AUTHORITY',
    reason: 'The server could not contact an authority to check the account.',
  },
  2148074242: { name: 'SEC_E_UNSUPPORTED_FUNCTION', reason: 'The server refused the authentication method.' },
};

export const formatNtStatus = (code: number): string => `0x${(code >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;

export function describeNtStatus(code: number): NtStatusInfo {
  return (
    TABLE[code >>> 0] ?? {
      name: `NTSTATUS ${formatNtStatus(code)}`,
      reason: `The server refused the logon with status ${formatNtStatus(code)}.`,
    }
  );
}
