// Text read for comparison, whatever line endings the checkout gave the file (a Windows clone with
// core.autocrlf=true writes CRLF unless .gitattributes says otherwise).
import { readFileSync } from 'node:fs';

export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n/g, '\n');
}

export function readText(file: string): string {
  return normalizeNewlines(readFileSync(file, 'utf8'));
}
