/**
 * "Which clients will connect" (issue 21 part 2): one table of client profiles — the TLS versions each offers,
 * its cipher suites by IANA name, and the key/signature limits it enforces — plus the shapes the probe and the
 * diagnosis exchange. The probe makes only the handshakes whose answer the version probes did not already give
 * (electron/probe/cipherEnum.ts); electron/diagnosis/clientProfiles.ts turns the facts into one verdict a row.
 *
 * Sources (read, not copied; the lists below are the suites that matter against an RSA or ECDSA server key):
 * - Microsoft, "TLS Cipher Suites in Windows 7", section "Windows 7" (after update 3042058):
 *   https://learn.microsoft.com/windows/win32/secauthn/tls-cipher-suites-in-windows-7
 * - Microsoft, "TLS Cipher Suites in Windows 8.1" (KB2919355 adds the ECDHE_RSA GCM suites):
 *   https://learn.microsoft.com/windows/win32/secauthn/tls-cipher-suites-in-windows-8-1
 * - Microsoft, "TLS Cipher Suites in Windows 10 v22H2" (same list for Server 2016/2019):
 *   https://learn.microsoft.com/windows/win32/secauthn/tls-cipher-suites-in-windows-10-v22h2
 * - Microsoft, "TLS Cipher Suites in Windows 11" / "Windows Server 2022": TLS 1.3 with TLS_AES_256_GCM_SHA384 and
 *   TLS_AES_128_GCM_SHA256: https://learn.microsoft.com/windows/win32/secauthn/tls-cipher-suites-in-windows-11
 *   and "Protocols in TLS/SSL (Schannel SSP)", table "TLS protocol version support":
 *   https://learn.microsoft.com/windows/win32/secauthn/protocols-in-tls-ssl--schannel-ssp-
 * - KB3080079 "Update to add RDS support for TLS 1.1 and TLS 1.2 in Windows 7 SP1 and Server 2008 R2 SP1": without
 *   it mstsc on Windows 7 speaks TLS 1.0 only.
 * - OpenSSL 3.0, SSL_CTX_set_security_level(3), section "DEFAULT CALLBACK BEHAVIOUR": level 1 = 80 bits (RSA keys
 *   under 1024 bits refused; SHA-1/MD5 signatures and TLS 1.0/1.1 refused in OpenSSL 3), level 2 = 112 bits (RSA
 *   under 2048 refused): https://docs.openssl.org/3.0/man3/SSL_CTX_set_security_level/ — Debian 12 builds
 *   OpenSSL with level 2 as its default; FreeRDP 2 sets level 1 itself unless /tls-seclevel says otherwise. The
 *   version limit refuses the handshake; the key and signature limits act in certificate verification only.
 * - Apple, "Requirements for trusted certificates in iOS 13 and macOS 10.15" (RSA ≥ 2048, SHA-2 signatures):
 *   https://support.apple.com/en-us/103769 — how the Windows App treats a self-signed certificate beyond that is
 *   not documented, so its legacy-TLS answer is "unknown", never a guess.
 */
import type { TlsVersionName } from './probe';

export const CLIENT_PROFILE_IDS = [
  'win7',
  'win81',
  'win10',
  'win11',
  'macos',
  'freerdp-level1',
  'freerdp-level2',
] as const;
export type ClientProfileId = (typeof CLIENT_PROFILE_IDS)[number];

/** IANA name → OpenSSL name, for the suites the profiles use (what an OpenSSL client must be told to offer). */
export const SUITE_OPENSSL_NAME: Record<string, string> = {
  TLS_AES_256_GCM_SHA384: 'TLS_AES_256_GCM_SHA384',
  TLS_AES_128_GCM_SHA256: 'TLS_AES_128_GCM_SHA256',
  TLS_CHACHA20_POLY1305_SHA256: 'TLS_CHACHA20_POLY1305_SHA256',
  TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: 'ECDHE-ECDSA-AES256-GCM-SHA384',
  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: 'ECDHE-ECDSA-AES128-GCM-SHA256',
  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: 'ECDHE-RSA-AES256-GCM-SHA384',
  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: 'ECDHE-RSA-AES128-GCM-SHA256',
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-ECDSA-CHACHA20-POLY1305',
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-RSA-CHACHA20-POLY1305',
  TLS_DHE_RSA_WITH_AES_256_GCM_SHA384: 'DHE-RSA-AES256-GCM-SHA384',
  TLS_DHE_RSA_WITH_AES_128_GCM_SHA256: 'DHE-RSA-AES128-GCM-SHA256',
  TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384: 'ECDHE-ECDSA-AES256-SHA384',
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256: 'ECDHE-ECDSA-AES128-SHA256',
  TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384: 'ECDHE-RSA-AES256-SHA384',
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256: 'ECDHE-RSA-AES128-SHA256',
  TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA: 'ECDHE-ECDSA-AES256-SHA',
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA: 'ECDHE-ECDSA-AES128-SHA',
  TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA: 'ECDHE-RSA-AES256-SHA',
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA: 'ECDHE-RSA-AES128-SHA',
  TLS_DHE_RSA_WITH_AES_256_CBC_SHA256: 'DHE-RSA-AES256-SHA256',
  TLS_DHE_RSA_WITH_AES_128_CBC_SHA256: 'DHE-RSA-AES128-SHA256',
  TLS_DHE_RSA_WITH_AES_256_CBC_SHA: 'DHE-RSA-AES256-SHA',
  TLS_DHE_RSA_WITH_AES_128_CBC_SHA: 'DHE-RSA-AES128-SHA',
  TLS_RSA_WITH_AES_256_GCM_SHA384: 'AES256-GCM-SHA384',
  TLS_RSA_WITH_AES_128_GCM_SHA256: 'AES128-GCM-SHA256',
  TLS_RSA_WITH_AES_256_CBC_SHA256: 'AES256-SHA256',
  TLS_RSA_WITH_AES_128_CBC_SHA256: 'AES128-SHA256',
  TLS_RSA_WITH_AES_256_CBC_SHA: 'AES256-SHA',
  TLS_RSA_WITH_AES_128_CBC_SHA: 'AES128-SHA',
  TLS_RSA_WITH_3DES_EDE_CBC_SHA: 'DES-CBC3-SHA',
};

