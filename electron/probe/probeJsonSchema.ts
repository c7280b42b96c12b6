/**
 * The JSON Schema of `rdp-doctor probe --json` (a ProbeResult), generated from the zod model in
 * shared/probe.ts and committed as docs/probe-result.schema.json (a unit test keeps the file current).
 */
import { z } from 'zod';
import { ProbeResultSchema } from '../../shared/probe';

export function probeJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(ProbeResultSchema, { target: 'draft-2020-12', io: 'output' }),
    title: 'RDP Doctor probe result (rdp-doctor probe --json)',
  };
}

/** The committed file's exact text (2-space JSON and a final newline). */
export function probeJsonSchemaText(): string {
  return `${JSON.stringify(probeJsonSchema(), null, 2)}\n`;
}
