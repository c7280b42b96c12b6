import { useShallow } from 'zustand/react/shallow';
import { describeAccess } from '../../logic/fixAccess';
import { useApp } from '../../store/context';
import { signInAgainFields } from '../../store/fixShared';
import { SecretFields } from './SecretFields';

/**
 * "Sign in again": the one place every step after step 1 asks for the secrets again (RDP Doctor does not
 * keep them after a request used them). Which fields, and when, is one rule (`signInAgainFields`); Inspect,
 * Plan and Verify each render this same component just above their buttons, so it reads the same
 * everywhere and a value typed on one step is the value the next request uses.
 */
export function SignInAgain() {
  const fields = useApp(useShallow(signInAgainFields));
  const where = useApp((s) => s.inspection?.reachedAs ?? describeAccess(s.accessVia, s.sshForm, s.winrmForm));
  if (fields.length === 0) return null;
  return (
    <fieldset className="secrets-again" data-testid="sign-in-again">
      <legend>Sign in again to {where}</legend>
      <p className="help">RDP Doctor does not keep passwords after using them: type what this sign-in needs again.</p>
      <div className="cred-row">
        <SecretFields fields={fields} idPrefix="signin" />
      </div>
    </fieldset>
  );
}
