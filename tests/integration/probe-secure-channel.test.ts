// openSecureChannel against real servers: xrdp (TLS), xrdp with security_layer=rdp (no TLS to open) and the
// FreeRDP shadow server with NLA (CredSSP selected, then TLS).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSecureChannel, SecureChannelError } from '../../electron/probe/secureChannel';
import { needPeers, type Peer, startShadow, startXrdp } from '../peers';

const { skip } = needPeers(['xrdp', 'shadow'], 'probe-secure-channel.test.ts');

describe.skipIf(skip)('openSecureChannel', () => {
  let xrdp: Peer;
  let rdpOnly: Peer;
  let shadow: Peer;
  beforeAll(async () => {
    [xrdp, rdpOnly, shadow] = await Promise.all([
      startXrdp(),
      startXrdp({ securityLayer: 'rdp' }),
      startShadow({ users: [{ user: 'alice', password: 'S3cret!pass' }] }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([xrdp, rdpOnly, shadow].filter(Boolean).map((p) => p.stop()));
  });
  const signal = new AbortController().signal;

  it('opens TLS to xrdp and sees its certificate', async () => {
    const { socket, selected } = await openSecureChannel({
      host: xrdp.host,
      port: xrdp.port,
      protocol: 'tls',
      signal,
      timeoutMs: 5000,
    });
    try {
      expect(selected).toBe('tls');
      expect(socket.getPeerCertificate().subject?.CN).toBe('xrdp-test.local');
    } finally {
      socket.destroy();
    }
  });

  it('xrdp asked for NLA selects TLS: the channel says so', async () => {
    const { socket, selected } = await openSecureChannel({
      host: xrdp.host,
      port: xrdp.port,
      protocol: 'hybrid',
      signal,
      timeoutMs: 5000,
    });
    socket.destroy();
    expect(selected).toBe('tls');
  });

  it('the shadow server selects CredSSP and completes TLS', async () => {
    const { socket, selected } = await openSecureChannel({
      host: shadow.host,
      port: shadow.port,
      protocol: 'hybrid',
      signal,
      timeoutMs: 5000,
    });
    socket.destroy();
    expect(selected).toBe('hybrid');
  });

  it('security_layer=rdp leaves no TLS to open: a typed error', async () => {
    const err = await openSecureChannel({
      host: rdpOnly.host,
      port: rdpOnly.port,
      protocol: 'tls',
      signal,
      timeoutMs: 5000,
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SecureChannelError);
    expect(['CHANNEL_NO_TLS', 'CHANNEL_NEG_FAILURE']).toContain((err as SecureChannelError).code);
  });
});
