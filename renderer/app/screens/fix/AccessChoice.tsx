import type { AccessVia } from '../../logic/fixAccess';
import { useApp } from '../../store/context';
import { windowsDriversAvailable } from '../../store/fixSlice';

interface Choice {
  via: AccessVia;
  label: string;
  help: string;
}

const XRDP: Choice[] = [
  { via: 'ssh', label: 'SSH', help: 'Sign in to the host over SSH as root or as a user with sudo.' },
];
const WINDOWS: Choice[] = [
  {
    via: 'local',
    label: 'This computer',
    help: 'The host is the computer RDP Doctor runs on (needs administrator rights).',
  },
  { via: 'winrm', label: 'WinRM', help: 'Reach the host with PowerShell remoting (WinRM).' },
];
const SCRIPT: Choice = {
  via: 'script',
  label: 'Give me a script',
  help: 'Nothing is run from here: you get a script to run at the host’s console.',
};

/** How to reach the host: that kind's ways, plus the console script. Unavailable ways say why. */
export function AccessChoice() {
  const kind = useApp((s) => s.fixHostKind);
  const via = useApp((s) => s.accessVia);
  const setVia = useApp((s) => s.setAccessVia);
  const platform = useApp((s) => s.appInfo?.platform);
  const locked = useApp((s) => s.fixBusy !== null);
  const choices = [...(kind === 'xrdp' ? XRDP : WINDOWS), SCRIPT];
  const windowsOk = windowsDriversAvailable(platform);
  return (
    <fieldset className="field fix-via">
      <legend>How should RDP Doctor reach the host?</legend>
      <div className="via-list">
        {choices.map((c) => {
          const unavailable = (c.via === 'local' || c.via === 'winrm') && !windowsOk;
          const helpId = `via-${c.via}-help`;
          const labelId = `via-${c.via}-label`;
          return (
            <label key={c.via} className={`via-option${unavailable ? ' via-disabled' : ''}`} data-via={c.via}>
              <input
                type="radio"
                name="access-via"
                value={c.via}
                checked={via === c.via}
                disabled={unavailable || locked}
                aria-labelledby={labelId}
                aria-describedby={helpId}
                onChange={() => setVia(c.via)}
              />
              <span>
                <span id={labelId} className="via-label">
                  {c.label}
                </span>
                <span id={helpId} className="help">
                  {unavailable
                    ? `Not available here: it runs PowerShell on Windows, and RDP Doctor runs on ${platform ?? 'another system'}. Use "Give me a script", or run RDP Doctor on Windows.`
                    : c.help}
                </span>
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
