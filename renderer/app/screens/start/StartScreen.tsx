import { useEffect, useRef } from 'react';
import { Message } from '../../components/Message';
import { ScreenHeading } from '../../components/ScreenHeading';
import { useApp } from '../../store/context';
import { CodeField } from './CodeField';
import { CredentialsFields } from './CredentialsFields';
import { RecentHosts } from './RecentHosts';

export function StartScreen() {
  const host = useApp((s) => s.host);
  const setHost = useApp((s) => s.setHost);
  const startProbe = useApp((s) => s.startProbe);
  const message = useApp((s) => s.startMessage);
  const hostField = useRef<HTMLInputElement>(null);
  // The first thing to do here is type a computer name: the field has focus on load (and on coming back).
  useEffect(() => {
    hostField.current?.focus();
  }, []);
  return (
    <section className="screen" aria-labelledby="start-title" data-screen="start">
      <ScreenHeading id="start-title" takeFocus={false}>
        Which computer can't you connect to?
      </ScreenHeading>
      <form
        className="card start-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void startProbe();
        }}
      >
        <div className="field">
          <label htmlFor="host">Remote computer</label>
          <input
            id="host"
            ref={hostField}
            type="text"
            value={host}
            maxLength={300}
            required
            autoComplete="off"
            spellCheck={false}
            placeholder="server01, server01.corp.example:3390, 10.0.0.5 or [fe80::1]"
            aria-describedby="host-help"
            aria-invalid={message?.kind === 'error' ? true : undefined}
            onChange={(e) => setHost(e.target.value)}
          />
          <p id="host-help" className="help">
            The name or address you type in Remote Desktop Connection, with :port if it is not 3389.
          </p>
        </div>
        <CodeField />
        {/* After the codes field: Tab goes from the computer name to the codes, not through up to 8 chips. */}
        <RecentHosts />
        <CredentialsFields />
        {message && <Message kind={message.kind} text={message.text} testId="start-message" />}
        <div className="actions">
          <button type="submit" className="btn btn-primary">
            Diagnose
          </button>
        </div>
      </form>
    </section>
  );
}
