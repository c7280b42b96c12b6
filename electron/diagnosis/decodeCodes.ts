/**
 * The decoder for the codes mstsc shows: "Code: 0x904, Extended Error Code: 0x7" → what they mean, in
 * words a technician understands, and the findings that usually cause them.
 *
 * Input: one or two numbers (hex with 0x, or decimal), optionally with the labels mstsc prints around
 * them, separated by spaces, commas, semicolons or a slash. The first number is the disconnect reason,
 * the second the extended disconnect reason. Microsoft's symbolic names (ERRINFO_LOGOFF_BY_USER,
 * exDiscReasonServerDeniedConnection...) are read as codes of their own table, and the words "CredSSP" /
 * "encryption oracle" point at the CredSSP finding.
 * A number not in Microsoft's tables is reported as unknown; nothing is guessed.
 */

import type { DecodedCode, DecodeResult } from '../../shared/codes';
import {
  CODE_TABLES,
  type CodeEntry,
  type CodeTableName,
  codeHex,
  DISCONNECT_REASONS,
  EXTENDED_DISCONNECT_REASONS,
  EXTENDED_PROTOCOL_RANGE,
  SET_ERROR_INFO_CODES,
} from '../../shared/codeTables';
import { CREDSSP_ORACLE_MESSAGE, FINDING_CATALOGUE, FINDING_IDS, type FindingId } from '../../shared/findings';

/** Longer input is not a code someone copied from a dialog. */
export const DECODE_INPUT_MAX = 300;
const MAX_CODES = 2;
const UINT32_MAX = 0xffff_ffff;

/** Words mstsc (and people) put around the numbers; ignored when reading the input. */
const LABEL_WORDS = new Set([
  'code',
  'codes',
  'error',
  'extended',
  'ext',
  'disconnect',
  'disconnection',
  'reason',
  'and',
]);
const ORACLE_RE = /credssp|encryption\s+oracle/i;

type ParsedCode = { value: number; table?: CodeTableName };
type ParseResult = { ok: true; items: ParsedCode[]; oracle: boolean } | { ok: false; error: string };

/** Microsoft's symbolic names, so "ERRINFO_LOGOFF_BY_USER" or "exDiscReasonServerDeniedConnection" work too. */
const BY_NAME = new Map<string, ParsedCode>();
for (const [table, map] of Object.entries(CODE_TABLES) as Array<[CodeTableName, ReadonlyMap<number, CodeEntry>]>) {
  for (const entry of map.values()) BY_NAME.set(entry.name.toLowerCase(), { value: entry.value, table });
}

