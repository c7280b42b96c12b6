# ---- RDP Doctor console fix: the fixed body (electron/remediation/windows/scripts/Console-Fix.body.ps1) ----
# The header above sets $RdpDoctorPort, $RdpDoctorPhases, $RdpDoctorPhaseTable (each phase's script, flags and
# input, from its spec) and $RdpDoctorScripts (the phase scripts the app runs, verbatim).
# Checks first (Windows PowerShell 5.1 or later, administrator), then inspect, then per phase: plan (the
# real old -> new values), backup to a JSON file, apply; on a failure the phases done so far are undone.
# Ends with the verify lines from a fresh inspection. Undo later: run this file with -Undo <backup file>.
# Backups go to -BackupFolder (default: %ProgramData%\RdpDoctor\backup), a folder only Administrators and
# SYSTEM may open (protected ACL, nothing inherited); -Undo checks every value of a backup before it changes
# anything, so an edited backup file cannot make it lower security or touch another file.
$ErrorActionPreference = 'Stop'
function Invoke-RdpDoctorScript([string]$Name, $InputObject) {
  $json = ConvertTo-Json -InputObject $InputObject -Depth 8 -Compress
  # the .pfx password typed at the start: a SecureString, given to the one script that imports the .pfx
  if ($Name -eq 'Set-RdpTrustedCert.ps1') { $out = & $RdpDoctorScripts[$Name] $json $RdpDoctorPfxPassword }
  else { $out = & $RdpDoctorScripts[$Name] $json }
  $doc = ConvertFrom-Json -InputObject ((@($out) | Where-Object { "$_".StartsWith('{') } | Select-Object -Last 1))
  if ($doc.ok -eq $false) { throw ("$Name " + $InputObject.action + ': ' + $doc.error.message) }
  $doc
}
# A phase's script and input, from the header's table (its spec): a "rdpdoctor-fact:x.y" value is x.y of this
# host's inspection (data, never run); -OpenPublicFirewall is the one console option an input takes.
function Get-PhaseInput([string]$Phase, $Facts) {
  $p = $RdpDoctorPhaseTable[$Phase]
  if (-not $p) { throw "Unknown phase $Phase" }
  $in = @{}
  foreach ($prop in @((ConvertFrom-Json -InputObject $p.input).PSObject.Properties)) {
    $v = $prop.Value
    if ($v -is [string] -and $v.StartsWith('rdpdoctor-fact:')) {
      $v = $Facts
      foreach ($part in $prop.Value.Substring(15).Split('.')) { if ($null -ne $v) { $v = $v.$part } }
      if ($null -eq $v) { $v = '' }
    }
    $in[$prop.Name] = $v
  }
  if ($in.ContainsKey('allowPublicProfile')) { $in.allowPublicProfile = [bool]$OpenPublicFirewall }
  # the certificate to install: the .pfx named with -PfxFile (its thumbprint is read from it on the host)
  if ($p.script -eq 'Set-RdpTrustedCert.ps1') { $in.pfxPath = $RdpDoctorPfxPath }
  @{ script = $p.script; input = $in }
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
    foreach ($p in $d.input.GetEnumerator()) { $in[$p.Key] = $p.Value }
    # a restart has no backup: it runs again so the service reloads what the other undos put back
    if ($RdpDoctorPhaseTable[$d.phase].undoIsApply) { $in.action = 'apply' } else { $in.action = 'undo'; $in.backup = $d.backup }
    $r = Invoke-RdpDoctorScript $d.script $in
    Write-Host ("undone {0} (changed: {1})" -f $d.phase, $r.changed)
  }
}

