/**
 * Just enough CSV (RFC 4180) for an inventory export: quoted fields with "" escapes and line breaks inside
 * quotes, a comma, semicolon (Excel in many locales) or tab as the separator, found from the first line.
 * Each row keeps the line number it starts on, so a bad row can be named. Pure.
 */
export interface CsvRow {
  /** 1-based line where the row starts */
  line: number;
  fields: string[];
}

export interface CsvResult {
  rows: CsvRow[];
  /** an unterminated quote: the rows before it are kept */
  error: { line: number; message: string } | null;
}

/** The separator the first line uses most outside quotes (comma when none). */
export function detectDelimiter(text: string): string {
  const firstLine = text.split(/\r\n|\n|\r/, 1)[0] ?? '';
  const outside = firstLine.replace(/"[^"]*"/g, '');
  let best = ',';
  let bestCount = 0;
  for (const d of [',', ';', '\t']) {
    const count = outside.split(d).length - 1;
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

export function parseCsv(text: string, delimiter = detectDelimiter(text)): CsvResult {
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let rowLine = 1;
  let inQuotes = false;
  let quoteLine = 1;
  let i = 0;
  const endRow = () => {
    fields.push(field);
    rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i++;
        continue;
      }
      if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field.trim() === '') {
      inQuotes = true;
      quoteLine = line;
      field = '';
      i++;
      continue;
    }
    if (c === delimiter) {
      fields.push(field);
      field = '';
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRow();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      rowLine = line;
      continue;
    }
    field += c;
    i++;
  }
  if (inQuotes) {
    return {
      rows,
      error: {
        line: quoteLine,
        message: 'a quoted field is never closed (a " is missing); the rest of the file was not read',
      },
    };
  }
  if (field !== '' || fields.length > 0) endRow();
  return { rows, error: null };
}
