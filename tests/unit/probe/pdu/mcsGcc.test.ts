import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { encodeClientData } from '../../../../electron/probe/pdu/clientData';
import {
  decodeGccConferenceCreateResponse,
  encodeGccConferenceCreateRequest,
} from '../../../../electron/probe/pdu/gcc';
import { berLength, decodeMcsConnectResponse, encodeMcsConnectInitial } from '../../../../electron/probe/pdu/mcs';
import { decodeServerCertificate, decodeServerData } from '../../../../electron/probe/pdu/serverData';
import { neverThrows } from './pduProperty';

// ---- a server's side, written here from the structure definitions, to feed the decoders ----
const u16 = (v: number) => [v & 0xff, v >> 8];
const u32 = (v: number) => [...u16(v & 0xffff), ...u16(v >>> 16)];
const perLen = (n: number) => (n < 0x80 ? [n] : [0x80 | (n >> 8), n & 0xff]);
const block = (type: number, body: number[]) => [...u16(type), ...u16(body.length + 4), ...body];

function proprietaryCert(bits: number): number[] {
  const modulus = new Array(bits / 8 + 8).fill(0xab);
  const pubKey = [
    ...u32(0x31415352),
    ...u32(modulus.length),
    ...u32(bits),
    ...u32(bits / 8 - 1),
    ...u32(65537),
    ...modulus,
  ];
  const sig = new Array(72).fill(0x11);
  return [
    ...u32(1),
    ...u32(1),
    ...u32(1),
    ...u16(6),
    ...u16(pubKey.length),
    ...pubKey,
    ...u16(8),
    ...u16(sig.length),
    ...sig,
  ];
}

function x509Chain(ders: Uint8Array[]): number[] {
  return [...u32(0x80000002), ...u32(ders.length), ...ders.flatMap((d) => [...u32(d.length), ...d])];
}

function scSecurity(method: number, level: number, cert: number[] | null): number[] {
  if (!cert) return block(0x0c02, [...u32(method), ...u32(level)]);
  const random = new Array(32).fill(7);
  return block(0x0c02, [...u32(method), ...u32(level), ...u32(random.length), ...u32(cert.length), ...random, ...cert]);
}

function gccResponse(serverData: number[]): number[] {
  const body = [
    0x14,
    0x76,
    0x0a,
    0x01,
    0x01,
    0x00,
    0x01,
    0xc0,
    0x00,
    ...[0x4d, 0x63, 0x44, 0x6e],
    ...perLen(serverData.length),
  ];
  const connectPdu = [...body, ...serverData];
  return [0x00, 0x05, 0x00, 0x14, 0x7c, 0x00, 0x01, ...perLen(connectPdu.length), ...connectPdu];
}

function mcsResponse(result: number, userData: number[]): Uint8Array {
  const params = [
    0x30,
    0x1a,
    ...[34, 3, 0, 1, 0, 1, 0xfff8, 2].flatMap((v) => (v > 255 ? [2, 3, 0, v >> 8, v & 0xff] : [2, 1, v])),
  ];
  params[1] = params.length - 2;
  const body = [0x0a, 1, result, 0x02, 1, 0, ...params, 0x04, ...berLength(userData.length), ...userData];
  return Uint8Array.from([0x7f, 0x66, ...berLength(body.length), ...body]);
}

