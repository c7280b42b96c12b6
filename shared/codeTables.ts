/**
 * Microsoft's public code tables behind the numbers mstsc shows, with the meanings written in plain words:
 *
 * - the disconnect reasons of IMsTscAxEvents::OnDisconnected (the "Code: 0x904" of the mstsc dialog),
 * - the ExtendedDisconnectReasonCode enumeration (the "Extended Error Code: 0x7"),
 * - the errorInfo codes of the Set Error Info PDU, MS-RDPBCGR 2.2.5.1.1.
 *
 * Names and values are Microsoft's; a value that is not listed here is reported as unknown, never guessed
 * (much of what the web says about these codes is wrong). `findings` lists the finding ids that a code
 * points to on its own; pairs such as 0x904/0x7 are matched through the finding catalogue instead.
 */
import type { FindingId } from './findings';

export interface CodeEntry {
  value: number;
  /** Microsoft's symbolic name */
  name: string;
  /** what it means, in plain words */
  meaning: string;
  findings?: FindingId[];
}

type Row = [value: number, name: string, meaning: string, findings?: FindingId[]];

function table(rows: Row[]): ReadonlyMap<number, CodeEntry> {
  const map = new Map<number, CodeEntry>();
  for (const [value, name, meaning, findings] of rows) {
    if (map.has(value)) throw new Error(`duplicate code ${value} in a code table`);
    map.set(value, findings ? { value, name, meaning, findings } : { value, name, meaning });
  }
  return map;
}

const CREDENTIALS: FindingId[] = ['credentials-rejected'];
const DNS: FindingId[] = ['dns-unresolved'];

