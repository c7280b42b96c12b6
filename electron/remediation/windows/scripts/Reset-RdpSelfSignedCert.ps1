<#
  RDP Doctor phase "win-regenerate-self-signed-cert" (Windows PowerShell 5.1 compatible).
  Input JSON: {"action":"plan|apply|undo", "thumbprint":"<40 hex>", "port":3389, "backup":{...}}.
  Only for the self-signed certificate in the "Remote Desktop" store. Apply moves it (with its key link) to a
  backup store "RdpDoctorBackup", exports its public part, restarts TermService so Windows creates a fresh
  one with a readable key, and reports the new thumbprint. Undo moves the old certificate back, binds it and
  restarts TermService.
#>
param([string]$InputJson)
$ErrorActionPreference = 'Stop'
try {
$req = ConvertFrom-Json -InputObject $InputJson
function Out-Json($h) { ConvertTo-Json -InputObject $h -Depth 6 -Compress }
# Fail stops the script with one JSON error document (caught at the end); never `exit`, which would end the
# whole host process when the script runs inside the bootstrap or Invoke-Command.
function Fail([string]$Code, [string]$Message) { throw ('RDPD-FAIL ' + (Out-Json ([ordered]@{ ok = $false; error = [ordered]@{ code = $Code; message = $Message } }))) }

$Store = 'Cert:\LocalMachine\Remote Desktop'
$BackupStore = 'Cert:\LocalMachine\RdpDoctorBackup'
$thumb = [string]$req.thumbprint
if ($req.action -eq 'undo') { $thumb = [string]$req.backup.thumbprint }
if ($thumb -notmatch '^[0-9A-Fa-f]{40}$') { Fail 'bad-input' "Not a certificate thumbprint: '$thumb'." }
$thumb = $thumb.ToUpperInvariant()
function Get-Listener { Get-CimInstance -Namespace 'root\cimv2\TerminalServices' -ClassName Win32_TSGeneralSetting -Filter "TerminalName='RDP-Tcp'" }
function Find-Cert([string]$Path) { Get-ChildItem -Path $Path -ErrorAction SilentlyContinue | Where-Object { $_.Thumbprint -eq $thumb } | Select-Object -First 1 }
function Wait-NewThumbprint([string]$Old, [int]$Seconds) {
  $deadline = (Get-Date).AddSeconds($Seconds)
  while ((Get-Date) -lt $deadline) {
    $t = [string](Get-Listener).SSLCertificateSHA1Hash
    if ($t -and $t -ne $Old) { return $t }
    Start-Sleep -Milliseconds 500
  }
  return $null
}

switch ([string]$req.action) {
  { $_ -in 'plan', 'apply' } {
    $cert = Find-Cert $Store
    if (-not $cert) { Fail 'not-self-signed' "Certificate $thumb is not in the Remote Desktop store: it was not made by Windows, so it is not regenerated (bind a trusted certificate instead)." }
    $pd = $env:ProgramData; if (-not $pd) { $pd = 'C:\ProgramData' }
    $cer = $pd + '\RdpDoctor\backup\' + $thumb + '.cer'
    $result = [ordered]@{ ok = $true; action = $req.action; alreadyRight = $false; changed = $false
      risks = @('Disconnects every Remote Desktop session (TermService restarts)', 'Clients that pinned the old certificate will be asked to trust the new one')
      changes = @([ordered]@{ target = "$Store\$thumb"; before = [string]$cert.Subject; after = "moved to $BackupStore; Windows creates a new self-signed certificate" })
      commands = @("Export-Certificate -Cert '$Store\$thumb' -FilePath '$cer'", "Move-Item -Path '$Store\$thumb' -Destination '$BackupStore'", 'Restart-Service -Name TermService -Force')
      backup = [ordered]@{ thumbprint = $thumb; backupStore = $BackupStore; exported = $cer } }
    if ($req.action -eq 'apply') {
      [void](New-Item -ItemType Directory -Path ($pd + '\RdpDoctor\backup') -Force)
      [void](Export-Certificate -Cert $cert -FilePath $cer)
      if (-not (Test-Path -LiteralPath $BackupStore)) { [void](New-Item -Path $BackupStore) }
      Move-Item -Path ($Store + '\' + $thumb) -Destination $BackupStore
      Restart-Service -Name TermService -Force
      $new = Wait-NewThumbprint $thumb 60
      if (-not $new) { Fail 'no-new-certificate' 'TermService restarted but no new certificate was bound within 60 s (events 1056/1057 say why).' }
      $result.changed = $true; $result.newThumbprint = $new
      $result.lines = @("new self-signed certificate $new")
    }
    Out-Json $result
  }
  'undo' {
    $moved = Find-Cert ([string]$BackupStore)
    if (-not $moved) { Fail 'backup-missing' "Certificate $thumb is no longer in ${BackupStore}: nothing to put back." }
    Move-Item -Path ($BackupStore + '\' + $thumb) -Destination $Store
    $ts = Get-Listener
    Set-CimInstance -InputObject $ts -Property @{ SSLCertificateSHA1Hash = $thumb }
    Restart-Service -Name TermService -Force
    Out-Json ([ordered]@{ ok = $true; action = 'undo'; changed = $true; changes = @([ordered]@{ target = 'RDP-Tcp certificate'; before = [string]$ts.SSLCertificateSHA1Hash; after = $thumb }) })
  }
  default { Fail 'bad-input' "Unknown action '$($req.action)'." }
}
} catch {
  $m = [string]$_.Exception.Message
  if ($m.StartsWith('RDPD-FAIL ')) { $m.Substring(10) }
  else { ConvertTo-Json -Compress -InputObject ([ordered]@{ ok = $false; error = [ordered]@{ code = 'failed'; message = $m } }) }
}
