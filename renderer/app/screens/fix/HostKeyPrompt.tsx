import { useEffect, useRef, useState } from 'react';
import { useApp } from '../../store/context';

/** Where the app keeps the SSH keys it trusts (electron/remediation/ssh/knownHosts.ts KNOWN_HOSTS_FILE). */
const KNOWN_HOSTS_FILE = 'ssh-known-hosts';

/**
 * An SSH server whose key is not trusted yet: first contact ("Is this the right host?"), or a key that
 * differs from the one trusted before ("The host key has changed"), where the only way on is the confirmed
 * "This server was reinstalled — replace the trusted key".
 */
export function HostKeyPrompt() {
  const check = useApp((s) => s.hostKeyCheck);
  const trust = useApp((s) => s.trustHostKey);
  const replace = useApp((s) => s.replaceHostKey);
  const reject = useApp((s) => s.rejectHostKey);
  const busy = useApp((s) => s.fixBusy !== null);
  const [confirmed, setConfirmed] = useState(false);
  const ref = useRef<HTMLElement>(null);
  const show = check !== null && !check.trusted && !check.pinnedMismatch;
  useEffect(() => {
    if (show) ref.current?.focus();
    setConfirmed(false);
  }, [show]);
  if (!show) return null;
  const { key } = check;
  const old = check.knownFingerprint ?? null;
  const compare = (
    <p className="help">
      Compare it with what the host itself shows at its console (
      <code>ssh-keygen -lf /etc/ssh/ssh_host_{key.keyType.replace(/^ssh-/, '')}_key.pub</code>
      ).
    </p>
  );
  if (old) {
    return (
      <section
        ref={ref}
        className="host-key host-key-changed"
        role="alertdialog"
        aria-labelledby="host-key-title"
        aria-describedby="host-key-text"
        tabIndex={-1}
        data-testid="host-key"
        data-changed="true"
      >
        <h4 id="host-key-title">The host key has changed</h4>
        <p id="host-key-text">
          {key.host}:{key.port} shows a different {key.keyType} host key than the one RDP Doctor trusted before. If the
          server was reinstalled, this is expected. If not, someone may be intercepting the connection: then do not go
          on. Nothing was signed in to and nothing was changed.
        </p>
        <dl className="fingerprints">
          <dt>Trusted before</dt>
          <dd>
            <code data-testid="host-key-old">{old}</code>
          </dd>
          <dt>Shown now</dt>
          <dd>
            <code data-testid="host-key-fingerprint">{key.fingerprint}</code>
          </dd>
        </dl>
        {compare}
        <p className="help">
          Replacing it changes RDP Doctor's own known-hosts file (<code>{KNOWN_HOSTS_FILE}</code> in its data folder)
          for this host only; the old key is no longer accepted.
        </p>
        <label className="checkbox">
          <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />I checked the
          new fingerprint at the server's console, and the server was reinstalled
        </label>
        <div className="actions">
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy || !confirmed}
            onClick={() => void replace()}
          >
            This server was reinstalled — replace the trusted key
          </button>
          <button type="button" className="btn" disabled={busy} onClick={reject}>
            Do not trust
          </button>
        </div>
      </section>
    );
  }
  return (
    <section
      ref={ref}
      className="host-key"
      role="alertdialog"
      aria-labelledby="host-key-title"
      aria-describedby="host-key-text"
      tabIndex={-1}
      data-testid="host-key"
    >
      <h4 id="host-key-title">Is this the right host?</h4>
      <p id="host-key-text">
        RDP Doctor does not trust {key.host}:{key.port} yet. It shows this {key.keyType} host key:
      </p>
      <p className="fingerprint">
        <code data-testid="host-key-fingerprint">{key.fingerprint}</code>
      </p>
      <p className="help">
        Compare it with what the host itself shows (
        <code>ssh-keygen -lf /etc/ssh/ssh_host_{key.keyType.replace(/^ssh-/, '')}_key.pub</code>
        ). Trust it only if they match; RDP Doctor remembers it and refuses the host if it ever changes.
      </p>
      <div className="actions">
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void trust()}>
          Trust this key
        </button>
        <button type="button" className="btn" disabled={busy} onClick={reject}>
          Do not trust
        </button>
      </div>
    </section>
  );
}
