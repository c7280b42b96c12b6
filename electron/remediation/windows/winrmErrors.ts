/**
 * The classic WinRM failures, in plain words with the next step. The bootstrap reports a failed
 * Invoke-Command as {code:"winrm", message, detail:{errorCode}}: the message is Windows' own text (the
 * WinRM client's English wording; a localised client still carries the error code).
 */
import { RemediationError } from '../types';

export interface ScriptFailure {
  code: string;
  message: string;
  detail?: { errorCode?: number | null; fqid?: string; type?: string } | null;
}

/** WinRM client error codes (winerror.h / wsmerror.h), as signed 32-bit numbers as .NET reports them */
const ERROR_ACCESS_DENIED = 5;
const ERROR_LOGON_FAILURE = 1326;
/** WSMAN: cannot complete the operation (service off, firewall, wrong name) */
const WSMAN_CANNOT_CONNECT = 0x80338012 | 0;
/** WSMAN: default authentication with an IP address needs HTTPS or TrustedHosts (IP / workgroup host) */
const WSMAN_TRUSTED_HOSTS = 0x803380e4 | 0;

/**
 * A PowerShell single-quoted literal. PowerShell also ends a single-quoted string at the typographic quotes
 * U+2018..U+201B, so each of those is doubled like ' (as CodeGeneration.EscapeSingleQuotedStringContent does).
 */
export function psSingleQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, '$&$&')}'`;
}

/** The exact command that adds a host to this computer's TrustedHosts (value shown quoted for PowerShell). */
export function trustedHostsCommand(computer: string): string {
  return `Set-Item WSMan:\\localhost\\Client\\TrustedHosts -Value ${psSingleQuote(computer)} -Concatenate -Force`;
}

export function winrmError(failure: ScriptFailure, computer: string): RemediationError {
  const msg = failure.message ?? '';
  const code = failure.detail?.errorCode ?? null;
  if (/no supported WSMan client library was found/i.test(msg)) {
    return new RemediationError(
      'needs-windows',
      'Remote PowerShell (WinRM) needs Windows on this computer: use the console script (--script ps1) at the host instead.',
    );
  }
  if (code === WSMAN_TRUSTED_HOSTS || /TrustedHosts/i.test(msg)) {
    return new RemediationError(
      'winrm-trusted-hosts',
      `${computer} is an IP address or a host outside your domain, so Windows will not send your credentials to it over plain WinRM. Either connect over HTTPS (--winrm-ssl, port 5986, with a certificate the host has), or, as administrator on this computer, run: ${trustedHostsCommand(computer)}`,
    );
  }
  if (
    code === ERROR_ACCESS_DENIED ||
    code === ERROR_LOGON_FAILURE ||
    /Access is denied|logon failure|user name or password is incorrect/i.test(msg)
  ) {
    return new RemediationError(
      'winrm-access-denied',
      `${computer} refused the account (access denied): use an account in the host's Administrators group (--user DOMAIN\\name --password-stdin) and check the password.`,
    );
  }
  if (
    code === WSMAN_CANNOT_CONNECT ||
    /WinRM cannot complete the operation|cannot connect to the destination|WinRM service|firewall exception for the WinRM/i.test(
      msg,
    )
  ) {
    return new RemediationError(
      'winrm-unreachable',
      `${computer} does not answer WinRM: remoting is off or blocked. Use the console script (--script ps1) at the host, or run Enable-PSRemoting -Force there (and allow TCP 5985/5986 through its firewall).`,
    );
  }
  return new RemediationError('winrm-failed', `WinRM to ${computer} failed: ${msg.trim() || 'no message'}`);
}

/** Any {ok:false} a script or the bootstrap printed → one RemediationError with a clear message. */
export function scriptFailure(failure: ScriptFailure, computer: string | null): RemediationError {
  if (failure.code === 'winrm') return winrmError(failure, computer ?? 'the host');
  return new RemediationError(failure.code || 'failed', failure.message || 'The PowerShell script failed.');
}
