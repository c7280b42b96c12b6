/**
 * The server data blocks of an MCS Connect-Response (MS-RDPBCGR 2.2.1.4): SC_CORE (the server's RDP version),
 * SC_SECURITY (encryption method and level, and for Standard RDP Security the server random and certificate,
 * 2.2.1.4.3), including the certificate's type and RSA key size (proprietary 2.2.1.4.3.1.1 or X.509 chain).
 */
import { X509Certificate } from 'node:crypto';
import { hex, type PduResult, pduFail, pduOk } from './pduResult';

// MS-RDPBCGR 2.2.1.4.1 server data block types
export const SC_CORE = 0x0c01;
export const SC_SECURITY = 0x0c02;
export const SC_NET = 0x0c03;

// 2.2.1.4.3 encryptionLevel
export const ENCRYPTION_LEVEL_NAMES = [
  'ENCRYPTION_LEVEL_NONE',
  'ENCRYPTION_LEVEL_LOW',
  'ENCRYPTION_LEVEL_CLIENT_COMPATIBLE',
  'ENCRYPTION_LEVEL_HIGH',
  'ENCRYPTION_LEVEL_FIPS',
];
// 2.2.1.4.3 encryptionMethod (the same bits as CS_SECURITY's flags, named as there)
export const ENCRYPTION_METHOD_NAMES: ReadonlyArray<[number, string]> = [
  [0x01, '40BIT_ENCRYPTION_FLAG'],
  [0x02, '128BIT_ENCRYPTION_FLAG'],
  [0x08, '56BIT_ENCRYPTION_FLAG'],
  [0x10, 'FIPS_ENCRYPTION_FLAG'],
];
// 2.2.1.4.3.1 dwVersion
const CERT_CHAIN_VERSION_1 = 1;
const CERT_CHAIN_VERSION_2 = 2;
/** "RSA1", the magic of RSA_PUBLIC_KEY (2.2.1.4.3.1.1.1) */
const RSA1_MAGIC = 0x31415352;
const BB_RSA_KEY_BLOB = 0x0006;

/** 2.2.1.4.2 SC_CORE version → the RDP version it stands for */
const RDP_VERSIONS: Record<number, string> = {
  524289: 'RDP 4.0',
  524292: 'RDP 5.0–8.1',
  524293: 'RDP 10.0',
  524294: 'RDP 10.1',
  524295: 'RDP 10.2',
  524296: 'RDP 10.3',
  524297: 'RDP 10.4',
  524298: 'RDP 10.5',
  524299: 'RDP 10.6',
  524300: 'RDP 10.7',
  524301: 'RDP 10.8',
  524302: 'RDP 10.9',
  524303: 'RDP 10.10',
  524304: 'RDP 10.11',
  524305: 'RDP 10.12',
};

export interface ServerSecurityData {
  encryptionMethod: number;
  encryptionLevel: number;
  encryptionLevelName: string;
  encryptionMethods: string[];
  serverCertType: 'proprietary' | 'x509' | 'none';
  rsaKeyBits: number | null;
  serverRandomLength: number;
}

export interface ServerData {
  version: number | null;
  rdpVersion: string | null;
  clientRequestedProtocols: number | null;
  security: ServerSecurityData | null;
}

export function encryptionMethodNames(method: number): string[] {
  if (method === 0) return ['ENCRYPTION_METHOD_NONE'];
  const names = ENCRYPTION_METHOD_NAMES.filter(([bit]) => method & bit).map(([, n]) => n);
  const known = ENCRYPTION_METHOD_NAMES.reduce((a, [b]) => a | b, 0);
  if (method & ~known) names.push(`UNKNOWN_${hex(method & ~known, 8)}`);
  return names;
}

export function decodeServerData(buf: Uint8Array): PduResult<ServerData> {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: ServerData = { version: null, rdpVersion: null, clientRequestedProtocols: null, security: null };
  let p = 0;
  while (p < buf.length) {
    if (p + 4 > buf.length) return pduFail('SERVERDATA_TRUNCATED', 'a data block header is cut short', p);
    const type = view.getUint16(p, true);
    const length = view.getUint16(p + 2, true);
    if (length < 4 || p + length > buf.length) {
      return pduFail('SERVERDATA_BAD_LENGTH', `data block ${hex(type, 4)} claims ${length} bytes`, p + 2);
    }
    const body = buf.subarray(p + 4, p + length);
    const bodyView = new DataView(body.buffer, body.byteOffset, body.byteLength);
    if (type === SC_CORE) {
      if (body.length < 4) return pduFail('SERVERDATA_TRUNCATED', 'SC_CORE is shorter than its version', p + 4);
      out.version = bodyView.getUint32(0, true);
      out.rdpVersion = RDP_VERSIONS[out.version] ?? `unknown (${hex(out.version, 8)})`;
      if (body.length >= 8) out.clientRequestedProtocols = bodyView.getUint32(4, true);
    } else if (type === SC_SECURITY) {
      const sec = decodeServerSecurity(body);
      if (!sec.ok) return pduFail(sec.error.code, sec.error.message, p + 4 + sec.error.offset);
      out.security = sec.value;
    }
    p += length;
  }
  return pduOk(out);
}

