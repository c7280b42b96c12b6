// Types for the parts of js-md4 we use (the package ships none).
declare module 'js-md4' {
  interface Md4Hasher {
    update(message: Uint8Array): Md4Hasher;
    arrayBuffer(): ArrayBuffer;
  }
  const md4: { create(): Md4Hasher };
  export default md4;
}
