# ---- RDP Doctor console fix: the fixed body (electron/remediation/windows/scripts/Console-Fix.body.ps1) ----
# The header above sets $RdpDoctorPort, $RdpDoctorPhases and $RdpDoctorScripts (the repo scripts, verbatim).
# Checks first (Windows PowerShell 5.1 or later, administrator), then inspect, then per phase: plan (the
# real old -> new values), backup to a JSON file, apply; on a failure the phases done so far are undone.
# Ends with the verify lines from a fresh inspection. Undo later: run this file with -Undo <backup file>.
# Backups go to -BackupFolder (default: %ProgramData%\RdpDoctor\backup).
$ErrorActionPreference = 'Stop'
function Invoke-RdpDoctorScript([string]$Name, $InputObject) {
  $json = ConvertTo-Json -InputObject $InputObject -Depth 8 -Compress
  $out = & $RdpDoctorScripts[$Name] $json
  $doc = ConvertFrom-Json -InputObject ((@($out) | Where-Object { "$_".StartsWith('{') } | Select-Object -Last 1))
  if ($doc.ok -eq $false) { throw ("$Name " + $InputObject.action + ': ' + $doc.error.message) }
  $doc
}
function Get-PhaseInput([string]$Phase, $Facts) {
  switch ($Phase) {
    'win-start-service-open-firewall' { @{ script = 'Enable-RdpAccess.ps1'; input = @{} } }
    'win-set-security-layer' { @{ script = 'Set-RdpListenerSetting.ps1'; input = @{ setting = 'SecurityLayer'; value = 2 } } }
    'win-set-nla' { @{ script = 'Set-RdpListenerSetting.ps1'; input = @{ setting = 'UserAuthenticationRequired'; value = 1 } } }
    'win-grant-machinekeys-read' { @{ script = 'Grant-RdpKeyRead.ps1'; input = @{ keyPath = [string]$Facts.key.path } } }
    'win-regenerate-self-signed-cert' { @{ script = 'Reset-RdpSelfSignedCert.ps1'; input = @{ thumbprint = [string]$Facts.listener.certificateThumbprint; port = $RdpDoctorPort } } }
    'win-enable-tls12' { @{ script = 'Enable-Tls12Server.ps1'; input = @{} } }
    'win-restart-termservice' { @{ script = 'Restart-TermService.ps1'; input = @{ port = $RdpDoctorPort } } }
    default { throw "Unknown phase $Phase" }
  }
}
function Show-Findings($Facts) {
  foreach ($f in @($Facts.findings)) { Write-Host ("  finding {0} ({1}): {2}" -f $f.id, $f.reason, (@($f.evidence) -join ' | ')) }
  if (@($Facts.findings).Count -eq 0) { Write-Host '  no problem found on the host' }
  foreach ($e in @($Facts.errors)) { Write-Host ("  could not read {0}: {1}" -f $e.section, $e.message) }
}
function Undo-RdpDoctor($Done) {
  $list = @($Done)
  [array]::Reverse($list)
  foreach ($d in $list) {
    $in = @{}
    foreach ($p in $d.input.PSObject.Properties) { $in[$p.Name] = $p.Value }
    if ($d.phase -eq 'win-restart-termservice') { $in.action = 'apply' } else { $in.action = 'undo'; $in.backup = $d.backup }
    $r = Invoke-RdpDoctorScript $d.script $in
    Write-Host ("undone {0} (changed: {1})" -f $d.phase, $r.changed)
  }
}

function Test-RdpDoctorAdministrator {
  $principal = New-Object Security.Principal.WindowsPrincipal ([Security.Principal.WindowsIdentity]::GetCurrent())
  $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
}

$v = $PSVersionTable.PSVersion
if ($v.Major -lt 5 -or ($v.Major -eq 5 -and $v.Minor -lt 1)) { throw "PowerShell ${v}: this script needs Windows PowerShell 5.1 (Windows Management Framework 5.1)." }
if (-not (Test-RdpDoctorAdministrator)) { throw 'Run this script in an elevated PowerShell (Run as administrator).' }

if ($Undo) {
  $saved = ConvertFrom-Json -InputObject ([System.IO.File]::ReadAllText($Undo))
  Undo-RdpDoctor @($saved)
  Write-Host 'Undo finished: restart the RDP client and try again.'
  return
}

Write-Host "== inspect (read-only), port $RdpDoctorPort"
$facts = Invoke-RdpDoctorScript 'Inspect-RdpHost.ps1' @{ port = $RdpDoctorPort }
foreach ($line in @($facts.summary)) { Write-Host "  $line" }
Show-Findings $facts

$dir = $BackupFolder
if (-not $dir) {
  $pd = $env:ProgramData; if (-not $pd) { $pd = 'C:\ProgramData' }
  $dir = Join-Path (Join-Path $pd 'RdpDoctor') 'backup'
}
[void](New-Item -ItemType Directory -Path $dir -Force)
$backupFile = Join-Path $dir ('console-' + (Get-Date -Format 'yyyyMMdd-HHmmss') + '.json')
$done = New-Object System.Collections.ArrayList
try {
  foreach ($phase in $RdpDoctorPhases) {
    $spec = Get-PhaseInput $phase $facts
    $in = $spec.input.Clone(); $in.action = 'plan'
    $plan = Invoke-RdpDoctorScript $spec.script $in
    Write-Host "== $phase"
    foreach ($c in @($plan.changes)) { Write-Host ("  {0}: {1} -> {2}" -f $c.target, $c.before, $c.after) }
    if ($plan.alreadyRight -and $phase -ne 'win-restart-termservice') { Write-Host '  already right: nothing to change'; continue }
    if ($WhatIf) { continue }
    [void]$done.Add([ordered]@{ phase = $phase; script = $spec.script; input = $spec.input; backup = $plan.backup })
    [System.IO.File]::WriteAllText($backupFile, (ConvertTo-Json -InputObject @($done) -Depth 10))
    $in = $spec.input.Clone(); $in.action = 'apply'
    $r = Invoke-RdpDoctorScript $spec.script $in
    foreach ($l in @($r.lines)) { Write-Host "  $l" }
    if ($r.restartNeeded) { Write-Host '  Windows must restart before this takes effect.' }
    Write-Host ("  applied (changed: {0})" -f $r.changed)
  }
} catch {
  Write-Host "FAILED: $($_.Exception.Message)"
  if ($done.Count -gt 0) { Write-Host 'Undoing what was done...'; Undo-RdpDoctor (ConvertFrom-Json -InputObject (ConvertTo-Json -InputObject @($done) -Depth 10)) }
  throw
}

Write-Host '== verify (fresh inspection)'
$after = Invoke-RdpDoctorScript 'Inspect-RdpHost.ps1' @{ port = $RdpDoctorPort }
Show-Findings $after
if ($done.Count -gt 0) { Write-Host "Backup: $backupFile  (undo: run this script with -Undo '$backupFile')" }
