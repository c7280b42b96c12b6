/** The real-peer harness: start servers on loopback for a test file, stop them even when a test fails. */
export { findBinary, type MachineView, missingFor, needPeers, type PeerKind } from './availability';
export { type CertOptions, days, makeCert, type TestCert } from './certs';
export {
  type DebianHost,
  type DebianHostOptions,
  type HostFault,
  type HostUser,
  setIniKey,
  startDebianHost,
} from './debianHost';
export { freePort, nextLoopbackAddress, waitForPort } from './process';
export { type ShadowOptions, type ShadowUser, samLine, startShadow } from './shadow';
export { type SshdPeer, type SshdUser, startSshd } from './sshd';
export { STOCK_INI, STOCK_PORT, type StockXrdp, startStockXrdp, stockXrdpMissing } from './stockXrdp';
export { closedPort, drip, startTcpServer } from './tcpServer';
export type { Peer } from './types';
export { startXrdp, type XrdpOptions } from './xrdp';
export { type Display, startXvfb } from './xvfb';