// ---- suite lists, by the TLS versions they exist for ------------------------------------------------------
/** CBC-SHA suites usable at TLS 1.0/1.1 (and 1.2) by every Windows since 7 (after 3042058). */
const WIN_LEGACY = [
  'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
  'TLS_RSA_WITH_AES_256_CBC_SHA',
  'TLS_RSA_WITH_AES_128_CBC_SHA',
  'TLS_RSA_WITH_3DES_EDE_CBC_SHA',
];
/** TLS 1.2 on Windows 7: no ECDHE_RSA with GCM (that came with 8.1's KB2919355). */
const WIN7_TLS12 = [
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256',
  'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_RSA_WITH_AES_256_CBC_SHA256',
  'TLS_RSA_WITH_AES_128_CBC_SHA256',
  ...WIN_LEGACY,
];
const WIN81_TLS12 = ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', ...WIN7_TLS12];
/** Windows 10 v22H2 and later dropped the DHE suites from the default list. */
const WIN10_TLS12 = WIN81_TLS12.filter((s) => !s.startsWith('TLS_DHE_'));
const WIN_TLS13 = ['TLS_AES_256_GCM_SHA384', 'TLS_AES_128_GCM_SHA256'];

/** OpenSSL 3's DEFAULT list at TLS 1.2 (the parts an RSA or ECDSA server can pick). */
const OPENSSL_TLS12 = [
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384',
  'TLS_DHE_RSA_WITH_AES_256_CBC_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256',
  'TLS_DHE_RSA_WITH_AES_128_CBC_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
  'TLS_DHE_RSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
  'TLS_DHE_RSA_WITH_AES_128_CBC_SHA',
  'TLS_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_RSA_WITH_AES_256_CBC_SHA256',
  'TLS_RSA_WITH_AES_128_CBC_SHA256',
  'TLS_RSA_WITH_AES_256_CBC_SHA',
  'TLS_RSA_WITH_AES_128_CBC_SHA',
];
const OPENSSL_TLS13 = ['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256'];
/** The Windows App (macOS): forward-secret AEAD/CBC suites at TLS 1.2, as Apple's networking stacks offer them. */
const MAC_TLS12 = OPENSSL_TLS12.filter((s) => s.startsWith('TLS_ECDHE_'));

export interface ClientProfile {
  id: ClientProfileId;
  label: string;
  /** per TLS version this client offers (by default), the suites it offers at that version */
  suites: Partial<Record<TlsVersionName, string[]>>;
  /** versions the client may offer, but no source says so: a match only there gives "unknown" */
  uncertain?: Partial<Record<TlsVersionName, string[]>>;
  /** why those versions are uncertain, as the verdict's reason */
  uncertainWhy?: string;
  /** versions only an update turns on (Windows 7's KB3080079): a match only there gives "no, needs the update" */
  withUpdate?: { name: string; suites: Partial<Record<TlsVersionName, string[]>> };
  /**
   * The client's certificate check fails for a server RSA key shorter than this. Measured with xfreerdp 2 on
   * OpenSSL 3.0 (tests/integration/client-profiles-xrdp.test.ts): the security level does not stop the handshake,
   * it makes the certificate check fail, which the client shows as an untrusted certificate the user may accept —
   * so a weak key is a warning on a "yes", never a "no".
   */
  minRsaBits: number;
  /** the certificate check fails for a SHA-1/MD5 signature: 'ca-signed' = only when a CA signed it (OpenSSL does
   * not check a self-signed certificate's own signature), null = no such check */
  flagsSha1: 'ca-signed' | null;
}

