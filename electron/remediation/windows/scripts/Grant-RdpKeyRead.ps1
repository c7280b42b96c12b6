<#
  RDP Doctor phase "win-grant-machinekeys-read" (Windows PowerShell 5.1 compatible).
  Input JSON: {"action":"plan|apply|undo", "keyPath":"C:\ProgramData\...\MachineKeys\<unique name>", "backup":{...}}.
  Grants NETWORK SERVICE read on ONE file: the private key file of the certificate the listener is bound to
  (the inspection found its path). Never the folder, never recursive; the SID (*S-1-5-20), not a localised
  name. The old ACL is returned as SDDL; undo puts that exact SDDL back.
#>
param([string]$InputJson)
$ErrorActionPreference = 'Stop'
try {
$req = ConvertFrom-Json -InputObject $InputJson
function Out-Json($h) { ConvertTo-Json -InputObject $h -Depth 6 -Compress }
# Fail stops the script with one JSON error document (caught at the end); never `exit`, which would end the
# whole host process when the script runs inside the bootstrap or Invoke-Command.
function Fail([string]$Code, [string]$Message) { throw ('RDPD-FAIL ' + (Out-Json ([ordered]@{ ok = $false; error = [ordered]@{ code = $Code; message = $Message } }))) }
. (Join-Path $PSScriptRoot 'RdpKeyAcl.lib.ps1')

$path = [string]$req.keyPath
if ($req.action -eq 'undo') { $path = [string]$req.backup.keyPath }
# Only a key file in one of the two machine key folders, named as Windows names key containers.
if ($path -notmatch $RdpKeyPathPattern) {
  Fail 'bad-input' "Not a machine key file path: '$path'."
}
if (-not (Test-Path -LiteralPath $path -PathType Leaf)) { Fail 'key-file-missing' "The key file $path does not exist: regenerate the certificate instead." }
$sddl = [string](Get-Acl -LiteralPath $path).Sddl

switch ([string]$req.action) {
  { $_ -in 'plan', 'apply' } {
    $already = Test-RdpKeySddlRead $sddl
    $result = [ordered]@{ ok = $true; action = $req.action; alreadyRight = $already; changed = $false
      changes = @([ordered]@{ target = "ACL of $path"; before = $sddl; after = 'adds (A;;FR;;;NS): NETWORK SERVICE read' })
      commands = @("icacls.exe ""$path"" /grant *S-1-5-20:(R)")
      backup = [ordered]@{ keyPath = $path; sddl = $sddl } }
    if ($req.action -eq 'apply' -and -not $already) {
      $g = Grant-RdpKeyFileRead $path
      if ($g.exitCode -ne 0) { Fail 'icacls-failed' ("icacls failed ($($g.exitCode)): " + ($g.lines -join ' ')) }
      $result.changed = $true
      $result.lines = $g.lines
      $result.now = [string](Get-Acl -LiteralPath $path).Sddl
    }
    Out-Json $result
  }
  'undo' {
    $old = [string]$req.backup.sddl
    if (-not $old.StartsWith('O:') -and -not $old.StartsWith('D:')) { Fail 'bad-input' 'The backup holds no SDDL.' }
    $changed = Restore-RdpKeyFileAcl $path $old
    Out-Json ([ordered]@{ ok = $true; action = 'undo'; changed = $changed; changes = @([ordered]@{ target = "ACL of $path"; before = $sddl; after = $old }) })
  }
  default { Fail 'bad-input' "Unknown action '$($req.action)'." }
}
} catch {
  $m = [string]$_.Exception.Message
  if ($m.StartsWith('RDPD-FAIL ')) { $m.Substring(10) }
  else { ConvertTo-Json -Compress -InputObject ([ordered]@{ ok = $false; error = [ordered]@{ code = 'failed'; message = $m } }) }
}
