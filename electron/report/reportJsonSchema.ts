/** The JSON Schema of the report, generated from the zod model (committed as docs/report.schema.json). */
import { z } from 'zod';
import { ReportSchema } from '../../shared/report';

export function reportJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(ReportSchema, { target: 'draft-2020-12', io: 'output' }),
    title: 'RDP Doctor diagnostic report',
  };
}

/** The committed file's exact text (2-space JSON and a final newline). */
export function reportJsonSchemaText(): string {
  return `${JSON.stringify(reportJsonSchema(), null, 2)}\n`;
}
