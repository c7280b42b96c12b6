export interface Peer {
  kind: 'xrdp' | 'shadow' | 'sshd' | 'tcp';
  host: string;
  port: number;
  /** "host:port" or "[v6]:port", as a user would type it */
  target: string;
  /** the peer's private working folder */
  dir?: string;
  /** the peer's log and output so far */
  log(): string;
  stop(): Promise<void>;
}