// ---- IMsTscAxEvents::OnDisconnected discReason ------------------------------------------------
export const DISCONNECT_REASONS = table([
  [0x0, 'disconnectReasonNoInfo', 'No reason was recorded for the disconnection.'],
  [
    0x1,
    'disconnectReasonLocalNotError',
    'The connection was closed on this computer (by the user or the program). Not an error.',
  ],
  [0x2, 'disconnectReasonRemoteByUser', 'The session was ended from the remote side by the user. Not an error.'],
  [
    0x3,
    'disconnectReasonByServer',
    'The server ended the connection. Not an error by itself: the extended code says why.',
  ],
  [0x104, 'disconnectReasonDNSLookupFailed', 'The computer name could not be looked up in DNS.', DNS],
  [0x106, 'disconnectReasonOutOfMemory', 'This computer ran out of memory.'],
  [
    0x108,
    'disconnectReasonConnectionTimedOut',
    'The connection attempt took too long and was given up.',
    ['tcp-timeout', 'no-response'],
  ],
  [
    0x204,
    'disconnectReasonSocketConnectFailed',
    'The network connection to the remote computer could not be opened (TCP connect failed).',
    ['tcp-refused', 'tcp-timeout'],
  ],
  [0x206, 'disconnectReasonOutOfMemory2', 'This computer ran out of memory.'],
  [0x208, 'disconnectReasonHostNotFound', 'The remote computer could not be found.', DNS],
  [
    0x304,
    'disconnectReasonWinsockSendFailed',
    'Sending data over the network connection failed.',
    ['network-unstable'],
  ],
  [0x306, 'disconnectReasonOutOfMemory3', 'This computer ran out of memory.'],
  [0x308, 'disconnectReasonInvalidIPAddr', 'The IP address given is not valid.'],
  [
    0x404,
    'disconnectReasonSocketRecvFailed',
    'Receiving data over the network connection failed.',
    ['network-unstable'],
  ],
  [0x406, 'disconnectReasonInvalidSecurityData', 'The security data received was not valid.'],
  [0x408, 'disconnectReasonInternalError', 'An internal error occurred in the Remote Desktop client.'],
  [0x506, 'disconnectReasonInvalidEncryption', 'The encryption method asked for is not valid.'],
  [0x508, 'disconnectReasonDNSLookupFailed2', 'The computer name could not be looked up in DNS.', DNS],
  [0x604, 'disconnectReasonGetHostByNameFailed', 'Looking up the computer name (gethostbyname) failed.', DNS],
  [0x606, 'disconnectReasonInvalidServerSecurityInfo', "The server's security data was not valid."],
  [0x608, 'disconnectReasonTimerError', 'An internal timer error occurred in the client.'],
  [0x704, 'disconnectReasonTimeoutOccurred', 'A time limit expired during the connection.'],
  [0x706, 'disconnectReasonServerCertificateUnpackErr', "The client could not read the server's certificate."],
  [0x804, 'disconnectReasonInvalidIP', 'A bad IP address was given.'],
  [0x807, 'SSL_ERR_LOGON_FAILURE', 'The logon failed: the user name or password is wrong.', CREDENTIALS],
  [0x808, 'disconnectReasonLicensingFailed', 'Remote Desktop licensing could not be negotiated.'],
  [
    0x904,
    'disconnectReasonAtClientWinsockFDCLOSE',
    'The network connection was closed. The connection reached the server, and the server (or something on the way) closed it; the extended code says why.',
  ],
  [0x906, 'disconnectReasonInternalSecurityError', 'An internal security error occurred.'],
  [0x908, 'disconnectReasonLicensingTimeout', 'Remote Desktop licensing took too long.'],
  [0xa06, 'disconnectReasonInternalSecurityError2', 'An internal security error occurred.'],
  [0xa07, 'SSL_ERR_NO_SUCH_USER', 'The user name given has no account.', CREDENTIALS],
  [0xb06, 'disconnectReasonEncryptionError', 'An encryption error occurred.'],
  [0xb07, 'SSL_ERR_ACCOUNT_DISABLED', 'The account is disabled.', CREDENTIALS],
  [0xc06, 'disconnectReasonDecryptionError', 'A decryption error occurred.'],
  [
    0xc07,
    'SSL_ERR_ACCOUNT_RESTRICTION',
    'An account restriction (logon hours, allowed workstations, blank password) stops this logon.',
    CREDENTIALS,
  ],
  [0xc08, 'disconnectReasonClientDecompressionError', 'The client could not decompress data from the server.'],
  [0xd07, 'SSL_ERR_ACCOUNT_LOCKED_OUT', 'The account is locked out.', CREDENTIALS],
  [0xe07, 'SSL_ERR_ACCOUNT_EXPIRED', 'The account has expired.', CREDENTIALS],
  [0xf07, 'SSL_ERR_PASSWORD_EXPIRED', 'The password has expired.', CREDENTIALS],
  [0x1207, 'SSL_ERR_PASSWORD_MUST_CHANGE', 'The password must be changed before the first logon.', CREDENTIALS],
  [0x1607, 'SSL_ERR_DELEGATION_POLICY', 'Policy on this computer does not allow sending credentials to this server.'],
  [
    0x1707,
    'SSL_ERR_POLICY_NTLM_ONLY',
    'Credentials may only be sent once the server has proved its identity, and only NTLM was available.',
  ],
  [
    0x1807,
    'SSL_ERR_NO_AUTHENTICATING_AUTHORITY',
    'No authority (domain controller) could be reached to check the logon: wrong domain name, unreachable domain or a broken trust.',
  ],
  [0x1b07, 'SSL_ERR_CERT_EXPIRED', 'The certificate received has expired.', ['tls-cert-expired']],
  [0x1c07, 'SSL_ERR_SMARTCARD_WRONG_PIN', 'A wrong smart card PIN was entered.'],
  [
    0x2107,
    'SSL_ERR_FRESH_CRED_REQUIRED_BY_SERVER',
    'The server does not accept saved credentials: the user must type them.',
  ],
  [0x2207, 'SSL_ERR_SMARTCARD_CARD_BLOCKED', 'The smart card is blocked.'],
]);

// ---- ExtendedDisconnectReasonCode -------------------------------------------------------------
/** exDiscReasonProtocolRangeStart..End: internal protocol errors, reported by the server. */
export const EXTENDED_PROTOCOL_RANGE = { start: 4096, end: 32767 } as const;

