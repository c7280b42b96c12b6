import { useEffect, useRef } from 'react';
import { useApp } from '../../store/context';

/** First contact with an SSH server: its key must be trusted explicitly before RDP Doctor signs in. */
export function HostKeyPrompt() {
  const check = useApp((s) => s.hostKeyCheck);
  const trust = useApp((s) => s.trustHostKey);
  const reject = useApp((s) => s.rejectHostKey);
  const busy = useApp((s) => s.fixBusy !== null);
  const ref = useRef<HTMLElement>(null);
  const show = check !== null && !check.trusted && !check.pinnedMismatch;
  useEffect(() => {
    if (show) ref.current?.focus();
  }, [show]);
  if (!show) return null;
  const { key } = check;
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
