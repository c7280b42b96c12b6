<#
  RDP Doctor: a file's bytes as base64 (the Driver's readFile()), Windows PowerShell 5.1.
  Input JSON: {"path":"C:\\..."} -> {"ok":true,"exists":true,"base64":"..."}.
#>
param([string]$InputJson)
$ErrorActionPreference = 'Stop'
try {
  $path = [string](ConvertFrom-Json -InputObject $InputJson).path
  if (-not [System.IO.File]::Exists($path)) { ConvertTo-Json -Compress -InputObject ([ordered]@{ ok = $true; exists = $false }) }
  else { ConvertTo-Json -Compress -InputObject ([ordered]@{ ok = $true; exists = $true; base64 = [Convert]::ToBase64String([System.IO.File]::ReadAllBytes($path)) }) }
} catch {
  ConvertTo-Json -Compress -InputObject ([ordered]@{ ok = $false; error = [ordered]@{ code = 'failed'; message = [string]$_.Exception.Message } })
}
