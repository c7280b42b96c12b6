/** The JSON Schema of the fleet report, generated from the zod model (committed as docs/fleet-report.schema.json). */
import { z } from 'zod';
import { FleetReportSchema } from '../../../shared/fleet';

export function fleetJsonSchemaText(): string {
  const schema = {
    ...z.toJSONSchema(FleetReportSchema, { target: 'draft-2020-12', io: 'output' }),
    title: 'RDP Doctor fleet report',
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
