import { FIX_PHASES } from '../../../../shared/findings';
import { Message } from '../../components/Message';
import { alternativeOf, defaultScriptPhases, fixFindings, phasesFor } from '../../logic/fixPhases';
import { useApp } from '../../store/context';

/** Which phases the script runs: like the SSH plan, and of two alternatives only one. */
export function ScriptPhasePicker() {
  const result = useApp((s) => s.result);
  const focus = useApp((s) => s.fixFocus);
  const kind = useApp((s) => s.fixHostKind);
  const chosen = useApp((s) => s.scriptPhases);
  const set = useApp((s) => s.setScriptPhase);
  if (!result) return null;
  const offered = phasesFor(fixFindings(result.findings, focus), kind);
  if (offered.length === 0) return null;
  const selected = chosen ?? defaultScriptPhases(offered);
  return (
    <fieldset className="script-phases" data-testid="script-phases">
      <legend>What the script does</legend>
      {offered.map((id) => {
        const other = alternativeOf(id);
        const either = other && offered.includes(other);
        return (
          <label key={id} className="checkbox" data-phase={id}>
            <input type="checkbox" checked={selected.includes(id)} onChange={(e) => set(id, e.target.checked)} />
            {FIX_PHASES[id]?.title ?? id}
            {either && <span className="help"> (or: {FIX_PHASES[other]?.title ?? other} — one of the two)</span>}
          </label>
        );
      })}
    </fieldset>
  );
}

/** How to run it, for someone who has never run one: the exact steps for this kind of host. */
function HowToRun({ filename, sha256, windows }: { filename: string; sha256: string; windows: boolean }) {
  if (windows) {
    return (
      <ol className="script-steps" data-testid="script-steps">
        <li>
          Copy <code>{filename}</code> to the host (Download below, then copy the file; or paste the script into a new
          file there).
        </li>
        <li>
          On the host, open <strong>Windows PowerShell as administrator</strong> (Start, type PowerShell, right-click,
          "Run as administrator") and go to the folder: <code>cd $HOME\Downloads</code>
        </li>
        <li>
          Check it is the script shown here: <code>Get-FileHash -Algorithm SHA256 .\{filename}</code> must print{' '}
          <code>{sha256.toUpperCase()}</code>
        </li>
        <li>
          A downloaded file is blocked by Windows: <code>Unblock-File .\{filename}</code> (or run it once with{' '}
          <code>powershell -ExecutionPolicy Bypass -File .\{filename}</code>).
        </li>
        <li>
          See what it would change, without changing anything: <code>.\{filename} -WhatIf</code>
        </li>
        <li>
          Then run it: <code>.\{filename}</code>. It keeps a backup of everything it changes and prints where.
        </li>
        <li>
          To put everything back: <code>.\{filename} -Undo &lt;the backup file it printed&gt;</code>
        </li>
      </ol>
    );
  }
  return (
    <ol className="script-steps" data-testid="script-steps">
      <li>
        Copy <code>{filename}</code> to the host (Download below, then <code>scp</code> it; or paste it into a file
        there).
      </li>
      <li>
        Check it is the script shown here: <code>sha256sum {filename}</code> must print <code>{sha256}</code>
      </li>
      <li>
        Run it as root: <code>sudo sh {filename}</code>. It checks before it changes anything, keeps backups and ends
        with a check.
      </li>
    </ol>
  );
}

/** The console hand-over script: how to run it, Copy/Download, then the script itself (the picker is above). */
export function ScriptPanel() {
  const script = useApp((s) => s.script);
  const message = useApp((s) => s.scriptMessage);
  const copy = useApp((s) => s.copyScript);
  const download = useApp((s) => s.downloadScript);
  const kind = useApp((s) => s.fixHostKind);
  if (!script && !message) return null;
  const windows = kind === 'windows';
  return (
    <section className="script-panel" aria-label="Console script" data-testid="script-panel">
      {script && (
        <>
          <h4 id="script-title">
            Script: <code>{script.filename}</code>
          </h4>
          <p className="help">
            {windows
              ? 'Run it as administrator at the host’s console (or through your hypervisor’s run-command).'
              : 'Run it as root at the host’s console.'}
          </p>
          <HowToRun filename={script.filename} sha256={script.sha256} windows={windows} />
          <p className="sha">
            SHA-256: <code data-testid="script-sha256">{script.sha256}</code>
          </p>
          <div className="actions">
            <button type="button" className="btn btn-primary" onClick={() => void copy()}>
              Copy the script
            </button>
            <button type="button" className="btn" onClick={download}>
              Download {script.filename}
            </button>
          </div>
          <details className="script-details">
            <summary>Show the script ({script.content.split('\n').length} lines)</summary>
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1) */}
            <section className="script-content" aria-label={`Content of ${script.filename}`} tabIndex={0}>
              <pre>{script.content}</pre>
            </section>
          </details>
        </>
      )}
      <div aria-live="polite">
        {message && <Message kind={message.kind} text={message.text} testId="script-message" />}
      </div>
    </section>
  );
}