function selfSignedDer(bits: number): Uint8Array {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: bits,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date();
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  cert.setSubject([{ name: 'commonName', value: 'ts' }]);
  cert.setIssuer([{ name: 'commonName', value: 'ts' }]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  return Uint8Array.from(Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary'));
}

describe('MCS Connect-Initial with GCC Conference Create Request', () => {
  it('nests BER and PER lengths that add up, and echoes the selected protocol in CS_CORE', () => {
    const client = encodeClientData({ clientName: 'rdp-doctor', selectedProtocol: 0 });
    expect(client.length).toBe(216 + 12 + 8);
    const gcc = encodeGccConferenceCreateRequest(client);
    const connectPduLen = ((gcc[7]! & 0x7f) << 8) | gcc[8]!;
    expect(connectPduLen).toBe(gcc.length - 9);
    const mcs = encodeMcsConnectInitial(gcc);
    expect([mcs[0], mcs[1], mcs[2]]).toEqual([0x7f, 0x65, 0x82]);
    expect((mcs[3]! << 8) | mcs[4]!).toBe(mcs.length - 5);
    expect(Buffer.from(mcs.subarray(-client.length)).equals(Buffer.from(client))).toBe(true);
    // CS_CORE ends with serverSelectedProtocol
    expect([...client.subarray(212, 216)]).toEqual([0, 0, 0, 0]);
  });
});

describe('MCS Connect-Response → GCC → server data', () => {
  it('decodes a Standard RDP Security answer with a proprietary certificate', () => {
    const data = [
      ...block(0x0c01, [...u32(0x00080004), ...u32(0)]),
      ...scSecurity(0x02, 2, proprietaryCert(2048)),
      ...block(0x0c03, [...u16(1003), ...u16(0)]),
    ];
    const mcs = decodeMcsConnectResponse(mcsResponse(0, gccResponse(data)));
    expect(mcs).toMatchObject({ ok: true, value: { result: 0, resultName: 'rt-successful' } });
    if (!mcs.ok) return;
    const blocks = decodeGccConferenceCreateResponse(mcs.value.userData);
    expect(blocks.ok).toBe(true);
    if (!blocks.ok) return;
    expect(decodeServerData(blocks.value)).toEqual({
      ok: true,
      value: {
        version: 0x00080004,
        rdpVersion: 'RDP 5.0–8.1',
        clientRequestedProtocols: 0,
        security: {
          encryptionMethod: 2,
          encryptionLevel: 2,
          encryptionLevelName: 'ENCRYPTION_LEVEL_CLIENT_COMPATIBLE',
          encryptionMethods: ['128BIT_ENCRYPTION_FLAG'],
          serverCertType: 'proprietary',
          rsaKeyBits: 2048,
          serverRandomLength: 32,
        },
      },
    });
  });

  it('reads the key size of the last certificate of an X.509 chain', () => {
    const r = decodeServerCertificate(Uint8Array.from(x509Chain([selfSignedDer(1024), selfSignedDer(2048)])));
    expect(r).toEqual({ ok: true, value: { serverCertType: 'x509', rsaKeyBits: 2048 } });
  });

  it('a TLS-era SC_SECURITY (no encryption) has no certificate', () => {
    const r = decodeServerData(Uint8Array.from(scSecurity(0, 0, null)));
    expect(r).toMatchObject({
      ok: true,
      value: {
        security: {
          serverCertType: 'none',
          encryptionMethods: ['ENCRYPTION_METHOD_NONE'],
          encryptionLevelName: 'ENCRYPTION_LEVEL_NONE',
        },
      },
    });
  });

  it('names a refused MCS connection and a wrong H.221 key', () => {
    const refused = decodeMcsConnectResponse(mcsResponse(8, gccResponse([])));
    expect(refused).toMatchObject({ ok: true, value: { result: 8, resultName: 'rt-parameters-unacceptable' } });
    const wrongKey = gccResponse([]);
    wrongKey[17] = 0x41; // first byte of the H.221 key
    expect(decodeGccConferenceCreateResponse(Uint8Array.from(wrongKey))).toMatchObject({
      ok: false,
      error: { code: 'GCC_BAD_KEY' },
    });
  });

  it('names blocks and certificates whose lengths lie', () => {
    const lying = Uint8Array.from([...u16(0x0c01), ...u16(400), 1, 2, 3, 4]);
    expect(decodeServerData(lying)).toMatchObject({ ok: false, error: { code: 'SERVERDATA_BAD_LENGTH', offset: 2 } });
    const cert = proprietaryCert(2048);
    const sec = scSecurity(2, 2, cert);
    sec.splice(16, 4, ...u32(100_000)); // certificate length field (after header, method, level, random length)
    expect(decodeServerData(Uint8Array.from(sec))).toMatchObject({
      ok: false,
      error: { code: 'SC_SECURITY_BAD_LENGTH' },
    });
  });

  it('round-trips any set of encryption methods and levels', () => {
    fc.assert(
      fc.property(fc.nat(0x1f), fc.nat(4), (method, level) => {
        const r = decodeServerData(Uint8Array.from(scSecurity(method, level, proprietaryCert(512))));
        expect(
          r.ok && r.value.security?.encryptionMethod === method && r.value.security.encryptionLevel === level,
        ).toBe(true);
      }),
    );
  });

  it('any bytes: a value or a typed error, for every decoder on the way', () => {
    neverThrows(decodeMcsConnectResponse);
    neverThrows(decodeMcsConnectResponse, fc.constant(Uint8Array.of(0x7f, 0x66, 0x82, 0x01, 0x00, 0x0a, 0x01, 0x00)));
    neverThrows(decodeGccConferenceCreateResponse);
    neverThrows(decodeGccConferenceCreateResponse, fc.constant(Uint8Array.of(0, 5, 0, 0x14, 0x7c, 0, 1)));
    neverThrows(decodeServerData);
    neverThrows(decodeServerData, fc.constant(Uint8Array.from([...u16(0x0c02), ...u16(300)])));
    neverThrows(decodeServerCertificate);
    neverThrows(decodeServerCertificate, fc.constant(Uint8Array.from(u32(2))));
    neverThrows(
      decodeServerCertificate,
      fc.constant(Uint8Array.from([...u32(1), ...u32(1), ...u32(1), ...u16(6), ...u16(40)])),
    );
  });
});
