/**
 * The shapes of the "which clients will connect" table (issue 21 part 2), as zod schemas for the IPC contract and
 * docs/probe-result.schema.json. The profiles themselves (versions, suites, key limits, sources) are data in
 * clientProfileTable.ts, which the probe loads without zod.
 */
import { z } from 'zod';

export { CLIENT_PROFILE_IDS, CLIENT_PROFILES, type ClientProfile, type ClientProfileId } from './clientProfileTable';

// ---- what the probe found and what the diagnosis says ------------------------------------------------------
export const ClientSuiteCheckSchema = z.object({
  version: z.enum(['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']),
  /** the IANA names offered, exactly a profile's list for that version */
  offered: z.array(z.string()),
  /** which profiles this handshake answers for */
  profiles: z.array(z.string()),
  ok: z.boolean(),
  /** the suite the server chose (IANA) */
  cipher: z.string().optional(),
  /** how it failed: protocol_version, handshake_failure, timeout… */
  failure: z.string().optional(),
  ms: z.number(),
});
export type ClientSuiteCheck = z.infer<typeof ClientSuiteCheckSchema>;

export const ClientVerdictSchema = z.object({
  profile: z.string(),
  label: z.string(),
  willConnect: z.enum(['yes', 'no', 'unknown']),
  /** one sentence: the version and suite that works, or what stops it */
  why: z.string(),
});
export type ClientVerdict = z.infer<typeof ClientVerdictSchema>;

export const ClientsFactsSchema = z.object({
  /** the handshakes made for the table (those the version probes had not answered already) */
  checks: z.array(ClientSuiteCheckSchema),
  /** one row a profile; filled by the diagnosis */
  profiles: z.array(ClientVerdictSchema),
});
export type ClientsFacts = z.infer<typeof ClientsFactsSchema>;
