// The Windows host's scripts bundled into the app as text: every .ps1 file of scripts/ (Windows PowerShell 5.1),
// found by Vite's import.meta.glob at build time, so a new phase script needs no line here. Each takes ONE JSON
// document as its only argument and prints one JSON document. The bootstrap is the fixed text behind
// powershell.exe -EncodedCommand; it runs one of these with its JSON (see powershell.ts). The console body is
// not one of them: consoleScript.ts puts it after its header.
// Code two scripts share lives in a *.lib.ps1 (not a script) that each includes with the line
// `. (Join-Path $PSScriptRoot '<name>.lib.ps1')`: that works from the file (Pester); a host gets ONE script text
// per run, so here the lib's text takes that line's place (as xrdp/scripts.ts joins its sh pieces).
import bootstrap from './bootstrap.ps1?raw';

export const BOOTSTRAP_PS1: string = bootstrap;

const files = import.meta.glob<string>(['./scripts/*.ps1', '!./scripts/Console-Fix.body.ps1', '!./scripts/*.lib.ps1'], {
  query: '?raw',
  import: 'default',
  eager: true,
});
const libFiles = import.meta.glob<string>('./scripts/*.lib.ps1', { query: '?raw', import: 'default', eager: true });

const byName = (all: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(all).map(([path, text]) => [path.slice(path.lastIndexOf('/') + 1), text]));

/** The shared PowerShell pieces by file name ("RdpKeyAcl.lib.ps1"). */
export const PS_LIBS: Record<string, string> = byName(libFiles);

const INCLUDE = /^\. \(Join-Path \$PSScriptRoot '([A-Za-z0-9.-]+\.lib\.ps1)'\)\r?$/gm;

/** A script's text with each include line replaced by its lib (an unknown lib fails at load, not on a host). */
export function withIncludes(text: string, libs: Record<string, string> = PS_LIBS): string {
  return text.replace(INCLUDE, (_line, name: string) => {
    const lib = libs[name];
    if (lib === undefined) throw new Error(`A Windows script includes ${name}, which is not in scripts/.`);
    return lib.trimEnd();
  });
}

/** Script text by file name ("Grant-RdpKeyRead.ps1"), libs joined in: what a host runs. */
export const WINDOWS_SCRIPTS: Record<string, string> = Object.fromEntries(
  Object.entries(byName(files)).map(([name, text]) => [name, withIncludes(text)]),
);
