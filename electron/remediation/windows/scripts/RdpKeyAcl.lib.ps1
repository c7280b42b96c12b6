<#
  RDP Doctor: the private-key-file ACL functions that more than one phase needs (Windows PowerShell 5.1).
  Not a phase and not run by itself. A phase script includes it with the one line
      . (Join-Path $PSScriptRoot 'RdpKeyAcl.lib.ps1')
  which works when the script runs from its file (Pester); when a script is sent to a host (the bootstrap,
  Invoke-Command, the console script) there is no folder to dot-source from, so
  electron/remediation/windows/scripts.ts puts this file's text in place of that line. One copy either way.
#>

# The only key files a phase may touch: ONE file in one of the two machine key folders, named the way
# Windows names key containers (CAPI: RSA\MachineKeys, CNG: Keys). Never the folder itself.
$RdpKeyPathPattern = '^[A-Za-z]:\\ProgramData\\Microsoft\\Crypto\\(RSA\\MachineKeys|Keys)\\[A-Za-z0-9_.{}-]+$'

# Whether an SDDL lets one of $Sids read the file: an allow ACE with generic/file read or all, or an access
# mask holding FILE_READ_DATA (0x1).
function Test-RdpKeySddlRead([string]$Sddl, [string[]]$Sids = @('NS', 'S-1-5-20')) {
  foreach ($m in [regex]::Matches($Sddl, '\((A|OA);([^;]*);([^;]*);([^;]*);([^;]*);([^;\)]*)')) {
    if ($Sids -notcontains $m.Groups[6].Value) { continue }
    $rights = $m.Groups[3].Value
    if ($rights -match 'GA|GR|FA|FR') { return $true }
    if ($rights -match '^0x([0-9a-fA-F]+)$' -and (([Convert]::ToInt64($Matches[1], 16) -band 1) -eq 1)) { return $true }
  }
  return $false
}

# An SDDL a backup may hold for one key file: owner, group and an access list, nothing else.
function Test-RdpKeySddlShape([string]$Sddl) {
  $Sddl -match '^O:[A-Za-z0-9-]+G:[A-Za-z0-9-]+D:[A-Z]*(\([A-Za-z0-9;:_-]*\))+$'
}

# The key file of a certificate in a LocalMachine store, or $null when it has no usable private key.
# CAPI keys (the self-signed RDP certificate, most .pfx imports): CspKeyContainerInfo, under RSA\MachineKeys;
# CNG keys: the key's UniqueName, under Keys (.PrivateKey throws for those on .NET Framework).
function Get-RdpKeyFilePath($Cert) {
  $name = $null; $dir = $null
  try { $name = [string]$Cert.PrivateKey.CspKeyContainerInfo.UniqueKeyContainerName; $dir = 'Microsoft\Crypto\RSA\MachineKeys' } catch { $name = $null }
  if (-not $name) {
    # by name: an older .NET Framework has no ECDsaCertificateExtensions (a type literal would stop the script)
    foreach ($x in @(@('RSACertificateExtensions', 'GetRSAPrivateKey'), @('ECDsaCertificateExtensions', 'GetECDsaPrivateKey'))) {
      try {
        $ext = ('System.Security.Cryptography.X509Certificates.' + $x[0]) -as [type]
        if (-not $ext) { continue }
        $k = $ext.GetMethod($x[1]).Invoke($null, @(, $Cert))
        if ($k -and $k.Key -and $k.Key.UniqueName) { $name = [string]$k.Key.UniqueName; $dir = 'Microsoft\Crypto\Keys'; break }
      } catch { $name = $null }
    }
  }
  if (-not $name -or $name -notmatch '^[A-Za-z0-9_.{}-]+$') { return $null }
  $pd = $env:ProgramData; if (-not $pd) { $pd = 'C:\ProgramData' }
  $path = $pd + '\' + $dir + '\' + $name
  if ($path -notmatch $RdpKeyPathPattern) { return $null }
  $path
}

# A key file that is a link (symbolic link, mount point: a reparse point) is refused: a phase changes the file it
# names as administrator, never what a link there points at.
function Assert-RdpKeyFileNotLink([string]$Path) {
  $item = Get-Item -LiteralPath $Path -Force
  if ($item.Attributes -band [System.IO.FileAttributes]::ReparsePoint) { throw "The key file $Path is a link (reparse point): nothing is changed through a link." }
}

# Grants NETWORK SERVICE read on ONE key file (by SID: names are localised; no /T, no folder).
# Returns @{ exitCode; lines }: the caller decides what a failure means.
function Grant-RdpKeyFileRead([string]$Path) {
  if ($Path -notmatch $RdpKeyPathPattern) { throw "Not a machine key file path: '$Path'." }
  Assert-RdpKeyFileNotLink $Path
  $out = & icacls $Path '/grant' '*S-1-5-20:(R)' 2>&1
  @{ exitCode = $LASTEXITCODE; lines = @(@($out) | ForEach-Object { [string]$_ }) }
}

# Puts back the exact SDDL a backup holds on ONE key file; $true when it changed something.
function Restore-RdpKeyFileAcl([string]$Path, [string]$Sddl) {
  if ($Path -notmatch $RdpKeyPathPattern) { throw "Not a machine key file path: '$Path'." }
  Assert-RdpKeyFileNotLink $Path
  $acl = Get-Acl -LiteralPath $Path
  if ([string]$acl.Sddl -eq $Sddl) { return $false }
  $acl.SetSecurityDescriptorSddlForm($Sddl)
  Set-Acl -LiteralPath $Path -AclObject $acl
  $true
}