export const EXTENDED_DISCONNECT_REASONS = table([
  [0, 'exDiscReasonNoInfo', 'No further information.'],
  [1, 'exDiscReasonAPIInitiatedDisconnect', 'A program disconnected the session.'],
  [2, 'exDiscReasonAPIInitiatedLogoff', 'A program logged the session off.'],
  [
    3,
    'exDiscReasonServerIdleTimeout',
    "The server disconnected the session because it was idle longer than the server's limit.",
  ],
  [
    4,
    'exDiscReasonServerLogonTimeout',
    "The server disconnected the session because it ran longer than the server's time limit.",
  ],
  [5, 'exDiscReasonReplacedByOtherConnection', 'Another connection took over this session.'],
  [6, 'exDiscReasonOutOfMemory', 'The server ran out of memory.'],
  [7, 'exDiscReasonServerDeniedConnection', 'The server denied the connection.'],
  [8, 'exDiscReasonServerDeniedConnectionFips', 'The server denied the connection for security reasons (FIPS policy).'],
  [9, 'exDiscReasonServerInsufficientPrivileges', 'The account is not allowed to connect to this server.'],
  [10, 'exDiscReasonServerFreshCredsRequired', 'The server requires freshly typed credentials, not saved ones.'],
  [
    11,
    'exDiscReasonRpcInitiatedDisconnectByUser',
    'The session was disconnected by activity of the user (an administrative tool in the session).',
  ],
  [12, 'exDiscReasonLogoffByUser', 'The user logged off, which ended the session.'],
  [256, 'exDiscReasonLicenseInternal', 'An internal Remote Desktop licensing error occurred.'],
  [257, 'exDiscReasonLicenseNoLicenseServer', 'No Remote Desktop license server could be found.'],
  [258, 'exDiscReasonLicenseNoLicense', 'No Remote Desktop client access license was available.'],
  [259, 'exDiscReasonLicenseErrClientMsg', 'The server received a bad licensing message from the client.'],
  [
    260,
    'exDiscReasonLicenseHwidDoesntMatchLicense',
    "The client's stored license does not match this computer's hardware ID.",
  ],
  [261, 'exDiscReasonLicenseErrClientLicense', "The client's stored license is invalid."],
  [262, 'exDiscReasonLicenseCantFinishProtocol', 'Network problems interrupted licensing.'],
  [263, 'exDiscReasonLicenseClientEndedProtocol', 'The client ended licensing early.'],
  [264, 'exDiscReasonLicenseErrClientEncryption', 'A licensing message was encrypted wrongly.'],
  [265, 'exDiscReasonLicenseCantUpgradeLicense', "The client's access license could not be upgraded or renewed."],
  [266, 'exDiscReasonLicenseNoRemoteConnections', 'The remote computer is not licensed to accept remote connections.'],
  [
    267,
    'exDiscReasonLicenseCreatingLicStoreAccDenied',
    'Access was denied while creating the license store in the registry.',
  ],
  [768, 'exDiscReasonRdpEncInvalidCredentials', 'The credentials were not valid.', CREDENTIALS],
]);

// ---- MS-RDPBCGR 2.2.5.1.1 Set Error Info PDU errorInfo ----------------------------------------
const SECURITY_DATA_TOO_SHORT: Row[] = Array.from(
  { length: 22 },
  (_, i): Row => [
    0x1111 + i,
    `ERRINFO_SECURITYDATATOOSHORT${i + 2}`,
    // number 16 is the one that is about a length limit, not missing data
    0x1111 + i === 0x111f
      ? 'The client sent an auto-reconnect cookie longer than the 128 bytes allowed.'
      : 'The server received a security or logon packet from the client that was too short to read (a client bug or corrupted data).',
  ],
);

