import type { FixJob } from '../../logic/fixJob';

/**
 * A job's error with one line per detail: "The host changed since you approved the plan" with what differs,
 * or an undo that would overwrite edits made after the fix, with the files.
 */
export function JobError({ job, testId }: { job: FixJob; testId: string }) {
  if (!job.error) return null;
  return (
    <div className="message message-error" role="alert" data-testid={testId} data-code={job.errorCode ?? undefined}>
      <span className="message-icon" aria-hidden="true">
        ✕
      </span>
      <div>
        <span>{job.error}</span>
        {job.errorDetails.length > 0 && (
          <ul className="error-details" data-testid={`${testId}-details`}>
            {job.errorDetails.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
