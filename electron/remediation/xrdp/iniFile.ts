/**
 * xrdp.ini as xrdp reads it (common/file.c): "[Section]" headers, "key=value" lines split at the first "=";
 * a "#" or ";" ANYWHERE in a line starts a comment that runs to its end (so a value cannot contain them);
 * keys compare case-insensitively, spaces around key and value are trimmed, the first occurrence of a key in
 * a section wins. The editor changes only the lines it must and keeps every other byte (comments,
 * order, line endings) so that an undo can compare and restore the file byte for byte.
 */

export type IniSections = Map<string, Map<string, string>>;

interface Line {
  text: string;
  /** the line ending after it ("\n", "\r\n" or "" for the last line) */
  eol: string;
}

function splitLines(text: string): Line[] {
  const out: Line[] = [];
  const re = /\r?\n/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ text: text.slice(last, m.index), eol: m[0] });
    last = m.index + m[0].length;
  }
  out.push({ text: text.slice(last), eol: '' });
  return out;
}

function sectionOf(line: string): string | null {
  const m = /^\s*\[([^\]]*)\]\s*$/.exec(uncommented(line));
  return m ? (m[1] ?? '').trim().toLowerCase() : null;
}

/** The line without its comment: xrdp drops everything from the first "#" or ";". */
function uncommented(line: string): string {
  const cut = line.search(/[#;]/);
  return cut === -1 ? line : line.slice(0, cut);
}

function keyValueOf(line: string): { key: string; value: string } | null {
  const t = uncommented(line).trim();
  if (!t) return null;
  const eq = t.indexOf('=');
  if (eq <= 0) return null;
  return { key: t.slice(0, eq).trim().toLowerCase(), value: t.slice(eq + 1).trim() };
}

/** Every section's keys (lower-case) → first value. */
export function parseIni(text: string): IniSections {
  const sections: IniSections = new Map();
  let current: Map<string, string> | null = null;
  for (const { text: line } of splitLines(text)) {
    const section = sectionOf(line);
    if (section !== null) {
      current = sections.get(section) ?? new Map();
      sections.set(section, current);
      continue;
    }
    const kv = keyValueOf(line);
    if (kv && current && !current.has(kv.key)) current.set(kv.key, kv.value);
  }
  return sections;
}

export interface IniEdit {
  /** the new file text */
  text: string;
  /** key → [old value or null when added, new value] for the keys that changed */
  changed: Array<{ key: string; before: string | null; after: string }>;
}

/**
 * Sets keys in one section: the first existing line of each key is rewritten (keeping its original key
 * spelling); a missing key is added after the section's last key line. A key already at the value is left
 * alone. Values must be one line.
 */
export function setIniValues(text: string, section: string, values: Record<string, string>): IniEdit {
  const wantSection = section.toLowerCase();
  for (const [k, v] of Object.entries(values)) {
    if (/[\r\n]/.test(v) || /[\r\n=[\]#;]/.test(k)) throw new Error(`An ini value must be one line (${k}).`);
    // xrdp would read everything from "#" or ";" on as a comment: such a value cannot be written
    if (/[#;]/.test(v)) throw new Error(`xrdp.ini cannot hold a value with "#" or ";" (${k}=${v}).`);
  }
  const lines = splitLines(text);
  const pending = new Map(Object.entries(values).map(([k, v]) => [k.toLowerCase(), { key: k, value: v }]));
  const changed: IniEdit['changed'] = [];
  let inSection = false;
  let sectionFound = false;
  let lastKeyLine = -1;
  const seen = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as Line;
    const s = sectionOf(line.text);
    if (s !== null) {
      inSection = s === wantSection && !sectionFound;
      if (inSection) {
        sectionFound = true;
        lastKeyLine = i;
      }
      continue;
    }
    if (!inSection) continue;
    const kv = keyValueOf(line.text);
    if (!kv) continue;
    lastKeyLine = i;
    const want = pending.get(kv.key);
    if (!want || seen.has(kv.key)) continue;
    seen.add(kv.key);
    pending.delete(kv.key);
    if (kv.value === want.value) continue;
    const originalKey = line.text.slice(0, line.text.indexOf('=')).trim();
    // keep a trailing comment as it was
    const comment = line.text.slice(uncommented(line.text).length);
    line.text = `${originalKey}=${want.value}${comment ? ` ${comment}` : ''}`;
    changed.push({ key: want.key, before: kv.value, after: want.value });
  }
  if (!sectionFound) throw new Error(`The file has no [${section}] section.`);
  if (pending.size) {
    const eol = lines.find((l) => l.eol)?.eol ?? '\n';
    const added: Line[] = [...pending.values()].map(({ key, value }) => ({ text: `${key}=${value}`, eol }));
    const at = lastKeyLine + 1;
    // the line before the insertion point must end with a newline
    const before = lines[at - 1] as Line;
    if (!before.eol) {
      before.eol = eol;
      const lastAdded = added[added.length - 1] as Line;
      lastAdded.eol = '';
    }
    lines.splice(at, 0, ...added);
    for (const { key, value } of pending.values()) changed.push({ key, before: null, after: value });
  }
  return { text: lines.map((l) => l.text + l.eol).join(''), changed };
}

/**
 * setIniValues on the file's bytes: read and written as latin1 (one character per byte), so every byte
 * outside the changed lines — a Latin-1 or UTF-8 comment, a stray CR — comes back exactly as it was.
 */
export function setIniValuesInBytes(
  bytes: Buffer,
  section: string,
  values: Record<string, string>,
): { bytes: Buffer; changed: IniEdit['changed'] } {
  const edit = setIniValues(bytes.toString('latin1'), section, values);
  return { bytes: Buffer.from(edit.text, 'latin1'), changed: edit.changed };
}
