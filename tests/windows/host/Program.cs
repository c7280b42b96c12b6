// pwsh-host: behaves like `pwsh` (-NoProfile -NonInteractive -Command/-File/-EncodedCommand …) on the
// PowerShell engine from the Microsoft.PowerShell.SDK package. The tests run the exact command line the Node
// runner builds for powershell.exe with this binary in its place.
using System.Management.Automation.Runspaces;
using Microsoft.PowerShell;

var iss = InitialSessionState.CreateDefault2();
return ConsoleShell.Start(iss, "pwsh-host (PowerShell SDK)", "", args);
