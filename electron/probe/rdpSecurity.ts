/**
 * Probe step 7: Standard RDP Security, when the server offers it. Negotiate PROTOCOL_RDP, send an MCS
 * Connect-Initial with a GCC Conference Create Request (MS-RDPBCGR 2.2.1.3) and read the server's security
 * data from the Connect-Response (2.2.1.4.3): encryption level and methods, certificate type and RSA key size.
 * Then disconnect: no keys are exchanged and nothing about a user is sent.
 */
import type { RdpSecurityFacts } from '../../shared/probe';
import { recordCut, recordPassed } from './connectionLog';
import type { Negotiated } from './handoff';
import { encodeClientData } from './pdu/clientData';
import { decodeGccConferenceCreateResponse, encodeGccConferenceCreateRequest } from './pdu/gcc';
import { decodeMcsConnectResponse, encodeMcsConnectInitial } from './pdu/mcs';
import { PROTOCOL_RDP } from './pdu/rdpNeg';
import { decodeServerData } from './pdu/serverData';
import { TPKT_MAX_LENGTH, tpktFrameLength } from './pdu/tpkt';
import { decodeX224Data, encodeX224Data } from './pdu/x224';
import { SocketReader } from './socketReader';
import { type Step, type StepContext, type StepOutcome, stepBudget } from './stepTypes';
import { exchangeX224 } from './x224Exchange';

/** An MCS Connect-Response comes back in milliseconds; 5 s allows for a loaded server. */
const RDP_SECURITY_TIMEOUT_MS = 5_000;

const fail = (code: string, message: string): StepOutcome<RdpSecurityFacts> => ({
  status: 'failed',
  summary: message,
  error: { code, message },
});

export const rdpSecurityStep: Step<RdpSecurityFacts> = async (ctx) => {
  if (ctx.facts.negotiation?.supports.rdp === false) {
    return { status: 'skipped', summary: 'the server does not offer Standard RDP Security' };
  }
  const connect = async (
    fromHandoff: boolean,
  ): Promise<Negotiated | { socket: null; attempt: Negotiated['attempt'] }> =>
    (fromHandoff ? ctx.handoff?.take('rdp', ctx.trace) : null) ??
    (await exchangeX224({
      address: ctx.address ?? ctx.host,
      port: ctx.port,
      requested: 'rdp',
      signal: ctx.signal,
      trace: ctx.trace,
      timeoutMs: stepBudget(ctx, RDP_SECURITY_TIMEOUT_MS),
      keepOpen: true,
    }));
  const firstCut = { cut: false };
  const first = await mcsExchange(ctx, await connect(true), firstCut);
  if (!firstCut.cut || ctx.signal.aborted) return first;
  // a fact is never concluded from a cut connection: once more on a fresh one (issue 22)
  const againCut = { cut: false };
  const again = await mcsExchange(ctx, await connect(false), againCut);
  if (!againCut.cut) return again;
  if ((ctx.connections?.passed.mcs ?? 0) > 0) {
    const message =
      'Standard RDP Security unknown: the link dropped the MCS exchange and its retry, though the server answered it on another connection';
    return { status: 'warning', summary: message, error: { code: 'RDPSEC_LINK_DROPPED', message } };
  }
  return again;
};

async function mcsExchange(
  ctx: StepContext,
  x224: { socket: Negotiated['socket'] | null; attempt: Negotiated['attempt'] },
  /** set when the connection was cut where the server owed an answer */
  seen: { cut: boolean },
): Promise<StepOutcome<RdpSecurityFacts>> {
  const until = Date.now() + stepBudget(ctx, RDP_SECURITY_TIMEOUT_MS);
  const socket = x224.socket;
  if (!socket || x224.attempt.selected !== 'rdp') {
    socket?.destroy();
    const code = x224.attempt.error?.code;
    const why = x224.attempt.failureName ?? x224.attempt.error?.message ?? `selected ${x224.attempt.selected}`;
    seen.cut = code === 'X224_CLOSED' || code === 'X224_RESET';
    return { status: 'skipped', summary: `the server would not use Standard RDP Security this time (${why})` };
  }
  const reader = new SocketReader(socket, { signal: ctx.signal, maxBytes: TPKT_MAX_LENGTH });
  try {
    const gcc = encodeGccConferenceCreateRequest(
      encodeClientData({ clientName: 'rdp-doctor', selectedProtocol: PROTOCOL_RDP }),
    );
    socket.write(encodeX224Data(encodeMcsConnectInitial(gcc)));
    const frame = await reader.readFrame(tpktFrameLength, Math.max(1, until - Date.now()));
    if (!frame.ok) {
      const code = frame.error.code;
      seen.cut = (code === 'CLOSED' || code === 'RESET') && !ctx.signal.aborted;
      if (seen.cut) {
        recordCut(ctx.trace, {
          phase: 'mcs',
          how: code === 'RESET' ? 'reset' : 'closed',
          bytesReceived: socket.bytesRead,
        });
      }
      return fail(`RDPSEC_${code}`, `no MCS Connect-Response: ${frame.error.message}`);
    }
    recordPassed(ctx.trace, 'mcs');
    const data = decodeX224Data(frame.value);
    if (!data.ok)
      return fail(data.error.code, `the server did not answer the MCS Connect-Initial: ${data.error.message}`);
    const mcs = decodeMcsConnectResponse(data.value);
    if (!mcs.ok) return fail(mcs.error.code, `${mcs.error.message} (at byte ${mcs.error.offset})`);
    if (mcs.value.result !== 0) {
      return fail('RDPSEC_MCS_REFUSED', `the server refused the MCS connection: ${mcs.value.resultName}`);
    }
    const blocks = decodeGccConferenceCreateResponse(mcs.value.userData);
    if (!blocks.ok) return fail(blocks.error.code, `${blocks.error.message} (at byte ${blocks.error.offset})`);
    const server = decodeServerData(blocks.value);
    if (!server.ok) return fail(server.error.code, `${server.error.message} (at byte ${server.error.offset})`);
    const sec = server.value.security;
    if (!sec) return fail('RDPSEC_NO_SECURITY_DATA', 'the server sent no security data (SC_SECURITY)');
    const facts: RdpSecurityFacts = {
      encryptionLevel: sec.encryptionLevelName,
      encryptionMethods: sec.encryptionMethods,
      serverCertType: sec.serverCertType,
      rsaKeyBits: sec.rsaKeyBits,
      rdpVersion: server.value.rdpVersion,
    };
    const level = sec.encryptionLevelName.replace('ENCRYPTION_LEVEL_', '').toLowerCase().replace('_', '-');
    const methods = sec.encryptionMethods
      .map((m) => m.replace('_ENCRYPTION_FLAG', '').replace('BIT', '-bit'))
      .join(', ');
    const key = sec.rsaKeyBits ? `, ${sec.rsaKeyBits}-bit RSA ${sec.serverCertType} certificate` : '';
    const summary = `encryption level ${level}, method ${methods}${key}`;
    // Standard RDP Security is RC4 with no server authentication: acceptable only as a fallback
    const weak =
      sec.encryptionMethod === 0 || sec.encryptionLevel <= 1 || (sec.rsaKeyBits !== null && sec.rsaKeyBits < 1024);
    return { status: weak ? 'warning' : 'passed', summary, facts };
  } finally {
    reader.dispose();
    socket.destroy();
  }
}
