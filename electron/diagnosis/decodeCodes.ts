// STUB (foundation): replaced by the decoder (issue 4).
import type { DecodeResult } from '../../shared/codes';

export function decodeCodes(text: string): DecodeResult {
  return { input: text, ok: false, error: 'The decoder is not built yet.', codes: [], summary: '', relatedFindings: [] };
}
