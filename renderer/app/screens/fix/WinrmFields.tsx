import { useApp } from '../../store/context';
import { SecretFields } from './SecretFields';

/** WinRM: the computer, HTTPS or not, and an optional account. */
export function WinrmFields() {
  const form = useApp((s) => s.winrmForm);
  const set = useApp((s) => s.setWinrmField);
  const locked = useApp((s) => s.fixBusy !== null);
  return (
    <fieldset className="winrm-fields">
      <legend className="visually-hidden">WinRM sign-in</legend>
      <div className="cred-row">
        <div className="field field-grow">
          <label htmlFor="winrm-computer">Computer</label>
          <input
            id="winrm-computer"
            type="text"
            value={form.computer}
            maxLength={300}
            autoComplete="off"
            spellCheck={false}
            disabled={locked}
            onChange={(e) => set('computer', e.target.value)}
          />
        </div>
        <div className="field field-grow">
          <label htmlFor="winrm-user">
            User <span className="optional">(optional)</span>
          </label>
          <input
            id="winrm-user"
            type="text"
            value={form.user}
            maxLength={256}
            autoComplete="off"
            spellCheck={false}
            placeholder="DOMAIN\admin"
            disabled={locked}
            onChange={(e) => set('user', e.target.value)}
          />
        </div>
        <SecretFields fields={['winrmPassword']} idPrefix="winrm" />
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={form.useSsl}
          disabled={locked}
          onChange={(e) => set('useSsl', e.target.checked)}
        />
        Use HTTPS (port 5986)
      </label>
    </fieldset>
  );
}
