import { useState } from 'react';
import type { HostKind } from '../../../../shared/findings';
import { commandsFor, type FixContext } from '../../../../shared/fixCommands';
import type { Finding } from '../../../../shared/probe';
import { writeClipboard } from '../../logic/clipboard';
import { explainsTypedCode, matchingCodes, phaseViews, SEVERITY_TEXT } from '../../logic/findingsView';
import { hasFixPhases, offeredPhases, stepsOf } from '../../logic/fixPhases';
import { useApp } from '../../store/context';

/**
 * A command as tokens: each short token is kept whole (no break after the "-" of "--no-pager"), so a narrow
 * window wraps a command between its words; a token longer than a line may still break. The text copied is
 * the same.
 */
function Tokens({ text }: { text: string }) {
  const parts = text.split(/(\s+)/);
  return (
    <>
      {parts.map((p, i) =>
        /^\s+$/.test(p) || p.length > 30 || p === '' ? (
          p
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text, never reordered
          <span key={i} className="tok">
            {p}
          </span>
        ),
      )}
    </>
  );
}

function Commands({ phaseId, fixContext }: { phaseId: string; fixContext: FixContext }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const commands = commandsFor(phaseId, fixContext);
  if (!commands) return null;
  const text = commands.lines.join('\n');
  const label = commands.shell === 'powershell' ? 'PowerShell (as Administrator)' : 'Shell (on the host)';
  return (
    <div className="fix-commands" data-commands={phaseId}>
      <span className="fix-commands-label">{label}:</span>
      <pre>
        <code>
          <Tokens text={text} />
        </code>
      </pre>
      <button
        type="button"
        className="btn btn-copy"
        onClick={() =>
          writeClipboard(text).then(
            () => setCopied('yes'),
            () => setCopied('failed'),
          )
        }
      >
        {copied === 'yes' ? 'Copied' : copied === 'failed' ? 'Select to copy' : 'Copy'}
      </button>
    </div>
  );
}

function Phases({ title, ids, fixContext }: { title: string; ids: string[]; fixContext: FixContext }) {
  if (ids.length === 0) return null;
  return (
    <div className="phases">
      <h4>{title}</h4>
      <ol>
        {stepsOf(ids).map((step) => {
          const views = phaseViews(step);
          return (
            <li key={step[0]} data-phase={step[0]}>
              {views.length > 1 && <p className="phase-either">Either:</p>}
              {views.map((p, i) => (
                <div key={p.id} className={views.length > 1 ? 'phase-alternative' : undefined} data-alternative={p.id}>
                  {i > 0 && <p className="phase-either">or:</p>}
                  <strong>{p.title}</strong>
                  {p.summary && <span className="phase-summary"> — {p.summary}</span>}
                  <Commands phaseId={p.id} fixContext={fixContext} />
                </div>
              ))}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

export function FindingCard({
  finding,
  rootCause,
  hostKind = 'unknown',
  fixContext,
}: {
  finding: Finding;
  rootCause: boolean;
  hostKind?: HostKind | 'unknown';
  fixContext: FixContext;
}) {
  const decode = useApp((s) => (s.fromFleet ? null : s.decode));
  const result = useApp((s) => s.result);
  const matched = new Set(
    explainsTypedCode(finding, decode, result) ? matchingCodes(finding.explainsCodes, decode) : [],
  );
  const openFix = useApp((s) => s.openFix);
  // The fallback to Standard RDP Security on xrdp can only be confirmed on the host: say so on its one door.
  const inspectFirst = finding.id === 'tls-unavailable' && hostKind === 'xrdp';
  const headingId = `finding-${finding.id}`;
  // Only the fixes for the kind of host in force; both when not sure.
  const windows = hostKind === 'xrdp' ? [] : offeredPhases(finding, 'windows');
  const xrdp = hostKind === 'windows' ? [] : offeredPhases(finding, 'xrdp');
  return (
    <article
      className={`finding finding-${finding.severity}${rootCause ? ' finding-root' : ''}`}
      data-finding={finding.id}
      data-severity={finding.severity}
      aria-labelledby={headingId}
    >
      <div className="finding-badges">
        <span className={`badge badge-${finding.severity}`}>{SEVERITY_TEXT[finding.severity]}</span>
        {rootCause && <span className="badge badge-root">Most likely cause</span>}
        {matched.size > 0 && <span className="badge badge-match">Explains the code you saw</span>}
      </div>
      <h3 id={headingId}>{finding.title}</h3>
      <p className="finding-detail">{finding.detail}</p>
      {finding.evidence.length > 0 && (
        <div className="evidence">
          <h4>Evidence</h4>
          <ul>
            {finding.evidence.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </div>
      )}
      {finding.explainsCodes.length > 0 && (
        <div className="explains">
          <h4>Explains these error codes</h4>
          <ul className="code-list">
            {finding.explainsCodes.map((c) => (
              <li key={c} className={matched.has(c) ? 'code-matched' : undefined} data-matched={matched.has(c)}>
                <code>{c}</code>
                {matched.has(c) && <span className="visually-hidden"> (the code you saw)</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
      {(windows.length > 0 || xrdp.length > 0) && (
        <div className="fix">
          <h4>How it will be fixed</h4>
          <div className="phase-columns">
            <Phases title="On a Windows host" ids={windows} fixContext={fixContext} />
            <Phases title="On an xrdp (Linux) host" ids={xrdp} fixContext={fixContext} />
          </div>
        </div>
      )}
      {hasFixPhases(finding, hostKind) && (
        <div className="actions">
          <button
            type="button"
            className={rootCause ? 'btn btn-primary' : 'btn'}
            aria-describedby={headingId}
            data-testid={`fix-this-${finding.id}`}
            onClick={() => openFix(finding.id)}
          >
            {inspectFirst ? 'Inspect the host to confirm and fix…' : 'Fix this…'}
          </button>
        </div>
      )}
    </article>
  );
}
