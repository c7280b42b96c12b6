import { Message } from '../../components/Message';
import { useApp } from '../../store/context';

/** The console hand-over script, with its SHA-256 so the person at the console can check what they run. */
export function ScriptPanel() {
  const script = useApp((s) => s.script);
  const message = useApp((s) => s.scriptMessage);
  const copy = useApp((s) => s.copyScript);
  const download = useApp((s) => s.downloadScript);
  if (!script && !message) return null;
  return (
    <section className="script-panel" aria-label="Console script" data-testid="script-panel">
      {script && (
        <>
          <h4 id="script-title">
            Script: <code>{script.filename}</code>
          </h4>
          <p className="help">
            Run it as root at the host’s console. It checks before it changes anything, keeps backups and ends with a
            check.
          </p>
          <p className="sha">
            SHA-256: <code data-testid="script-sha256">{script.sha256}</code>
          </p>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1) */}
          <section className="script-content" aria-label={`Content of ${script.filename}`} tabIndex={0}>
            <pre>{script.content}</pre>
          </section>
          <div className="actions">
            <button type="button" className="btn" onClick={() => void copy()}>
              Copy the script
            </button>
            <button type="button" className="btn" onClick={download}>
              Download {script.filename}
            </button>
          </div>
        </>
      )}
      <div aria-live="polite">
        {message && <Message kind={message.kind} text={message.text} testId="script-message" />}
      </div>
    </section>
  );
}
