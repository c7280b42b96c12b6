/**
 * Schemas for decoding the codes mstsc shows ("Code: 0x904, Extended Error Code: 0x7").
 * The tables themselves live in shared/codeTables.ts (Microsoft's public lists).
 */
import { z } from 'zod';

export const DecodedCodeSchema = z.object({
  /** which table the value was looked up in */
  table: z.enum(['disconnectReason', 'extendedDisconnectReason', 'setErrorInfo']),
  value: z.number().int(),
  hex: z.string(),
  /** Microsoft's symbolic name, null when unknown */
  name: z.string().nullable(),
  /** plain-language meaning; for unknown codes says so and never guesses */
  meaning: z.string(),
  known: z.boolean(),
});
export type DecodedCode = z.infer<typeof DecodedCodeSchema>;

export const DecodeResultSchema = z.object({
  input: z.string(),
  ok: z.boolean(),
  /** set when the input could not be read as codes */
  error: z.string().optional(),
  codes: z.array(DecodedCodeSchema),
  /** one or two sentences a technician understands */
  summary: z.string(),
  /** finding ids the codes usually point to */
  relatedFindings: z.array(z.string()),
});
export type DecodeResult = z.infer<typeof DecodeResultSchema>;