export const CLIENT_PROFILES: readonly ClientProfile[] = [
  {
    id: 'win7',
    label: 'mstsc on Windows 7 SP1',
    suites: { TLSv1: WIN_LEGACY },
    withUpdate: { name: 'KB3080079', suites: { 'TLSv1.1': WIN_LEGACY, 'TLSv1.2': WIN7_TLS12 } },
    minRsaBits: 1024,
    flagsSha1: null,
  },
  {
    id: 'win81',
    label: 'mstsc on Windows 8.1 / Server 2012 R2',
    suites: { TLSv1: WIN_LEGACY, 'TLSv1.1': WIN_LEGACY, 'TLSv1.2': WIN81_TLS12 },
    minRsaBits: 1024,
    flagsSha1: null,
  },
  {
    id: 'win10',
    label: 'mstsc on Windows 10 / Server 2016–2019',
    suites: { TLSv1: WIN_LEGACY, 'TLSv1.1': WIN_LEGACY, 'TLSv1.2': WIN10_TLS12 },
    minRsaBits: 1024,
    flagsSha1: null,
  },
  {
    id: 'win11',
    label: 'mstsc on Windows 11 / Server 2022–2025',
    suites: { 'TLSv1.2': WIN10_TLS12, 'TLSv1.3': WIN_TLS13 },
    // Microsoft, "TLS 1.0 and TLS 1.1 soon to be disabled in Windows" (Windows IT Pro blog, 2023): off by default
    // from the Windows 11 Insider builds of September 2023 on, so whether a given 11 / 2025 machine offers them
    // depends on its build and policy.
    uncertain: { TLSv1: WIN_LEGACY, 'TLSv1.1': WIN_LEGACY },
    uncertainWhy:
      'newer Windows 11 and Server 2025 builds turn TLS 1.0/1.1 off by default, older ones still offer them',
    minRsaBits: 1024,
    flagsSha1: null,
  },
  {
    id: 'macos',
    label: 'Windows App / Microsoft Remote Desktop (macOS)',
    suites: { 'TLSv1.2': MAC_TLS12, 'TLSv1.3': OPENSSL_TLS13 },
    uncertain: { TLSv1: WIN_LEGACY, 'TLSv1.1': WIN_LEGACY },
    uncertainWhy: 'whether this client still offers them is not documented',
    minRsaBits: 2048,
    flagsSha1: 'ca-signed',
  },
  {
    id: 'freerdp-level1',
    label: 'FreeRDP / Remmina, OpenSSL 3 security level 1 (FreeRDP 2 default)',
    suites: { 'TLSv1.2': OPENSSL_TLS12, 'TLSv1.3': OPENSSL_TLS13 },
    minRsaBits: 1024,
    flagsSha1: 'ca-signed',
  },
  {
    id: 'freerdp-level2',
    label: 'FreeRDP / Remmina, OpenSSL 3 security level 2 (Debian 12 default)',
    suites: { 'TLSv1.2': OPENSSL_TLS12, 'TLSv1.3': OPENSSL_TLS13 },
    minRsaBits: 2048,
    flagsSha1: 'ca-signed',
  },
];

/** Every (version, suite list) a profile may use, with how the profile relies on it. */
export interface ProfileOffer {
  version: TlsVersionName;
  suites: string[];
  kind: 'default' | 'uncertain' | 'update';
}
export function profileOffers(p: ClientProfile): ProfileOffer[] {
  const out: ProfileOffer[] = [];
  const add = (m: Partial<Record<TlsVersionName, string[]>> | undefined, kind: ProfileOffer['kind']) => {
    for (const [version, suites] of Object.entries(m ?? {}) as [TlsVersionName, string[]][])
      out.push({ version, suites, kind });
  };
  add(p.suites, 'default');
  add(p.uncertain, 'uncertain');
  add(p.withUpdate?.suites, 'update');
  return out;
}

/**
 * What the version probes (a client offering every suite) already say about one offer: the server refused the
 * version, or it chose a suite this profile offers too (then the profile's own handshake succeeds: the server picks
 * from a non-empty overlap), or only a handshake with exactly the profile's suites can tell.
 */
export function answerFromVersionProbe(
  versions: ReadonlyArray<{ version: TlsVersionName; ok: boolean; cipher?: string; failure?: { kind: string } }>,
  offer: Pick<ProfileOffer, 'version' | 'suites'>,
): 'refused' | 'accepted' | 'check' | 'unknown' {
  const r = versions.find((v) => v.version === offer.version);
  if (!r) return 'unknown';
  // a timeout or our own refusal says nothing about the server
  if (!r.ok) return ['timeout', 'error', 'client_refused'].includes(r.failure?.kind ?? 'error') ? 'unknown' : 'refused';
  if (r.cipher && offer.suites.includes(r.cipher)) return 'accepted';
  return 'check';
}

/** The key a handshake is remembered by: one per version and suite list, shared by profiles that offer the same. */
export const offerKey = (o: Pick<ProfileOffer, 'version' | 'suites'>) => `${o.version}|${o.suites.join(',')}`;
