import { useApp } from '../../store/context';

/** Optional NLA credential check. The password lives in the store only until the probe starts. */
export function CredentialsFields() {
  const on = useApp((s) => s.checkCredentials);
  const setOn = useApp((s) => s.setCheckCredentials);
  const user = useApp((s) => s.user);
  const setUser = useApp((s) => s.setUser);
  const password = useApp((s) => s.password);
  const setPassword = useApp((s) => s.setPassword);
  return (
    <fieldset className="field credentials">
      <legend className="visually-hidden">Credential check</legend>
      <label className="checkbox">
        <input type="checkbox" checked={on} onChange={(e) => setOn(e.target.checked)} aria-describedby="cred-help" />
        Check my credentials
      </label>
      <p id="cred-help" className="help">
        Tries to sign in once with Network Level Authentication. The password is used for this check only and is never
        stored.
      </p>
      {on && (
        <div className="cred-row">
          <div className="field">
            <label htmlFor="cred-user">User name</label>
            <input
              id="cred-user"
              type="text"
              value={user}
              maxLength={256}
              autoComplete="username"
              spellCheck={false}
              placeholder="DOMAIN\user or user@domain"
              onChange={(e) => setUser(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="cred-password">Password</label>
            <input
              id="cred-password"
              type="password"
              value={password}
              maxLength={256}
              autoComplete="off"
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
        </div>
      )}
    </fieldset>
  );
}