# What -Undo may put back, checked for EVERY entry before anything changes. The script and its input come from
# the phase name (never from the file); the backup's values must be ones a fix of this script could have
# replaced. A value outside that is refused with the reason, and nothing is undone.
function Assert-RdpDoctorUndo($Saved) {
  $checked = New-Object System.Collections.ArrayList
  foreach ($d in @($Saved)) {
    $phase = [string]$d.phase
    $b = $d.backup
    if ($RdpDoctorPhases -notcontains $phase) { throw "The backup names phase '$phase', which this script does not carry (it has: $($RdpDoctorPhases -join ', ')). Run the console script that wrote the backup; nothing was undone." }
    $why = $null
    $phaseInput = @{}
    switch ($phase) {
      'win-set-security-layer' {
        if ([string]$b.setting -ne 'SecurityLayer' -or @('1', '2') -notcontains [string]$b.value) { $why = "SecurityLayer '$($b.value)' is not put back by -Undo (only 1 Negotiate or 2 TLS: 0 would turn TLS off)" }
        $phaseInput = @{ setting = 'SecurityLayer'; value = 2 }
      }
      'win-set-nla' {
        if ([string]$b.setting -ne 'UserAuthenticationRequired' -or @('0', '1') -notcontains [string]$b.value) { $why = "UserAuthenticationRequired '$($b.value)' is not a value NLA had (0 or 1)" }
        $phaseInput = @{ setting = 'UserAuthenticationRequired'; value = 1 }
      }
      'win-grant-machinekeys-read' {
        $recorded = [string]$d.input.keyPath
        if ([string]$b.keyPath -notmatch '^[A-Za-z]:\\ProgramData\\Microsoft\\Crypto\\(RSA\\MachineKeys|Keys)\\[A-Za-z0-9_.{}-]+$') { $why = "'$($b.keyPath)' is not one key file under MachineKeys" }
        elseif ([string]$b.keyPath -ne $recorded) { $why = "the ACL is for '$($b.keyPath)' but the phase recorded '$recorded'" }
        elseif ([string]$b.sddl -notmatch '^O:[A-Za-z0-9-]+G:[A-Za-z0-9-]+D:[A-Z]*(\([A-Za-z0-9;:_-]*\))+$') { $why = 'the saved ACL is not an SDDL of one file (owner, group and access list)' }
        $phaseInput = @{ keyPath = [string]$b.keyPath }
      }
      'win-enable-tls12' {
        foreach ($v in @($b.values.PSObject.Properties)) {
          # any DWORD Windows had (0xffffffff is a common "enabled"), but only Enabled/DisabledByDefault
          if (@('Enabled', 'DisabledByDefault') -notcontains $v.Name) { $why = "SCHANNEL value '$($v.Name)' is not one this phase changes" }
          elseif ($null -ne $v.Value -and ([string]$v.Value -notmatch '^\d{1,10}$' -or [int64]$v.Value -gt 4294967295)) { $why = "SCHANNEL $($v.Name) '$($v.Value)' is not a DWORD" }
        }
        $phaseInput = @{}
      }
      'win-start-service-open-firewall' {
        if ($null -ne $b.fDenyTSConnections -and @('0', '1') -notcontains [string]$b.fDenyTSConnections) { $why = "fDenyTSConnections '$($b.fDenyTSConnections)' is not 0 or 1" }
        if ($b.serviceStartType -and @('Automatic', 'Manual', 'Disabled') -notcontains [string]$b.serviceStartType) { $why = "TermService start type '$($b.serviceStartType)' is not Automatic, Manual or Disabled" }
        $phaseInput = @{ allowPublicProfile = $false }
      }
      'win-regenerate-self-signed-cert' {
        if ([string]$b.thumbprint -notmatch '^[0-9A-Fa-f]{40}$' -or [string]$b.backupStore -ne 'RdpDoctorBackup') { $why = 'the certificate to put back is not a thumbprint in the RdpDoctorBackup store' }
        $phaseInput = @{ thumbprint = [string]$b.thumbprint; port = $RdpDoctorPort }
      }
      'win-restart-termservice' { $phaseInput = @{ port = $RdpDoctorPort } }
      'win-bind-trusted-cert' {
        # Set-RdpTrustedCert.ps1 checks the same again (and the key ACL's shape) before it changes anything
        if ([string]$b.thumbprint -notmatch '^[0-9A-Fa-f]{40}$') { $why = 'the certificate to take back is not a thumbprint' }
        elseif ([string]$b.previousThumbprint -and [string]$b.previousThumbprint -notmatch '^[0-9A-Fa-f]{40}$') { $why = 'the certificate to bind again is not a thumbprint' }
        elseif ($b.previousInRegistry -isnot [bool] -or $b.wasPresent -isnot [bool]) { $why = 'it does not say how the listener was bound and whether the certificate was there before' }
        $phaseInput = @{}
      }
    }
    if ($why) { throw "Refusing to undo ${phase}: $why. The backup file was changed or is not from this script; nothing was undone." }
    [void]$checked.Add(@{ phase = $phase; script = $RdpDoctorPhaseTable[$phase].script; input = $phaseInput; backup = $b })
  }
  , $checked.ToArray()
}

