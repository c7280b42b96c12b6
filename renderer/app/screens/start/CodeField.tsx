import { useApp } from '../../store/context';

/** "Error code you saw": decodes as you type (the store debounces the request). */
export function CodeField() {
  const codesText = useApp((s) => s.codesText);
  const setCodesText = useApp((s) => s.setCodesText);
  const decode = useApp((s) => s.decode);
  const pending = useApp((s) => s.decodePending);
  const show = decode && decode.input.trim() !== '' && codesText.trim() !== '';
  return (
    <div className="field">
      <label htmlFor="codes">
        Error code you saw <span className="optional">(optional)</span>
      </label>
      <input
        id="codes"
        type="text"
        value={codesText}
        maxLength={200}
        autoComplete="off"
        spellCheck={false}
        placeholder="e.g. 0x904 0x7"
        aria-describedby="codes-help codes-decoded"
        onChange={(e) => setCodesText(e.target.value)}
      />
      <p id="codes-help" className="help">
        The "Code" and "Extended Error Code" from the Remote Desktop error dialog.
      </p>
      <div id="codes-decoded" className="decoded" aria-live="polite" data-testid="codes-decoded" data-pending={pending}>
        {show && !decode.ok && <p className="decoded-error">{decode.error}</p>}
        {show && decode.ok && (
          <>
            <p className="decoded-summary">{decode.summary}</p>
            <ul className="decoded-codes">
              {decode.codes.map((c) => (
                <li key={`${c.table}-${c.value}`}>
                  <code>{c.hex}</code> {c.name ? <strong>{c.name}</strong> : <em>unknown code</em>}
                  {c.known && c.meaning ? `: ${c.meaning}` : ''}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </div>
  );
}
