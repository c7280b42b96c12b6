import { PFX_MAX_BYTES, type SuppliedCertificateFacts } from '../../../../shared/remediation';
import { Message } from '../../components/Message';
import { useApp } from '../../store/context';
import { offersCertificate } from '../../store/fixCertificateSlice';

function localDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

function Facts({ c }: { c: SuppliedCertificateFacts }) {
  const rows: [string, string][] = [
    ['Subject', c.subject],
    ['Names', c.sans.join(', ') || '(none)'],
    ['Issued by', c.issuer],
    ['Valid', `${localDate(c.notBefore)} → ${localDate(c.notAfter)}`],
    ['Key', `RSA ${c.keyBits} bits`],
    ['SHA-1 thumbprint', c.sha1Thumbprint],
    ['SHA-256', c.sha256Fingerprint],
  ];
  if (c.chainLength) rows.push(['Chain', `${c.chainLength} CA certificate(s) sent with it`]);
  return (
    <dl className="pfx-facts" data-testid="pfx-facts">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>
            <code>{v}</code>
          </dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * Step 3's offer of a certificate from the company CA (issue 21): a .pfx (at most 100 KiB) and its password,
 * checked by the core on this computer — its public facts, or each reason it is refused, in words — then added
 * to the plan, where the phase that installs it shows its exact changes. Nothing reaches the host before "Run".
 */
export function CertificatePanel() {
  const offered = useApp(offersCertificate);
  const pfx = useApp((s) => s.fixPfx);
  const password = useApp((s) => s.fixPfxPassword);
  const check = useApp((s) => s.fixPfxCheck);
  const busy = useApp((s) => s.fixPfxBusy || s.fixBusy !== null);
  const message = useApp((s) => s.fixPfxMessage);
  const choose = useApp((s) => s.choosePfx);
  const setPassword = useApp((s) => s.setPfxPassword);
  const checkPfx = useApp((s) => s.checkPfx);
  const clearPfx = useApp((s) => s.clearPfx);
  const planFix = useApp((s) => s.planFix);
  const planned = useApp((s) =>
    s.plan?.phases.some((p) =>
      p.changes.some((c) => check?.certificate && c.after?.includes(check.certificate.sha1Thumbprint)),
    ),
  );
  if (!offered) return null;
  const ok = check?.certificate && check.problems.length === 0;
  return (
    <section className="pfx-panel" aria-labelledby="pfx-title" data-testid="pfx-panel">
      <h3 id="pfx-title">Use a certificate from your CA (.pfx)</h3>
      <p className="help">
        Have the server's certificate from your company CA? Choose its .pfx (at most {PFX_MAX_BYTES / 1024} KiB) and
        type its password. It is checked on this computer first: it must hold its private key, name the host you typed,
        allow server authentication, be valid now and have an RSA key of 2048 bits or more. Nothing reaches the host
        until you run the fix; the password is used once and never kept.
      </p>
      <div className="cred-row">
        <div className="field">
          <label htmlFor="pfx-file">.pfx file</label>
          <input
            id="pfx-file"
            type="file"
            accept=".pfx,.p12,application/x-pkcs12"
            disabled={busy}
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (!file) return;
              // refused before it is read when it is too large
              if (file.size > PFX_MAX_BYTES) choose(file.name, new Uint8Array(file.size));
              else choose(file.name, new Uint8Array(await file.arrayBuffer()));
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="pfx-password">Its password</label>
          <input
            id="pfx-password"
            type="password"
            value={password}
            maxLength={1024}
            autoComplete="off"
            disabled={busy}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
      </div>
      <div className="actions">
        <button type="button" className="btn" disabled={!pfx || busy} onClick={() => void checkPfx()}>
          {check === null && busy && pfx ? 'Checking…' : 'Check it'}
        </button>
        {ok && !planned && (
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void planFix()}>
            Add it to the plan
          </button>
        )}
        {pfx && (
          <button type="button" className="btn" disabled={busy} onClick={clearPfx}>
            Remove
          </button>
        )}
      </div>
      {message && <Message kind="error" text={message} testId="pfx-message" />}
      {check && check.problems.length > 0 && (
        <div className="message message-error" role="alert" data-testid="pfx-problems">
          <span className="message-icon" aria-hidden="true">
            ✕
          </span>
          <div>
            <p>{pfx?.fileName ?? 'This .pfx'} cannot be installed:</p>
            <ul>
              {check.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        </div>
      )}
      {check?.certificate && <Facts c={check.certificate} />}
      {ok && planned && (
        <Message kind="success" text="In the plan above: read its changes, then run the fix." testId="pfx-planned" />
      )}
    </section>
  );
}
