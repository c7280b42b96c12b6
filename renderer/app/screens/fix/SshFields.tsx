import { useShallow } from 'zustand/react/shallow';
import type { SshAuthChoice } from '../../logic/fixAccess';
import { useApp } from '../../store/context';
import { shownSecretFields } from '../../store/fixShared';
import { SecretFields } from './SecretFields';

const AUTH: { value: SshAuthChoice; label: string }[] = [
  { value: 'key-file', label: 'Key file on this computer' },
  { value: 'key-text', label: 'Paste a key' },
  { value: 'agent', label: 'SSH agent' },
  { value: 'password', label: 'Password' },
];

/** SSH host, port, user and how to sign in. Only the non-secret fields are remembered for next time. */
export function SshFields() {
  const form = useApp((s) => s.sshForm);
  const set = useApp((s) => s.setSshField);
  const locked = useApp((s) => s.fixBusy !== null);
  const invalid = useApp((s) => (s.fixMessage?.kind === 'error' ? s.fixMessage.code : undefined));
  const secretFields = useApp(useShallow(shownSecretFields));
  return (
    <fieldset className="ssh-fields">
      <legend className="visually-hidden">SSH sign-in</legend>
      <div className="cred-row">
        <div className="field field-grow">
          <label htmlFor="ssh-host">SSH host</label>
          <input
            id="ssh-host"
            type="text"
            value={form.host}
            maxLength={300}
            autoComplete="off"
            spellCheck={false}
            disabled={locked}
            aria-invalid={invalid === 'ssh-host' || undefined}
            onChange={(e) => set('host', e.target.value)}
          />
        </div>
        <div className="field field-port">
          <label htmlFor="ssh-port">Port</label>
          <input
            id="ssh-port"
            type="text"
            inputMode="numeric"
            value={form.port}
            maxLength={5}
            autoComplete="off"
            disabled={locked}
            aria-invalid={invalid === 'ssh-port' || undefined}
            onChange={(e) => set('port', e.target.value)}
          />
        </div>
        <div className="field field-grow">
          <label htmlFor="ssh-user">User</label>
          <input
            id="ssh-user"
            type="text"
            value={form.user}
            maxLength={256}
            autoComplete="off"
            spellCheck={false}
            placeholder="root, or a user with sudo"
            disabled={locked}
            aria-invalid={invalid === 'ssh-user' || undefined}
            onChange={(e) => set('user', e.target.value)}
          />
        </div>
      </div>
      <fieldset className="field">
        <legend>Sign in with</legend>
        <div className="radio-row">
          {AUTH.map((a) => (
            <label key={a.value} className="checkbox">
              <input
                type="radio"
                name="ssh-auth"
                value={a.value}
                checked={form.auth === a.value}
                disabled={locked}
                onChange={() => set('auth', a.value)}
              />
              {a.label}
            </label>
          ))}
        </div>
      </fieldset>
      {form.auth === 'key-file' && (
        <div className="field">
          <label htmlFor="ssh-identity">Private key file</label>
          <input
            id="ssh-identity"
            type="text"
            value={form.identityFile}
            maxLength={4096}
            autoComplete="off"
            spellCheck={false}
            placeholder="/home/me/.ssh/id_ed25519"
            disabled={locked}
            aria-invalid={invalid === 'ssh-identity' || undefined}
            aria-describedby="ssh-identity-help"
            onChange={(e) => set('identityFile', e.target.value)}
          />
          <p id="ssh-identity-help" className="help">
            The path on the computer running RDP Doctor. The key itself never leaves this computer; if it is encrypted,
            RDP Doctor asks for its passphrase.
          </p>
        </div>
      )}
      {form.auth === 'agent' && (
        <p className="help">RDP Doctor asks the SSH agent of this computer (SSH_AUTH_SOCK) to sign in.</p>
      )}
      {secretFields.length > 0 && (
        <div className="cred-row">
          <SecretFields fields={secretFields} idPrefix="ssh" />
        </div>
      )}
      <p className="help">Passwords, the passphrase and a pasted key are used for this fix only and never stored.</p>
    </fieldset>
  );
}
