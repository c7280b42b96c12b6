// The Windows host's scripts bundled into the app as text: every .ps1 file of scripts/ (Windows PowerShell 5.1),
// found by Vite's import.meta.glob at build time, so a new phase script needs no line here. Each takes ONE JSON
// document as its only argument and prints one JSON document. The bootstrap is the fixed text behind
// powershell.exe -EncodedCommand; it runs one of these with its JSON (see powershell.ts). The console body is
// not one of them: consoleScript.ts puts it after its header.
import bootstrap from './bootstrap.ps1?raw';

export const BOOTSTRAP_PS1: string = bootstrap;

const files = import.meta.glob<string>(['./scripts/*.ps1', '!./scripts/Console-Fix.body.ps1'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** Script text by file name ("Grant-RdpKeyRead.ps1"). */
export const WINDOWS_SCRIPTS: Record<string, string> = Object.fromEntries(
  Object.entries(files).map(([path, text]) => [path.slice(path.lastIndexOf('/') + 1), text]),
);
