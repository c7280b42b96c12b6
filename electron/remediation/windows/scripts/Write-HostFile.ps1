<#
  RDP Doctor: replaces a file's bytes (the Driver's writeFile()), Windows PowerShell 5.1. The existing
  file keeps its ACL (WriteAllBytes truncates in place). Input JSON: {"path":"C:\\...","base64":"..."}.
#>
param([string]$InputJson)
$ErrorActionPreference = 'Stop'
try {
  $req = ConvertFrom-Json -InputObject $InputJson
  [System.IO.File]::WriteAllBytes([string]$req.path, [Convert]::FromBase64String([string]$req.base64))
  ConvertTo-Json -Compress -InputObject ([ordered]@{ ok = $true })
} catch {
  ConvertTo-Json -Compress -InputObject ([ordered]@{ ok = $false; error = [ordered]@{ code = 'failed'; message = [string]$_.Exception.Message } })
}