export const SET_ERROR_INFO_CODES = table([
  // protocol-independent codes
  [0x0, 'ERRINFO_NONE', 'No error.'],
  [
    0x1,
    'ERRINFO_RPC_INITIATED_DISCONNECT',
    'An administrator disconnected the session with a management tool from another session.',
  ],
  [
    0x2,
    'ERRINFO_RPC_INITIATED_LOGOFF',
    'An administrator forced a logoff with a management tool from another session.',
  ],
  [0x3, 'ERRINFO_IDLE_TIMEOUT', "The session was idle longer than the server's idle limit."],
  [0x4, 'ERRINFO_LOGON_TIMEOUT', "The session ran longer than the server's active session limit."],
  [0x5, 'ERRINFO_DISCONNECTED_BY_OTHERCONNECTION', 'Another connection took over the session.'],
  [0x6, 'ERRINFO_OUT_OF_MEMORY', 'The server ran out of memory.'],
  [0x7, 'ERRINFO_SERVER_DENIED_CONNECTION', 'The server denied the connection.'],
  [0x9, 'ERRINFO_SERVER_INSUFFICIENT_PRIVILEGES', 'The user does not have the right to connect to this server.'],
  [
    0xa,
    'ERRINFO_SERVER_FRESH_CREDENTIALS_REQUIRED',
    'The server does not accept saved credentials; the user must type them every time.',
  ],
  [
    0xb,
    'ERRINFO_RPC_INITIATED_DISCONNECT_BYUSER',
    'A management tool run inside the user\u2019s own session disconnected it.',
  ],
  [0xc, 'ERRINFO_LOGOFF_BY_USER', 'The user logged off.'],
  [
    0xf,
    'ERRINFO_CLOSE_STACK_ON_DRIVER_NOT_READY',
    "The server's display driver for the session did not become ready in time.",
  ],
  [0x10, 'ERRINFO_SERVER_DWM_CRASH', 'The Desktop Window Manager in the remote session crashed.'],
  [0x11, 'ERRINFO_CLOSE_STACK_ON_DRIVER_FAILURE', "The server's display driver for the session failed to start."],
  [
    0x12,
    'ERRINFO_CLOSE_STACK_ON_DRIVER_IFACE_FAILURE',
    "The server's display driver started but its interface failed.",
  ],
  [0x17, 'ERRINFO_SERVER_WINLOGON_CRASH', 'The logon process (Winlogon) on the server crashed.'],
  [0x18, 'ERRINFO_SERVER_CSRSS_CRASH', 'A core Windows process (CSRSS) in the session crashed on the server.'],
  [0x19, 'ERRINFO_SERVER_SHUTDOWN', 'The server is shutting down.'],
  [0x1a, 'ERRINFO_SERVER_REBOOT', 'The server is restarting.'],
  // protocol-independent licensing codes
  [0x100, 'ERRINFO_LICENSE_INTERNAL', 'The server\u2019s licensing component had an internal error.'],
  [0x101, 'ERRINFO_LICENSE_NO_LICENSE_SERVER', 'No Remote Desktop license server could be found to issue a license.'],
  [0x102, 'ERRINFO_LICENSE_NO_LICENSE', 'No client access licenses are available for this server.'],
  [0x103, 'ERRINFO_LICENSE_BAD_CLIENT_MSG', 'The server received a bad licensing message from the client.'],
  [0x104, 'ERRINFO_LICENSE_HWID_DOESNT_MATCH_LICENSE', 'The client\u2019s stored license has been modified.'],
  [0x105, 'ERRINFO_LICENSE_BAD_CLIENT_LICENSE', 'The client\u2019s stored license is in a bad format.'],
  [0x106, 'ERRINFO_LICENSE_CANT_FINISH_PROTOCOL', 'Network problems cut licensing short.'],
  [0x107, 'ERRINFO_LICENSE_CLIENT_ENDED_PROTOCOL', 'The client ended licensing early.'],
  [0x108, 'ERRINFO_LICENSE_BAD_CLIENT_ENCRYPTION', 'A licensing message was encrypted wrongly.'],
  [0x109, 'ERRINFO_LICENSE_CANT_UPGRADE_LICENSE', 'The client\u2019s stored license could not be upgraded or renewed.'],
  [0x10a, 'ERRINFO_LICENSE_NO_REMOTE_CONNECTIONS', 'The server is not licensed to accept remote connections.'],
  // protocol-independent connection broker codes
  [
    0x400,
    'ERRINFO_CB_DESTINATION_NOT_FOUND',
    'The connection broker could not find the target session host or virtual machine.',
  ],
  [0x402, 'ERRINFO_CB_LOADING_DESTINATION', 'The target virtual machine is still starting or stopping.'],
  [0x404, 'ERRINFO_CB_REDIRECTING_TO_DESTINATION', 'Redirecting the user to the target virtual machine failed.'],
  [0x405, 'ERRINFO_CB_SESSION_ONLINE_VM_WAKE', 'Waking the target virtual machine failed.'],
  [0x406, 'ERRINFO_CB_SESSION_ONLINE_VM_BOOT', 'Starting the target virtual machine failed.'],
  [0x407, 'ERRINFO_CB_SESSION_ONLINE_VM_NO_DNS', 'The target virtual machine has no IP address in DNS.'],
  [0x408, 'ERRINFO_CB_DESTINATION_POOL_NOT_FREE', 'No free virtual machine is left in the pool.'],
  [0x409, 'ERRINFO_CB_CONNECTION_CANCELLED', 'The connection was cancelled while the broker was preparing it.'],
  [
    0x410,
    'ERRINFO_CB_CONNECTION_ERROR_INVALID_SETTINGS',
    'The broker could not check the connection settings of the request.',
  ],
  [0x411, 'ERRINFO_CB_SESSION_ONLINE_VM_BOOT_TIMEOUT', 'The target virtual machine took too long to start.'],
  [
    0x412,
    'ERRINFO_CB_SESSION_ONLINE_VM_SESSMON_FAILED',
    'Session monitoring failed while the target virtual machine was starting.',
  ],
  // RDP specific codes
  [0x10c9, 'ERRINFO_UNKNOWNPDUTYPE2', 'The server received a data packet of an unknown type.'],
  [0x10ca, 'ERRINFO_UNKNOWNPDUTYPE', 'The server received a control packet of an unknown type.'],
  [0x10cb, 'ERRINFO_DATAPDUSEQUENCE', 'The server received a data packet out of order.'],
  [0x10cd, 'ERRINFO_CONTROLPDUSEQUENCE', 'The server received a control packet out of order.'],
  [0x10ce, 'ERRINFO_INVALIDCONTROLPDUACTION', 'The server received a Control packet with an invalid action.'],
  [0x10cf, 'ERRINFO_INVALIDINPUTPDUTYPE', 'The server received an input event of an invalid type.'],
  [0x10d0, 'ERRINFO_INVALIDINPUTPDUMOUSE', 'The server received a mouse event with invalid flags.'],
  [0x10d1, 'ERRINFO_INVALIDREFRESHRECTPDU', 'The server received an invalid screen refresh request.'],
  [
    0x10d2,
    'ERRINFO_CREATEUSERDATAFAILED',
    'The server failed to build its answer to the connection settings (GCC user data).',
  ],
  [0x10d3, 'ERRINFO_CONNECTFAILED', 'Setting up the virtual channels of the connection failed on the server.'],
  [0x10d4, 'ERRINFO_CONFIRMACTIVEWRONGSHAREID', 'The client confirmed the capabilities with a wrong share id.'],
  [0x10d5, 'ERRINFO_CONFIRMACTIVEWRONGORIGINATOR', 'The client confirmed the capabilities with a wrong originator id.'],
  [0x10da, 'ERRINFO_PERSISTENTKEYPDUBADLENGTH', 'The client sent a bitmap cache key list that was too short.'],
  [0x10db, 'ERRINFO_PERSISTENTKEYPDUILLEGALFIRST', 'The client sent a second "first" bitmap cache key list.'],
  [
    0x10dc,
    'ERRINFO_PERSISTENTKEYPDUTOOMANYTOTALKEYS',
    'The client announced more bitmap cache entries in total than allowed.',
  ],
  [
    0x10dd,
    'ERRINFO_PERSISTENTKEYPDUTOOMANYCACHEKEYS',
    'The client announced more keys for one bitmap cache than it may hold.',
  ],
  [0x10de, 'ERRINFO_INPUTPDUBADLENGTH', 'The server received an input packet that was too short.'],
  [
    0x10df,
    'ERRINFO_BITMAPCACHEERRORPDUBADLENGTH',
    'The server received a bitmap cache error packet that was too short.',
  ],
  [
    0x10e0,
    'ERRINFO_SECURITYDATATOOSHORT',
    'The server received a fast-path input packet whose security fields were too short.',
  ],
  [0x10e1, 'ERRINFO_VCHANNELDATATOOSHORT', 'The server received virtual channel data that was too short.'],
  [0x10e2, 'ERRINFO_SHAREDATATOOSHORT', 'The server received a packet whose headers or body were too short.'],
  [0x10e3, 'ERRINFO_BADSUPRESSOUTPUTPDU', 'The server received an invalid request to pause or resume screen updates.'],
  [0x10e5, 'ERRINFO_CONFIRMACTIVEPDUTOOSHORT', "The client's capability confirmation was too short."],
  [0x10e7, 'ERRINFO_CAPABILITYSETTOOSMALL', 'A capability set from the client was too short to read.'],
  [
    0x10e8,
    'ERRINFO_CAPABILITYSETTOOLARGE',
    'A capability set from the client claimed to be longer than the data sent.',
  ],
  [0x10e9, 'ERRINFO_NOCURSORCACHE', 'The client announced no room at all for mouse pointer shapes.'],
  [0x10ea, 'ERRINFO_BADCAPABILITIES', "The server did not accept the client's capabilities."],
  [0x10ec, 'ERRINFO_VIRTUALCHANNELDECOMPRESSIONERR', 'Decompressing virtual channel data failed.'],
  [0x10ed, 'ERRINFO_INVALIDVCCOMPRESSIONTYPE', 'Virtual channel data named an invalid compression type.'],
  [0x10ef, 'ERRINFO_INVALIDCHANNELID', 'Virtual channel data named a channel that does not exist.'],
  [0x10f0, 'ERRINFO_VCHANNELSTOOMANY', 'The client asked for more than the 31 static virtual channels allowed.'],
  [
    0x10f3,
    'ERRINFO_REMOTEAPPSNOTENABLED',
    'This server only hosts RemoteApp programs, and the client did not ask for RemoteApp.',
  ],
  [
    0x10f4,
    'ERRINFO_CACHECAPNOTSET',
    'The client sent bitmap cache keys without announcing the matching cache capability.',
  ],
  [
    0x10f5,
    'ERRINFO_BITMAPCACHEERRORPDUBADLENGTH2',
    'A bitmap cache error packet from the client was inconsistent with its length.',
  ],
  [0x10f6, 'ERRINFO_OFFSCRCACHEERRORPDUBADLENGTH', 'An offscreen cache error packet from the client was too short.'],
  [0x10f7, 'ERRINFO_DNGCACHEERRORPDUBADLENGTH', 'A DrawNineGrid cache error packet from the client was too short.'],
  [0x10f8, 'ERRINFO_GDIPLUSPDUBADLENGTH', 'A GDI+ error packet from the client was too short.'],
  ...SECURITY_DATA_TOO_SHORT,
  [0x1129, 'ERRINFO_BADMONITORDATA', 'The monitor layout sent by the client was not valid.'],
  [0x112a, 'ERRINFO_VCDECOMPRESSEDREASSEMBLEFAILED', 'Reassembling decompressed virtual channel data failed.'],
  [0x112b, 'ERRINFO_VCDATATOOLONG', 'A virtual channel message was longer than allowed.'],
  [0x112c, 'ERRINFO_BAD_FRAME_ACK_DATA', 'The client sent an invalid frame acknowledgement.'],
  [
    0x112d,
    'ERRINFO_GRAPHICSMODENOTSUPPORTED',
    'The graphics mode the client asked for is not supported by the server.',
  ],
  [0x112e, 'ERRINFO_GRAPHICSSUBSYSTEMRESETFAILED', "The server's graphics subsystem could not be reset."],
  [0x112f, 'ERRINFO_GRAPHICSSUBSYSTEMFAILED', "The server's graphics subsystem failed."],
  [0x1130, 'ERRINFO_TIMEZONEKEYNAMELENGTHTOOSHORT', "The client's time zone name was too short."],
  [0x1131, 'ERRINFO_TIMEZONEKEYNAMELENGTHTOOLONG', "The client's time zone name was too long."],
  [0x1132, 'ERRINFO_DYNAMICDSTDISABLEDFIELDMISSING', "The client's time zone data lacked the daylight-saving setting."],
  [0x1133, 'ERRINFO_VCDECODINGERROR', 'Decoding virtual channel data failed.'],
  [0x1134, 'ERRINFO_VIRTUALDESKTOPTOOLARGE', 'The desktop size the client asked for is larger than the server allows.'],
  [0x1135, 'ERRINFO_MONITORGEOMETRYVALIDATIONFAILED', 'The monitor layout sent by the client failed validation.'],
  [0x1136, 'ERRINFO_INVALIDMONITORCOUNT', 'The client asked for more monitors than the server allows.'],
  [0x1191, 'ERRINFO_UPDATESESSIONKEYFAILED', 'Updating the session encryption key failed (Standard RDP Security).'],
  [0x1192, 'ERRINFO_DECRYPTFAILED', 'The server could not decrypt data from the client (Standard RDP Security).'],
  [0x1193, 'ERRINFO_ENCRYPTFAILED', 'The server could not encrypt data for the client (Standard RDP Security).'],
  [0x1194, 'ERRINFO_ENCPKGMISMATCH', 'Client and server disagreed on the encryption package.'],
  [
    0x1195,
    'ERRINFO_DECRYPTFAILED2',
    'The server could not decrypt data from the client: it was unencrypted when it had to be encrypted.',
  ],
]);

export type CodeTableName = 'disconnectReason' | 'extendedDisconnectReason' | 'setErrorInfo';

export const CODE_TABLES: Record<CodeTableName, ReadonlyMap<number, CodeEntry>> = {
  disconnectReason: DISCONNECT_REASONS,
  extendedDisconnectReason: EXTENDED_DISCONNECT_REASONS,
  setErrorInfo: SET_ERROR_INFO_CODES,
};

/** "0x904" — how mstsc prints the codes (lowercase hex, no padding). */
export function codeHex(value: number): string {
  return `0x${value.toString(16)}`;
}
