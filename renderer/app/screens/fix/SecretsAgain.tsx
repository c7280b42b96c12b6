import { secretsNeeded } from '../../logic/fixAccess';
import { useApp } from '../../store/context';
import { SecretFields } from './SecretFields';

/**
 * After a job used the secrets (or a request carrying them failed) they are gone: the next request asks
 * for them again, here, rather than keeping them around.
 */
export function SecretsAgain({ idPrefix, always = false }: { idPrefix: string; always?: boolean }) {
  const cleared = useApp((s) => s.secretsCleared);
  const via = useApp((s) => s.accessVia);
  const auth = useApp((s) => s.sshForm.auth);
  const identityFile = useApp((s) => s.sshForm.identityFile);
  const fields = secretsNeeded(via, { host: '', port: '', user: '', auth, identityFile });
  if (fields.length === 0 || (!cleared && !always)) return null;
  return (
    <fieldset className="secrets-again">
      <legend>Sign in again</legend>
      <p className="help">RDP Doctor does not keep passwords after using them: type what this sign-in needs again.</p>
      <div className="cred-row">
        <SecretFields fields={fields} idPrefix={idPrefix} />
      </div>
    </fieldset>
  );
}
