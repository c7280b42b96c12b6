/**
 * The NLA credential check (issue 6): CredSSP with NTLMv2 up to the point where the server proves it
 * accepted the logon — its pubKeyAuth answer unseals and matches (MS-CSSP 3.1.5 step 4) — then stop.
 * TSCredentials are never sent: the password is not delegated to the server.
 *
 * The password comes from ctx.options.credentials; it is only turned into the NTOWFv2 key (whose
 * intermediate buffers are zeroed) and never appears in facts, summaries or errors.
 */
import type { NlaCheckFacts, StepStatus } from '../../shared/probe';
import {
  beginCredssp,
  type CredsspSession,
  CUT_CODES,
  credsspProtocol,
  firstToken,
  NOT_OFFERED,
  readTsRequest,
  stepTimeoutMs,
} from './credssp';
import { buildNtlmAuthenticate } from './ntlm/ntlmClient';
import { describeNtStatus, formatNtStatus } from './ntlm/ntStatus';
import { clientPubKeyAuthPlaintext, expectedServerPubKeyAuth, newClientNonce, usesNonceHash } from './ntlm/pubKeyAuth';
import { NTLM_SIGNATURE_BYTES } from './ntlm/sealing';
import { decodeTsRequest, encodeTsRequest, TSREQUEST_CLIENT_VERSION } from './pdu/tsRequest';
import type { Step, StepContext, StepOutcome } from './stepTypes';

type Verdict = Omit<NlaCheckFacts, 'user'>;

export const nlaCheckStep: Step<NlaCheckFacts> = async (ctx) => {
  const creds = ctx.options.credentials;
  if (!creds) {
    return outcome('skipped', '', {
      outcome: 'not-run',
      ntStatus: null,
      ntStatusName: null,
      reason: 'No credentials were given, so the logon was not checked.',
      credsspVersion: null,
    });
  }
  const user = creds.user;
  const protocol = credsspProtocol(ctx);
  if (!protocol) {
    return outcome('skipped', user, {
      outcome: 'not-run',
      ntStatus: null,
      ntStatusName: null,
      reason: `The server does not offer NLA (CredSSP)${selectedInstead(ctx)}, so the account cannot be checked before the session starts; it is checked at the logon screen instead.`,
      credsspVersion: null,
    });
  }
  let begun = await beginCredssp(ctx, protocol);
  // cut before anything secret was sent: once more on a fresh connection (issue 22). A close after our
  // AUTHENTICATE is not retried: that is how some servers say no, and the password is not sent twice.
  if (!begun.ok && CUT_CODES.has(begun.error.code) && !ctx.signal.aborted) begun = await beginCredssp(ctx, protocol);
  if (!begun.ok && begun.error.code === NOT_OFFERED) {
    return outcome('skipped', user, {
      outcome: 'not-run',
      ntStatus: null,
      ntStatusName: null,
      reason: `The server does not offer NLA (CredSSP) (${begun.error.message}), so the account cannot be checked before the session starts; it is checked at the logon screen instead.`,
      credsspVersion: null,
    });
  }
  if (!begun.ok) {
    return outcome(
      'failed',
      user,
      {
        outcome: 'error',
        ntStatus: null,
        ntStatusName: null,
        reason: `The check could not reach the point of logging on: ${begun.error.message}.`,
        credsspVersion: null,
      },
      begun.error,
    );
  }
  const session = begun.value;
  try {
    return outcome(...(await authenticate(ctx, session, user, creds.password)));
  } finally {
    session.close();
  }
};

