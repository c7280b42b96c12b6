/** MS-NLMP constants, by their spec names. */

/** 2.2.1 "NTLMSSP\0" */
export const NTLMSSP_SIGNATURE = Uint8Array.of(0x4e, 0x54, 0x4c, 0x4d, 0x53, 0x53, 0x50, 0x00);
export const NtLmNegotiate = 1;
export const NtLmChallenge = 2;
export const NtLmAuthenticate = 3;

// 2.2.2.5 NEGOTIATE flags
export const NTLMSSP_NEGOTIATE_UNICODE = 0x00000001;
export const NTLM_NEGOTIATE_OEM = 0x00000002;
export const NTLMSSP_REQUEST_TARGET = 0x00000004;
export const NTLMSSP_NEGOTIATE_SIGN = 0x00000010;
export const NTLMSSP_NEGOTIATE_SEAL = 0x00000020;
export const NTLMSSP_NEGOTIATE_NTLM = 0x00000200;
export const NTLMSSP_NEGOTIATE_ALWAYS_SIGN = 0x00008000;
export const NTLMSSP_TARGET_TYPE_DOMAIN = 0x00010000;
export const NTLMSSP_TARGET_TYPE_SERVER = 0x00020000;
export const NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY = 0x00080000;
export const NTLMSSP_NEGOTIATE_TARGET_INFO = 0x00800000;
export const NTLMSSP_NEGOTIATE_VERSION = 0x02000000;
export const NTLMSSP_NEGOTIATE_128 = 0x20000000;
export const NTLMSSP_NEGOTIATE_KEY_EXCH = 0x40000000;
export const NTLMSSP_NEGOTIATE_56 = 0x80000000;

/** What we ask for: NTLMv2 with extended session security, 128-bit key exchange, signing and sealing. */
export const CLIENT_NEGOTIATE_FLAGS =
  (NTLMSSP_NEGOTIATE_56 |
    NTLMSSP_NEGOTIATE_KEY_EXCH |
    NTLMSSP_NEGOTIATE_128 |
    NTLMSSP_NEGOTIATE_VERSION |
    NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY |
    NTLMSSP_NEGOTIATE_ALWAYS_SIGN |
    NTLMSSP_NEGOTIATE_NTLM |
    NTLMSSP_NEGOTIATE_SEAL |
    NTLMSSP_NEGOTIATE_SIGN |
    NTLMSSP_REQUEST_TARGET |
    NTLMSSP_NEGOTIATE_UNICODE) >>>
  0;

// 2.2.2.1 AV_PAIR AvId
export const MsvAvEOL = 0x0000;
export const MsvAvNbComputerName = 0x0001;
export const MsvAvNbDomainName = 0x0002;
export const MsvAvDnsComputerName = 0x0003;
export const MsvAvDnsDomainName = 0x0004;
export const MsvAvDnsTreeName = 0x0005;
export const MsvAvFlags = 0x0006;
export const MsvAvTimestamp = 0x0007;
export const MsvAvSingleHost = 0x0008;
export const MsvAvTargetName = 0x0009;
export const MsvAvChannelBindings = 0x000a;

/** MsvAvFlags bit: the AUTHENTICATE message carries a MIC (2.2.2.1). */
export const MSV_AV_FLAG_MIC_PROVIDED = 0x00000002;

/** 2.2.2.10 VERSION with NTLMSSP_REVISION_W2K3 (0x0F); we present ourselves as 10.0 build 0. */
export const CLIENT_VERSION = Uint8Array.of(10, 0, 0, 0, 0, 0, 0, 0x0f);
