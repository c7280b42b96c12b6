import type { FixSecrets } from '../../logic/fixAccess';
import { useApp } from '../../store/context';

const LABELS: Record<keyof FixSecrets, { label: string; help?: string }> = {
  privateKey: { label: 'Private key (pasted)', help: 'The whole key, BEGIN to END line. Used for this request only.' },
  passphrase: { label: 'Key passphrase', help: 'The key is encrypted: type the passphrase that unlocks it.' },
  password: { label: 'SSH password' },
  sudoPassword: {
    label: 'Sudo password',
    help: 'Only if the user needs a password for sudo. It is fed to sudo on its input, never on a command line.',
  },
  winrmPassword: { label: 'Password', help: 'Leave empty to use your own Windows sign-in.' },
};

/**
 * Secret inputs. Their values live in memory only and are cleared once used; nothing remembers them. Which
 * ones show is decided by `secretFieldsShown` (the optional ones only when needed).
 */
export function SecretFields({ fields, idPrefix }: { fields: (keyof FixSecrets)[]; idPrefix: string }) {
  const secrets = useApp((s) => s.fixSecrets);
  const setSecret = useApp((s) => s.setFixSecret);
  const locked = useApp((s) => s.fixBusy !== null);
  return (
    <>
      {fields.map((f) => {
        const id = `${idPrefix}-${f}`;
        const { label, help } = LABELS[f];
        return (
          <div className="field" key={f}>
            <label htmlFor={id}>
              {label}
              {(f === 'sudoPassword' || f === 'winrmPassword') && <span className="optional"> (optional)</span>}
            </label>
            {f === 'privateKey' ? (
              <textarea
                id={id}
                className="key-text"
                value={secrets[f]}
                rows={4}
                maxLength={64 * 1024}
                autoComplete="off"
                spellCheck={false}
                disabled={locked}
                aria-describedby={help ? `${id}-help` : undefined}
                placeholder="-----BEGIN OPENSSH PRIVATE KEY-----"
                onChange={(e) => setSecret(f, e.target.value)}
              />
            ) : (
              <input
                id={id}
                type="password"
                value={secrets[f]}
                maxLength={1024}
                autoComplete="off"
                disabled={locked}
                aria-describedby={help ? `${id}-help` : undefined}
                onChange={(e) => setSecret(f, e.target.value)}
              />
            )}
            {help && (
              <p id={`${id}-help`} className="help">
                {help}
              </p>
            )}
          </div>
        );
      })}
    </>
  );
}
