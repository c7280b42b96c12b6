// The inspection scripts (xrdp-inspect.sh, xrdp-service.sh, xrdp-session.sh) print one "name=value" per line.

/** "name=value" lines → last value per name, and every value of repeated names */
export function parseFactLines(text: string): { one: Map<string, string>; all: Map<string, string[]> } {
  const one = new Map<string, string>();
  const all = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const name = line.slice(0, eq);
    const value = line.slice(eq + 1);
    one.set(name, value);
    all.set(name, [...(all.get(name) ?? []), value]);
  }
  return { one, all };
}
