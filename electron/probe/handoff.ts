/**
 * Connections the negotiation leaves open for the step that continues the protocol on them, so the probe does
 * not open a new connection for what the same conversation can go on to (MS-RDPBCGR 1.3.1.1): the request
 * that selected TLS goes on to the TLS handshake, the one that selected CredSSP to the CredSSP exchange, the
 * one that selected Standard RDP Security to the MCS Connect-Initial. Likewise the TCP step's connection goes on
 * to the negotiation's first request (issue 20: one connection fewer for the server to accept and fork for).
 * One Handoff per probe; whatever nobody took is closed when the probe ends.
 */
import type { Socket } from 'node:net';
import type { NegotiationAttempt, ProtocolName } from '../../shared/probe';
import { type ConnectionTrace, recordCut } from './connectionLog';

export interface Negotiated {
  socket: Socket;
  attempt: NegotiationAttempt;
}

export class Handoff {
  private readonly open = new Map<ProtocolName, Negotiated>();
  private connected: Socket | null = null;
  private closed = false;

  /** Keeps the TCP step's connection (nothing sent on it yet) for the negotiation's first request. */
  putConnected(socket: Socket): void {
    socket.on('error', () => {});
    if (this.closed || this.connected) {
      socket.destroy();
      return;
    }
    this.connected = socket;
  }

  /**
   * The TCP step's connection, if it is still open and nothing has arrived on it; the caller owns it then. One
   * that closed (or spoke first) meanwhile is dropped: the negotiation opens a fresh connection instead, so the
   * TCP step's connection never stands in for an answer.
   */
  takeConnected(): Socket | null {
    const socket = this.connected;
    this.connected = null;
    if (!socket) return null;
    if (socket.destroyed || !socket.readable || !socket.writable || socket.bytesRead > 0 || socket.readableLength > 0) {
      socket.destroy();
      return null;
    }
    return socket;
  }

  /** Keeps the connection of the request for `requested`; a socket error while it waits is not a crash. */
  put(requested: ProtocolName, negotiated: Negotiated): void {
    negotiated.socket.on('error', () => {});
    if (this.closed || this.open.has(requested)) {
      negotiated.socket.destroy();
      return;
    }
    this.open.set(requested, negotiated);
  }

  /**
   * The connection the request for `requested` left open, if it is still open; the caller owns it then. One
   * that closed while it waited is recorded as a cut in `trace` (the taking step's).
   */
  take(requested: ProtocolName, trace?: ConnectionTrace): Negotiated | null {
    const n = this.open.get(requested) ?? null;
    this.open.delete(requested);
    if (!n) return null;
    if (n.socket.destroyed || !n.socket.readable || !n.socket.writable) {
      // closed while it waited: the server (or the path) ended it where the client was to go on (issue 22)
      recordCut(trace, {
        phase: requested === 'rdp' ? 'mcs' : 'tls',
        how: n.socket.destroyed && !n.socket.readableEnded ? 'reset' : 'closed',
        bytesReceived: n.socket.bytesRead,
      });
      n.socket.destroy();
      return null;
    }
    return n;
  }

  closeAll(): void {
    this.closed = true;
    this.connected?.destroy();
    this.connected = null;
    for (const n of this.open.values()) n.socket.destroy();
    this.open.clear();
  }
}