function decodeServerSecurity(body: Uint8Array): PduResult<ServerSecurityData> {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  if (body.length < 8) return pduFail('SC_SECURITY_TRUNCATED', 'SC_SECURITY is shorter than 8 bytes', 0);
  const encryptionMethod = view.getUint32(0, true);
  const encryptionLevel = view.getUint32(4, true);
  const base = {
    encryptionMethod,
    encryptionLevel,
    encryptionLevelName: ENCRYPTION_LEVEL_NAMES[encryptionLevel] ?? `UNKNOWN_LEVEL_${encryptionLevel}`,
    encryptionMethods: encryptionMethodNames(encryptionMethod),
  };
  // with TLS/CredSSP, or with no encryption, the block ends here (2.2.1.4.3)
  if (body.length < 16) return pduOk({ ...base, serverCertType: 'none', rsaKeyBits: null, serverRandomLength: 0 });
  const randomLen = view.getUint32(8, true);
  const certLen = view.getUint32(12, true);
  if (16 + randomLen + certLen > body.length) {
    return pduFail(
      'SC_SECURITY_BAD_LENGTH',
      `server random (${randomLen}) and certificate (${certLen}) overrun the block`,
      8,
    );
  }
  const cert = body.subarray(16 + randomLen, 16 + randomLen + certLen);
  const parsed = decodeServerCertificate(cert);
  if (!parsed.ok) return pduFail(parsed.error.code, parsed.error.message, 16 + randomLen + parsed.error.offset);
  return pduOk({ ...base, ...parsed.value, serverRandomLength: randomLen });
}

/** 2.2.1.4.3.1 SERVER_CERTIFICATE: its type and the RSA key size. */
export function decodeServerCertificate(
  cert: Uint8Array,
): PduResult<{ serverCertType: ServerSecurityData['serverCertType']; rsaKeyBits: number | null }> {
  if (cert.length === 0) return pduOk({ serverCertType: 'none', rsaKeyBits: null });
  if (cert.length < 4) return pduFail('CERT_TRUNCATED', 'the server certificate is shorter than its version', 0);
  const view = new DataView(cert.buffer, cert.byteOffset, cert.byteLength);
  const version = view.getUint32(0, true) & 0x7fffffff;
  if (version === CERT_CHAIN_VERSION_1) {
    // dwVersion, dwSigAlgId, dwKeyAlgId, wPublicKeyBlobType, wPublicKeyBlobLen, PublicKeyBlob
    if (cert.length < 16) return pduFail('CERT_TRUNCATED', 'the proprietary certificate is cut short', 4);
    const blobType = view.getUint16(12, true);
    const blobLen = view.getUint16(14, true);
    if (blobType !== BB_RSA_KEY_BLOB) return pduFail('CERT_BAD_BLOB', `public key blob type ${hex(blobType, 4)}`, 12);
    if (16 + blobLen > cert.length || blobLen < 20)
      return pduFail('CERT_TRUNCATED', 'the RSA public key is cut short', 14);
    if (view.getUint32(16, true) !== RSA1_MAGIC)
      return pduFail('CERT_BAD_MAGIC', 'the RSA public key lacks its RSA1 magic', 16);
    const bitlen = view.getUint32(24, true);
    return pduOk({ serverCertType: 'proprietary', rsaKeyBits: bitlen });
  }
  if (version === CERT_CHAIN_VERSION_2) {
    // dwVersion, NumCertBlobs, then (cbCert, abCert)*; the last is the server's own certificate
    if (cert.length < 8) return pduFail('CERT_TRUNCATED', 'the X.509 chain is cut short', 4);
    const count = view.getUint32(4, true);
    if (count === 0 || count > 16) return pduFail('CERT_BAD_CHAIN', `an X.509 chain of ${count} certificates`, 4);
    let p = 8;
    let last: Uint8Array | null = null;
    for (let i = 0; i < count; i++) {
      if (p + 4 > cert.length) return pduFail('CERT_TRUNCATED', 'the X.509 chain is cut short', p);
      const len = view.getUint32(p, true);
      if (p + 4 + len > cert.length)
        return pduFail('CERT_TRUNCATED', `certificate ${i + 1} of the chain is cut short`, p);
      last = cert.subarray(p + 4, p + 4 + len);
      p += 4 + len;
    }
    let bits: number | null = null;
    try {
      bits = new X509Certificate(last!).publicKey.asymmetricKeyDetails?.modulusLength ?? null;
    } catch {
      bits = null;
    }
    return pduOk({ serverCertType: 'x509', rsaKeyBits: bits });
  }
  return pduFail('CERT_BAD_VERSION', `unknown server certificate version ${version}`, 0);
}
