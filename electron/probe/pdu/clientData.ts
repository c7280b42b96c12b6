/**
 * The client data blocks of a probe's MCS Connect-Initial (MS-RDPBCGR 2.2.1.3.2–2.2.1.3.4): CS_CORE, CS_SECURITY
 * offering every Standard RDP encryption method, and CS_NET with no channels. Enough for a server to answer with
 * its security data; the probe disconnects right after.
 */

// MS-RDPBCGR 2.2.1.3.1 TS_UD_HEADER types
export const CS_CORE = 0xc001;
export const CS_SECURITY = 0xc002;
export const CS_NET = 0xc003;
// 2.2.1.3.2 TS_UD_CS_CORE
const RDP_VERSION_5_PLUS = 0x00080004;
const RNS_UD_COLOR_8BPP = 0xca01;
const RNS_UD_SAS_DEL = 0xaa03;
const RNS_UD_24BPP_SUPPORT = 0x0001;
const RNS_UD_16BPP_SUPPORT = 0x0002;
const RNS_UD_15BPP_SUPPORT = 0x0004;
const RNS_UD_CS_SUPPORT_ERRINFO_PDU = 0x0001;
const IBM_101_102_KEYS = 4;
// 2.2.1.3.3 TS_UD_CS_SEC encryptionMethods
export const ENCRYPTION_FLAG_40BIT = 0x01;
export const ENCRYPTION_FLAG_128BIT = 0x02;
export const ENCRYPTION_FLAG_56BIT = 0x08;
export const ENCRYPTION_FLAG_FIPS = 0x10;

class Writer {
  private readonly bytes: number[] = [];
  u8(v: number) {
    this.bytes.push(v & 0xff);
    return this;
  }
  u16(v: number) {
    return this.u8(v).u8(v >> 8);
  }
  u32(v: number) {
    return this.u16(v & 0xffff).u16(v >>> 16);
  }
  utf16Fixed(text: string, size: number) {
    const units = [...text.slice(0, size / 2 - 1)].map((c) => c.charCodeAt(0));
    for (let i = 0; i < size / 2; i++) this.u16(units[i] ?? 0);
    return this;
  }
  zeros(n: number) {
    for (let i = 0; i < n; i++) this.u8(0);
    return this;
  }
  done(): number[] {
    return this.bytes;
  }
}

function block(type: number, body: number[]): number[] {
  return new Writer()
    .u16(type)
    .u16(body.length + 4)
    .done()
    .concat(body);
}

export function encodeClientData(opts: { clientName: string; selectedProtocol: number }): Uint8Array {
  const core = new Writer()
    .u32(RDP_VERSION_5_PLUS)
    .u16(1024) // desktopWidth
    .u16(768) // desktopHeight
    .u16(RNS_UD_COLOR_8BPP)
    .u16(RNS_UD_SAS_DEL)
    .u32(0x0409) // keyboardLayout: en-US
    .u32(2600) // clientBuild
    .utf16Fixed(opts.clientName, 32)
    .u32(IBM_101_102_KEYS)
    .u32(0) // keyboardSubType
    .u32(12) // keyboardFunctionKey
    .zeros(64) // imeFileName
    .u16(RNS_UD_COLOR_8BPP) // postBeta2ColorDepth
    .u16(1) // clientProductId
    .u32(0) // serialNumber
    .u16(24) // highColorDepth
    .u16(RNS_UD_24BPP_SUPPORT | RNS_UD_16BPP_SUPPORT | RNS_UD_15BPP_SUPPORT)
    .u16(RNS_UD_CS_SUPPORT_ERRINFO_PDU) // earlyCapabilityFlags
    .zeros(64) // clientDigProductId
    .u8(0) // connectionType
    .u8(0) // pad1octet
    .u32(opts.selectedProtocol) // serverSelectedProtocol: must echo the negotiation
    .done();
  const security = new Writer()
    .u32(ENCRYPTION_FLAG_40BIT | ENCRYPTION_FLAG_128BIT | ENCRYPTION_FLAG_56BIT | ENCRYPTION_FLAG_FIPS)
    .u32(0) // extEncryptionMethods (French locale only)
    .done();
  const net = new Writer().u32(0).done(); // channelCount
  return Uint8Array.from([...block(CS_CORE, core), ...block(CS_SECURITY, security), ...block(CS_NET, net)]);
}
