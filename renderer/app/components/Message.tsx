/** A friendly message bar (Fluent's MessageBar, in plain CSS). Errors are announced at once. */
export function Message({ kind, text, testId }: { kind: 'error' | 'info' | 'success'; text: string; testId?: string }) {
  return (
    <div className={`message message-${kind}`} role={kind === 'error' ? 'alert' : 'status'} data-testid={testId}>
      <span className="message-icon" aria-hidden="true">
        {kind === 'error' ? '✕' : kind === 'success' ? '✓' : 'i'}
      </span>
      <span>{text}</span>
    </div>
  );
}