async function authenticate(
  ctx: StepContext,
  s: CredsspSession,
  user: string,
  password: string,
): Promise<[Exclude<StepStatus, 'waiting' | 'running'>, string, Verdict, { code: string; message: string }?]> {
  const version = Math.min(TSREQUEST_CLIENT_VERSION, s.serverVersion);
  const base = { ntStatus: null, ntStatusName: null, credsspVersion: s.serverVersion };
  const auth = buildNtlmAuthenticate({
    account: user,
    password,
    negotiate: s.negotiate,
    challengeBytes: s.challengeBytes,
    challenge: s.challenge,
    spn: `TERMSRV/${ctx.host}`,
  });
  if (!auth.ok) {
    return [
      'failed',
      user,
      { ...base, outcome: 'error', reason: `The server's NTLM is too weak to check: ${auth.error.message}.` },
      auth.error,
    ];
  }
  const ntlm = auth.value;
  try {
    const nonce = newClientNonce();
    const { signature, sealed } = ntlm.client.seal(clientPubKeyAuthPlaintext(version, s.subjectPublicKey, nonce));
    const pubKeyAuth = new Uint8Array(signature.length + sealed.length);
    pubKeyAuth.set(signature);
    pubKeyAuth.set(sealed, signature.length);
    s.socket.write(
      encodeTsRequest({
        version: TSREQUEST_CLIENT_VERSION,
        negoTokens: [ntlm.authenticate],
        pubKeyAuth,
        ...(usesNonceHash(version) ? { clientNonce: nonce } : {}),
      }),
    );
    const answer = await readTsRequest(s.reader, Math.min(stepTimeoutMs(ctx), ctx.deadline - Date.now()));
    if (!answer.ok) {
      if (answer.error.code === 'CREDSSP_CLOSED' || answer.error.code === 'CREDSSP_RESET') {
        return [
          'failed',
          user,
          {
            ...base,
            outcome: 'rejected',
            reason: `The server ${answer.error.code === 'CREDSSP_RESET' ? 'reset' : 'closed'} the connection right after our NTLM AUTHENTICATE without saying why: that is how a server refuses the user name or password when it does not send an error code (CredSSP v${s.serverVersion}).`,
          },
          answer.error,
        ];
      }
      return [
        'failed',
        user,
        { ...base, outcome: 'error', reason: `No answer to our NTLM AUTHENTICATE: ${answer.error.message}.` },
        answer.error,
      ];
    }
    const req = decodeTsRequest(answer.value);
    if (!req.ok) {
      const error = { code: 'CREDSSP_BAD_TSREQUEST', message: req.error.message };
      return [
        'failed',
        user,
        { ...base, outcome: 'error', reason: `The server's answer does not decode: ${req.error.message}.` },
        error,
      ];
    }
    if (req.value.errorCode !== undefined && req.value.errorCode !== 0) {
      const st = describeNtStatus(req.value.errorCode);
      return [
        'failed',
        user,
        {
          outcome: 'rejected',
          ntStatus: formatNtStatus(req.value.errorCode),
          ntStatusName: st.name,
          reason: st.reason,
          credsspVersion: s.serverVersion,
        },
        { code: st.name, message: st.reason },
      ];
    }
    const answerAuth = req.value.pubKeyAuth;
    if (!answerAuth || answerAuth.length <= NTLM_SIGNATURE_BYTES) {
      const extra = firstToken(req.value) ? ' (it sent another NTLM token instead)' : '';
      const error = { code: 'CREDSSP_NO_PUBKEYAUTH', message: `the server answered without pubKeyAuth${extra}` };
      return [
        'failed',
        user,
        { ...base, outcome: 'error', reason: `The server's answer carries no pubKeyAuth proof${extra}.` },
        error,
      ];
    }
    const plain = ntlm.server.unseal(
      answerAuth.subarray(0, NTLM_SIGNATURE_BYTES),
      answerAuth.subarray(NTLM_SIGNATURE_BYTES),
    );
    const expected = expectedServerPubKeyAuth(version, s.subjectPublicKey, nonce);
    if (!plain || plain.length !== expected.length || !plain.every((b, i) => b === expected[i])) {
      const error = {
        code: 'CREDSSP_PUBKEYAUTH_MISMATCH',
        message: 'the server pubKeyAuth does not match this TLS key',
      };
      return [
        'failed',
        user,
        {
          ...base,
          outcome: 'error',
          reason: plain
            ? 'The server proved it knows the session key but bound it to a different TLS key: something between us and the server is intercepting TLS.'
            : "The server's pubKeyAuth does not verify with the session key: the logon state is unclear (a relay or a broken CredSSP implementation).",
        },
        error,
      ];
    }
    return [
      'passed',
      user,
      {
        ...base,
        outcome: 'accepted',
        reason: `The server accepted the user name and password over NLA (CredSSP v${s.serverVersion}, NTLMv2) and proved it with its pubKeyAuth answer; the password was not sent on to it.`,
      },
    ];
  } finally {
    ntlm.wipe();
  }
}

function outcome(
  status: Exclude<StepStatus, 'waiting' | 'running'>,
  user: string,
  v: Verdict,
  error?: { code: string; message: string },
): StepOutcome<NlaCheckFacts> {
  const facts: NlaCheckFacts = { ...v, user };
  const summary =
    v.outcome === 'accepted'
      ? `credentials accepted for ${user}`
      : v.outcome === 'rejected'
        ? `credentials rejected for ${user} (${v.ntStatusName ?? (error?.code === 'CREDSSP_RESET' ? 'connection reset after AUTHENTICATE' : 'connection closed after AUTHENTICATE')})`
        : v.outcome === 'not-run'
          ? 'not run: the server does not offer NLA'
          : `check failed: ${error?.message ?? v.reason}`;
  return {
    status,
    summary: v.outcome === 'not-run' && !user ? 'no credentials given' : summary,
    facts,
    ...(error ? { error } : {}),
  };
}

function selectedInstead(ctx: StepContext): string {
  const attempt = ctx.facts.negotiation?.attempts.find((a) => a.requested === 'hybrid');
  if (!attempt) return '';
  if (attempt.outcome === 'selected' && attempt.selected)
    return ` (asked for CredSSP, it selected ${attempt.selected.toUpperCase()})`;
  if (attempt.outcome === 'failure' && attempt.failureName)
    return ` (asked for CredSSP, it answered ${attempt.failureName})`;
  return '';
}
