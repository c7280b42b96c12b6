<#
  RDP Doctor: runs one native command given as an argv array (the Driver's run()), Windows PowerShell 5.1.
  Input JSON: {"argv":["icacls.exe","C:\\path","/grant","*S-1-5-20:(R)"]}. Each element is passed as one
  argument by PowerShell's call operator: data, never parsed as code.
#>
param([string]$InputJson)
$ErrorActionPreference = 'Stop'
try {
  $req = ConvertFrom-Json -InputObject $InputJson
  $argv = @($req.argv | ForEach-Object { [string]$_ })
  if ($argv.Count -lt 1 -or -not $argv[0]) { throw 'no command given' }
  $rest = @($argv | Select-Object -Skip 1)
  $out = & $argv[0] @rest 2>&1
  $code = $LASTEXITCODE
  if ($null -eq $code) { $code = 0 }
  ConvertTo-Json -Compress -InputObject ([ordered]@{ ok = $true; exitCode = [int]$code; lines = @(@($out) | ForEach-Object { [string]$_ }) })
} catch {
  ConvertTo-Json -Compress -InputObject ([ordered]@{ ok = $false; error = [ordered]@{ code = 'failed'; message = [string]$_.Exception.Message } })
}
