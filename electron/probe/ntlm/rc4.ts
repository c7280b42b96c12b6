/**
 * RC4 (the stream cipher NTLM sealing uses, MS-NLMP 3.4.3). Not in OpenSSL 3's default provider, and
 * short enough to keep here. A handle is stateful: each call continues the key stream, as the spec's
 * RC4(Handle, ...) requires.
 */
export class Rc4 {
  private readonly s = new Uint8Array(256);
  private i = 0;
  private j = 0;

  constructor(key: Uint8Array) {
    const s = this.s;
    for (let k = 0; k < 256; k++) s[k] = k;
    let j = 0;
    for (let k = 0; k < 256; k++) {
      j = (j + s[k]! + key[k % key.length]!) & 0xff;
      const t = s[k]!;
      s[k] = s[j]!;
      s[j] = t;
    }
  }

  /** Returns a new array: data XOR the next data.length key-stream bytes. */
  process(data: Uint8Array): Uint8Array {
    const out = new Uint8Array(data.length);
    const s = this.s;
    let { i, j } = this;
    for (let k = 0; k < data.length; k++) {
      i = (i + 1) & 0xff;
      j = (j + s[i]!) & 0xff;
      const t = s[i]!;
      s[i] = s[j]!;
      s[j] = t;
      out[k] = data[k]! ^ s[(s[i]! + s[j]!) & 0xff]!;
    }
    this.i = i;
    this.j = j;
    return out;
  }

  /** Forget the key schedule. */
  wipe(): void {
    this.s.fill(0);
  }
}

/** One-shot RC4K(key, data). */
export function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  const h = new Rc4(key);
  const out = h.process(data);
  h.wipe();
  return out;
}