export function parseCodes(text: string): ParseResult {
  if (text.length > DECODE_INPUT_MAX) {
    return {
      ok: false,
      error: `That is too long to be an error code (${text.length} characters, at most ${DECODE_INPUT_MAX}).`,
    };
  }
  const oracle = ORACLE_RE.test(text);
  const tokens = text
    .replace(ORACLE_RE, ' ')
    .split(/[\s,;/:()[\]=]+/)
    .filter((t) => t.length > 0);
  const items: ParsedCode[] = [];
  for (const token of tokens) {
    const lower = token.toLowerCase().replace(/\.$/, '');
    if (LABEL_WORDS.has(lower) || lower === '') continue;
    const named = BY_NAME.get(lower);
    if (named) {
      items.push(named);
      continue;
    }
    let value: number;
    if (/^0x[0-9a-f]+$/.test(lower)) value = Number.parseInt(lower.slice(2), 16);
    else if (/^\d+$/.test(lower)) value = Number.parseInt(lower, 10);
    // The CredSSP message is prose: when it is pasted, its words are not codes.
    else if (oracle && /^[a-z.'"!?-]+$/.test(lower)) continue;
    else {
      return {
        ok: false,
        error: `"${token}" is not a code: write codes as hex (0x904), decimal (2308) or Microsoft's name (ERRINFO_LOGOFF_BY_USER).`,
      };
    }
    if (!Number.isSafeInteger(value) || value > UINT32_MAX) {
      return { ok: false, error: `"${token}" is too large to be an mstsc code (at most 0xffffffff).` };
    }
    items.push({ value });
  }
  if (items.length === 0 && !oracle) {
    return { ok: false, error: 'No code found: type the codes mstsc showed, e.g. "0x904 0x7".' };
  }
  if (items.length > MAX_CODES) {
    return {
      ok: false,
      error: `Found ${items.length} codes; give at most two: the code and the extended error code, e.g. "0x904 0x7".`,
    };
  }
  return { ok: true, items, oracle };
}

const NOT_LISTED = "is not in Microsoft's published list";

function decodeOne(table: CodeTableName, value: number): DecodedCode {
  const entry: CodeEntry | undefined = CODE_TABLES[table].get(value);
  const hex = codeHex(value);
  if (entry) return { table, value, hex, name: entry.name, meaning: entry.meaning, known: true };
  let meaning = `${hex} ${NOT_LISTED} of ${TABLE_LABEL[table]}s, so its meaning is unknown.`;
  if (
    table === 'extendedDisconnectReason' &&
    value >= EXTENDED_PROTOCOL_RANGE.start &&
    value <= EXTENDED_PROTOCOL_RANGE.end
  ) {
    meaning = `${hex} lies in the range Microsoft reserves for internal protocol errors (exDiscReasonProtocolRangeStart..End); the server's event log has the details.`;
  }
  return { table, value, hex, name: null, meaning, known: false };
}

const TABLE_LABEL: Record<CodeTableName, string> = {
  disconnectReason: 'disconnect reason',
  extendedDisconnectReason: 'extended disconnect reason',
  setErrorInfo: 'Set Error Info code',
};

/** Finding ids whose catalogue entry explains this reason (and extended reason, when given). */
function catalogueFindings(reason: number, extended: number | undefined): FindingId[] {
  const pair = extended === undefined ? null : `${codeHex(reason)}/${codeHex(extended)}`;
  const alone = codeHex(reason);
  return FINDING_IDS.filter((id) =>
    FINDING_CATALOGUE[id].explainsCodes.some((c) => {
      const code = c.toLowerCase();
      if (code === alone) return true;
      if (pair) return code === pair;
      return code.startsWith(`${alone}/`);
    }),
  );
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

export function decodeCodes(text: string): DecodeResult {
  const input = text.slice(0, DECODE_INPUT_MAX);
  const parsed = parseCodes(text);
  if (!parsed.ok) return { input, ok: false, error: parsed.error, codes: [], summary: '', relatedFindings: [] };

  const codes: DecodedCode[] = [];
  const related: FindingId[] = [];
  // Named codes go to their own table; plain numbers are "code, extended code" in the order mstsc shows them.
  const named = (table: CodeTableName) => parsed.items.find((i) => i.table === table)?.value;
  const numbers = parsed.items.filter((i) => i.table === undefined).map((i) => i.value);
  const reason = named('disconnectReason') ?? numbers.shift();
  const extended = named('extendedDisconnectReason') ?? numbers.shift();
  const namedErrorInfo = named('setErrorInfo');

  if (reason !== undefined) {
    const asReason = decodeOne('disconnectReason', reason);
    // A lone number that is no disconnect reason may be a Set Error Info code from a server log.
    if (!asReason.known && extended === undefined && namedErrorInfo === undefined && SET_ERROR_INFO_CODES.has(reason)) {
      codes.push(decodeOne('setErrorInfo', reason));
    } else {
      codes.push(asReason);
      related.push(...(DISCONNECT_REASONS.get(reason)?.findings ?? []));
    }
    related.push(...catalogueFindings(reason, extended));
  }
  if (extended !== undefined) {
    codes.push(decodeOne('extendedDisconnectReason', extended));
    related.push(...(EXTENDED_DISCONNECT_REASONS.get(extended)?.findings ?? []));
    // In the protocol range, the extended reason carries the server's MS-RDPBCGR errorInfo code.
    if (
      extended >= EXTENDED_PROTOCOL_RANGE.start &&
      extended <= EXTENDED_PROTOCOL_RANGE.end &&
      SET_ERROR_INFO_CODES.has(extended) &&
      extended !== namedErrorInfo
    ) {
      codes.push(decodeOne('setErrorInfo', extended));
    }
  }
  if (namedErrorInfo !== undefined) {
    codes.push(decodeOne('setErrorInfo', namedErrorInfo));
    related.push(...(SET_ERROR_INFO_CODES.get(namedErrorInfo)?.findings ?? []));
  }
  if (parsed.oracle) related.push('credssp-outdated');

  const relatedFindings = unique(related);
  return { input, ok: true, codes, summary: summarise(codes, reason, extended, parsed.oracle), relatedFindings };
}

const SERVER_DENIED = 0x904;
const EX_SERVER_DENIED_CONNECTION = 0x7;

function summarise(
  codes: DecodedCode[],
  reason: number | undefined,
  extended: number | undefined,
  oracle: boolean,
): string {
  const parts: string[] = [];
  if (reason === SERVER_DENIED && extended === EX_SERVER_DENIED_CONNECTION) {
    parts.push(
      'The connection reached the server, and the server denied it and closed the connection. ' +
        'The usual causes: the server cannot complete the TLS handshake (on Windows, often because Remote Desktop cannot read ' +
        "its certificate's private key), it does not offer the security this client insists on, Network Level Authentication " +
        'rejected the account, or a CredSSP version mismatch. A probe of the host tells which.',
    );
  } else {
    const unknown = codes.filter((c) => !c.known);
    for (const code of codes) {
      if (code.known) parts.push(`${capitalise(TABLE_LABEL[code.table])} ${code.hex} (${code.name}): ${code.meaning}`);
    }
    // Unknown codes are said to be unknown once, together (the per-code lines only name them).
    const plain = unknown.filter((c) => c.meaning.includes(NOT_LISTED));
    for (const code of unknown) if (!plain.includes(code) || plain.length === 1) parts.push(code.meaning);
    if (plain.length > 1) {
      parts.push(
        `None of ${plain.map((c) => `${c.hex} (${TABLE_LABEL[c.table]})`).join(', ')} is in Microsoft's published lists, so their meaning is unknown.`,
      );
    }
  }
  if (oracle) {
    parts.push(
      `The "${CREDSSP_ORACLE_MESSAGE}" message means client and server are on different sides of the 2018 CredSSP fix: update the side that is behind.`,
    );
  }
  return parts.join(' ');
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