# The backup folder: created if missing, then given a protected ACL (no inheritance) that lets only
# Administrators and SYSTEM in, and read back to prove it. ProgramData is writable by every user, so a folder
# someone else made there earlier (or a junction) is taken over or refused, never trusted as found.
$RdpDoctorFolderSddl = 'O:BAG:SYD:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)'
function Test-RdpDoctorFolderSddl([string]$Sddl) {
  # owner Administrators or SYSTEM; DACL protected (P), then only full-control allow entries for the two
  if ($Sddl -notmatch '^O:(BA|SY|S-1-5-32-544|S-1-5-18)G:[A-Za-z0-9-]+D:P(AR)?(AI)?(?<aces>(\([^)]*\))+)$') { return $false }
  $aces = @([regex]::Matches($Matches['aces'], '\(([^)]*)\)') | ForEach-Object { $_.Groups[1].Value })
  if ($aces.Count -eq 0) { return $false }
  foreach ($a in $aces) { if ($a -notmatch '^A;[A-Z]*;(FA|0x1f01ff);;;(SY|BA|S-1-5-18|S-1-5-32-544)$') { return $false } }
  $true
}
function Protect-RdpDoctorFolder([string]$Path) {
  if (Test-Path -LiteralPath $Path) {
    $item = Get-Item -LiteralPath $Path -Force
    if (-not $item.PSIsContainer) { throw "The backup folder $Path is a file, not a folder: remove it or give -BackupFolder." }
    if ($item.Attributes -band [System.IO.FileAttributes]::ReparsePoint) { throw "The backup folder $Path is a link (junction or symbolic link): remove it or give -BackupFolder. Nothing was changed." }
  } else { [void](New-Item -ItemType Directory -Path $Path -Force) }
  $acl = Get-Acl -LiteralPath $Path
  $acl.SetSecurityDescriptorSddlForm($RdpDoctorFolderSddl)
  Set-Acl -LiteralPath $Path -AclObject $acl
  $now = [string](Get-Acl -LiteralPath $Path).Sddl
  if (-not (Test-RdpDoctorFolderSddl $now)) { throw "The backup folder $Path could not be limited to Administrators and SYSTEM (its ACL is $now). Nothing was changed." }
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
  Undo-RdpDoctor (Assert-RdpDoctorUndo $saved)
  Write-Host 'Undo finished: restart the RDP client and try again.'
  return
}

# A certificate to install comes from a .pfx file named with -PfxFile; its password is typed here (a SecureString,
# never on a command line or in a file) and goes to Set-RdpTrustedCert.ps1 only.
$RdpDoctorPfxPath = $null; $RdpDoctorPfxPassword = $null
if ($RdpDoctorPhases -contains 'win-bind-trusted-cert') {
  if (-not $PfxFile) { throw 'This script installs a certificate: give the .pfx file with -PfxFile <path> (its password is asked for).' }
  $RdpDoctorPfxPath = (Resolve-Path -LiteralPath $PfxFile).ProviderPath
  $RdpDoctorPfxPassword = Read-Host -AsSecureString -Prompt "Password of $RdpDoctorPfxPath"
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
if (-not $WhatIf) {
  # the default folder's parent too: whoever could rename RdpDoctor could swap the backup folder under it
  if (-not $BackupFolder) { Protect-RdpDoctorFolder (Split-Path -Parent $dir) }
  Protect-RdpDoctorFolder $dir
}
# unique (time + random) and created exclusively: never an existing file, never two runs in one second
$backupFile = Join-Path $dir ('console-' + (Get-Date -Format 'yyyyMMdd-HHmmss') + '-' + ([guid]::NewGuid().ToString('N').Substring(0, 8)) + '.json')
function Save-RdpDoctorBackup([string]$Text) {
  $mode = [System.IO.FileMode]::Create
  if (-not [System.IO.File]::Exists($backupFile)) { $mode = [System.IO.FileMode]::CreateNew }
  $fs = New-Object System.IO.FileStream($backupFile, $mode, [System.IO.FileAccess]::Write, [System.IO.FileShare]::None)
  try { $bytes = (New-Object System.Text.UTF8Encoding($false)).GetBytes($Text); $fs.Write($bytes, 0, $bytes.Length); $fs.Flush($true) } finally { $fs.Dispose() }
}
$done = New-Object System.Collections.ArrayList
try {
  foreach ($phase in $RdpDoctorPhases) {
    $spec = Get-PhaseInput $phase $facts
    $in = $spec.input.Clone(); $in.action = 'plan'
    $plan = Invoke-RdpDoctorScript $spec.script $in
    Write-Host "== $phase"
    foreach ($c in @($plan.changes)) { Write-Host ("  {0}: {1} -> {2}" -f $c.target, $c.before, $c.after) }
    if ($plan.alreadyRight -and -not $RdpDoctorPhaseTable[$phase].runsLast) { Write-Host '  already right: nothing to change'; continue }
    if ($WhatIf) { continue }
    [void]$done.Add([ordered]@{ phase = $phase; script = $spec.script; input = $spec.input; backup = $plan.backup })
    Save-RdpDoctorBackup (ConvertTo-Json -InputObject @($done) -Depth 10)
    $in = $spec.input.Clone(); $in.action = 'apply'
    $r = Invoke-RdpDoctorScript $spec.script $in
    foreach ($l in @($r.lines)) { Write-Host "  $l" }
    if ($r.restartNeeded) { Write-Host '  Windows must restart before this takes effect.' }
    Write-Host ("  applied (changed: {0})" -f $r.changed)
  }
} catch {
  Write-Host "FAILED: $($_.Exception.Message)"
  if ($done.Count -gt 0) { Write-Host 'Undoing what was done...'; Undo-RdpDoctor @($done) }
  throw
}

Write-Host '== verify (fresh inspection)'
$after = Invoke-RdpDoctorScript 'Inspect-RdpHost.ps1' @{ port = $RdpDoctorPort }
Show-Findings $after
if ($done.Count -gt 0) { Write-Host "Backup: $backupFile  (undo: run this script with -Undo '$backupFile')" }
