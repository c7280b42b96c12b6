<#
  RDP Doctor phase "win-bind-trusted-cert" (Windows PowerShell 5.1 compatible).
  Installs a trusted certificate from a .pfx for the RDP-Tcp listener.
  Input JSON: {"action":"plan|apply|undo",
               "thumbprint":"<40 hex: the certificate the app checked in the .pfx>",
               "pfxBase64":"<the .pfx>", "pfxPassword":"<its password>",   (the app: apply only, on stdin, in this JSON)
               "pfxPath":"C:\...\cert.pfx",                                 (the console script: a file the
                                                                             technician names; its password
                                                                             comes as -PfxPassword SecureString)
               "backup":{...}}                                              (undo: what plan returned)
  plan:  the real old binding (SSLCertificateSHA1Hash, or the self-signed default), whether the certificate is
         already in LocalMachine\My, its key's ACL; the backup. Changes nothing.
  apply: checks the .pfx before anything changes (it holds the checked certificate; valid now; server
         authentication; RSA key of 2048 bits or more), imports it into Cert:\LocalMachine\My (key not
         exportable; CA certificates that came with it and were not there are removed again: only the named
         certificate is installed), grants NETWORK SERVICE read on THAT key file only, binds its thumbprint to
         RDP-Tcp through CIM. A failure midway undoes what this run did, in reverse.
  undo:  binds the old certificate again (or removes the binding: the self-signed default, as it was), puts
         back the key's old ACL, removes the certificate only if this phase imported it.
  TermService must restart for the binding to take effect (win-restart-termservice runs last).
  The password becomes a SecureString at once; it is never in the output, the backup or an error.
#>
param([string]$InputJson, [System.Security.SecureString]$PfxPassword)
$ErrorActionPreference = 'Stop'
try {
$req = ConvertFrom-Json -InputObject $InputJson
$InputJson = $null
function Out-Json($h) { ConvertTo-Json -InputObject $h -Depth 6 -Compress }
# Fail stops the script with one JSON error document (caught at the end); never `exit`.
function Fail([string]$Code, [string]$Message) { throw ('RDPD-FAIL ' + (Out-Json ([ordered]@{ ok = $false; error = [ordered]@{ code = $Code; message = $Message } }))) }
. (Join-Path $PSScriptRoot 'RdpKeyAcl.lib.ps1')

$My = 'Cert:\LocalMachine\My'
$RdpTcpKey = 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp'
$ServerAuth = '1.3.6.1.5.5.7.3.1'
# a .pfx is a few KiB; this is far above any real one and keeps a hostile input from filling the disk
$MaxPfxBytes = 1048576
$ThumbPattern = '^[0-9A-Fa-f]{40}$'

function Get-Listener { Get-CimInstance -Namespace 'root\cimv2\TerminalServices' -ClassName Win32_TSGeneralSetting -Filter "TerminalName='RDP-Tcp'" }
function Find-Cert([string]$Thumb) { Get-ChildItem -Path $My -ErrorAction SilentlyContinue | Where-Object { $_.Thumbprint -eq $Thumb } | Select-Object -First 1 }
function Get-StoreThumbprints { @(Get-ChildItem -Path $My -ErrorAction SilentlyContinue | ForEach-Object { ([string]$_.Thumbprint).ToUpperInvariant() }) }
# Whether the binding is in the registry: without the value, TermService uses its self-signed certificate
# (the Remote Desktop store) and WMI only reports that one's thumbprint.
function Test-BindingInRegistry {
  try { $null -ne (Get-ItemProperty -LiteralPath $RdpTcpKey -Name 'SSLCertificateSHA1Hash' -ErrorAction Stop).SSLCertificateSHA1Hash } catch { $false }
}
function Read-State([string]$Thumb) {
  $ts = Get-Listener
  if (-not $ts) { Fail 'no-listener' 'The RDP-Tcp listener (Win32_TSGeneralSetting) was not found.' }
  $cert = Find-Cert $Thumb
  $s = [ordered]@{ ts = $ts; bound = ([string]$ts.SSLCertificateSHA1Hash).ToUpperInvariant(); inRegistry = (Test-BindingInRegistry)
    present = [bool]$cert; keyPath = $null; keySddl = $null }
  if ($cert) {
    $s.keyPath = Get-RdpKeyFilePath $cert
    if ($s.keyPath -and (Test-Path -LiteralPath $s.keyPath -PathType Leaf)) { $s.keySddl = [string](Get-Acl -LiteralPath $s.keyPath).Sddl }
  }
  $s
}

# ---- every input checked before anything changes --------------------------------------------------------
$action = [string]$req.action
if (@('plan', 'apply', 'undo') -notcontains $action) { Fail 'bad-input' "Unknown action '$action'." }
$pfxBytes = $null; $secure = $null; $pfxSource = $null; $pfxIsFile = $false
if ($action -ne 'undo') {
  if ($req.pfxPath) {
    $p = [string]$req.pfxPath
    if (-not [System.IO.Path]::IsPathRooted($p) -or $p -notmatch '\.(pfx|p12)$' -or $p -match '[\x00-\x1f]') { Fail 'bad-input' "Not the full path of a .pfx or .p12 file: '$p'." }
    if (-not [System.IO.File]::Exists($p)) { Fail 'bad-input' "No file $p." }
    if ((New-Object System.IO.FileInfo($p)).Length -gt $MaxPfxBytes) { Fail 'bad-input' "$p is larger than $MaxPfxBytes bytes: not a .pfx." }
    $pfxBytes = [System.IO.File]::ReadAllBytes($p); $pfxSource = $p; $pfxIsFile = $true
    $secure = $PfxPassword
    if ($null -eq $secure) { $secure = New-Object System.Security.SecureString }
  } elseif ($null -ne $req.pfxBase64) {
    $b64 = [string]$req.pfxBase64
    if ($b64.Length -eq 0 -or $b64.Length -gt (4 * $MaxPfxBytes / 3 + 4) -or $b64 -notmatch '^[A-Za-z0-9+/]+={0,2}$' -or ($b64.Length % 4) -ne 0) { Fail 'bad-input' 'pfxBase64 is not base64 of a .pfx file.' }
    $pfxBytes = [Convert]::FromBase64String($b64); $pfxSource = 'the .pfx'
    if ($null -ne $req.pfxPassword -and $req.pfxPassword -isnot [string]) { Fail 'bad-input' 'The .pfx password is not a string.' }
    $secure = New-Object System.Security.SecureString
    foreach ($ch in ([string]$req.pfxPassword).ToCharArray()) { $secure.AppendChar($ch) }
    $secure.MakeReadOnly()
  }
  $req.PSObject.Properties.Remove('pfxPassword'); $req.PSObject.Properties.Remove('pfxBase64')
  # a .pfx is DER: a SEQUENCE (0x30) first
  if ($pfxBytes -and ($pfxBytes.Length -lt 4 -or $pfxBytes[0] -ne 0x30)) { Fail 'bad-input' "$pfxSource is not a .pfx (PKCS #12) file." }
  if ($action -eq 'apply' -and -not $pfxBytes) { Fail 'bad-input' 'apply needs the .pfx (pfxBase64 and pfxPassword, or pfxPath).' }
  $thumb = [string]$req.thumbprint
  if (-not $thumb -and -not $pfxBytes) { Fail 'bad-input' 'No certificate thumbprint and no .pfx.' }
  if ($thumb -and $thumb -notmatch $ThumbPattern) { Fail 'bad-input' "Not a certificate thumbprint: '$thumb'." }
} else {
  $b = $req.backup
  if (-not $b) { Fail 'bad-input' 'undo needs the backup plan returned.' }
  $thumb = [string]$b.thumbprint
  if ($thumb -notmatch $ThumbPattern) { Fail 'bad-input' "The backup holds no certificate thumbprint: '$thumb'." }
  $prev = [string]$b.previousThumbprint
  if ($prev -and $prev -notmatch $ThumbPattern) { Fail 'bad-input' "The backup's previous binding is not a thumbprint: '$prev'." }
  if ($b.previousInRegistry -isnot [bool] -or $b.wasPresent -isnot [bool]) { Fail 'bad-input' 'The backup does not say how the listener was bound and whether the certificate was there before.' }
  if ($b.previousInRegistry -and -not $prev) { Fail 'bad-input' 'The backup says a certificate was bound but not which.' }
  if ($b.keySddl) {
    if ([string]$b.keyPath -notmatch $RdpKeyPathPattern) { Fail 'bad-input' "The backup's key file is not one key file under MachineKeys: '$($b.keyPath)'." }
    if (-not (Test-RdpKeySddlShape ([string]$b.keySddl))) { Fail 'bad-input' "The backup's key ACL is not the SDDL of one file." }
  }
}

# The certificate in the .pfx: the end-entity certificate with the checked thumbprint (or, with no thumbprint
# given, the only one), valid now, for server authentication, an RSA key of 2048 bits or more. Read with
# Get-PfxData from a private temp file that is removed at once: nothing is imported yet.
function Use-PfxFile([scriptblock]$Body) {
  if ($pfxIsFile) { return (& $Body $pfxSource) }
  $tmp = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'rdpdoctor-' + [guid]::NewGuid().ToString('N') + '.pfx')
  # CreateNew: never an existing file (or a link someone planted under that name)
  $fs = New-Object System.IO.FileStream($tmp, [System.IO.FileMode]::CreateNew, [System.IO.FileAccess]::Write, [System.IO.FileShare]::None)
  try { $fs.Write($pfxBytes, 0, $pfxBytes.Length) } finally { $fs.Dispose() }
  try { & $Body $tmp } finally { Remove-Item -LiteralPath $tmp -Force -ErrorAction SilentlyContinue }
}
function Get-CheckedPfxCert([string]$File) {
  try { $data = Get-PfxData -FilePath $File -Password $secure }
  catch { Fail 'pfx-unreadable' ("The .pfx could not be opened (wrong password, or not a .pfx): " + [string]$_.Exception.Message) }
  $ee = @($data.EndEntityCertificates)
  if ($thumb) { $c = @($ee | Where-Object { ([string]$_.Thumbprint).ToUpperInvariant() -eq $thumb.ToUpperInvariant() }) | Select-Object -First 1 }
  elseif ($ee.Count -eq 1) { $c = $ee[0] }
  else { Fail 'pfx-ambiguous' "The .pfx holds $($ee.Count) server certificates: give the thumbprint of the one to install." }
  if (-not $c) { Fail 'thumbprint-mismatch' "The .pfx holds $(@($ee | ForEach-Object { $_.Thumbprint }) -join ', '), not the checked certificate ${thumb}: nothing was imported." }
  $now = Get-Date
  if ($c.NotAfter -lt $now) { Fail 'pfx-expired' "The certificate $($c.Thumbprint) expired on $($c.NotAfter.ToString('u'))." }
  if ($c.NotBefore -gt $now) { Fail 'pfx-not-yet-valid' "The certificate $($c.Thumbprint) is valid only from $($c.NotBefore.ToString('u'))." }
  $eku = @($c.Extensions | Where-Object { $_.Oid.Value -eq '2.5.29.37' })
  if ($eku.Count -gt 0 -and @($eku[0].EnhancedKeyUsages | ForEach-Object { $_.Value }) -notcontains $ServerAuth) { Fail 'pfx-no-server-auth' "The certificate $($c.Thumbprint) is not for server authentication (no EKU $ServerAuth)." }
  # the modulus length, not .KeySize (which some .NET RSA classes expose in a way PowerShell cannot read)
  $bits = $null
  try { $bits = 8 * [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::GetRSAPublicKey($c).ExportParameters($false).Modulus.Length } catch { $bits = $null }
  if ($bits -and $bits -lt 2048) { Fail 'pfx-weak-key' "The certificate $($c.Thumbprint) has a $bits-bit RSA key: 2048 bits or more." }
  $c
}

if ($action -ne 'undo' -and -not $thumb) { $thumb = [string](Use-PfxFile { param($f) (Get-CheckedPfxCert $f).Thumbprint }) }
$thumb = $thumb.ToUpperInvariant()
$st = Read-State $thumb

function New-Backup {
  [ordered]@{ thumbprint = $thumb; previousThumbprint = $st.bound; previousInRegistry = [bool]$st.inRegistry; wasPresent = [bool]$st.present
    keyPath = $st.keyPath; keySddl = $st.keySddl }
}
# One step of a failed apply taken back (the steps are data: what this run changed, nothing else).
function Undo-Step($Step) {
  switch ([string]$Step.kind) {
    'remove-certs' { foreach ($t in @($Step.thumbs)) { if (Find-Cert $t) { Remove-Item -Path ($My + '\' + $t) -DeleteKey } } }
    'acl' { [void](Restore-RdpKeyFileAcl $Step.path $Step.sddl) }
    'binding' {
      if ($st.inRegistry) { Set-CimInstance -InputObject (Get-Listener) -Property @{ SSLCertificateSHA1Hash = $st.bound } }
      elseif (Test-BindingInRegistry) { Remove-ItemProperty -LiteralPath $RdpTcpKey -Name 'SSLCertificateSHA1Hash' }
    }
  }
}
function Get-BindingText([string]$Bound, [bool]$InRegistry) {
  if (-not $InRegistry) { return "self-signed default ($Bound)" }
  $Bound
}

switch ($action) {
  { $_ -in 'plan', 'apply' } {
    $keyReadable = [bool]($st.keySddl -and (Test-RdpKeySddlRead $st.keySddl))
    $already = ($st.present -and $st.inRegistry -and $st.bound -eq $thumb -and $keyReadable)
    $changes = @(
      [ordered]@{ target = 'RDP-Tcp certificate (SSLCertificateSHA1Hash)'; before = (Get-BindingText $st.bound $st.inRegistry); after = $thumb }
      [ordered]@{ target = $My; before = $(if ($st.present) { "has $thumb" } else { "without $thumb" }); after = "has $thumb (key not exportable)" }
      [ordered]@{ target = "ACL of the private key of $thumb"; before = $(if ($st.keySddl) { $st.keySddl } else { '(imported with the certificate)' }); after = 'adds (A;;FR;;;NS): NETWORK SERVICE read' }
    )
    $result = [ordered]@{ ok = $true; action = $action; alreadyRight = $already; changed = $false
      risks = @('Clients will see the new certificate after TermService restarts.')
      changes = $changes
      commands = @("Import-PfxCertificate -FilePath <the .pfx> -CertStoreLocation $My -Password <SecureString>   (key not exportable)",
        "icacls.exe <the key file of ${thumb}> /grant *S-1-5-20:(R)",
        "Set-CimInstance (Win32_TSGeneralSetting, TerminalName='RDP-Tcp') -Property @{ SSLCertificateSHA1Hash = '$thumb' }")
      backup = (New-Backup) }
    if ($action -eq 'apply' -and -not $already) {
      $lines = New-Object System.Collections.ArrayList
      $undo = New-Object System.Collections.ArrayList   # scriptblocks, run in reverse when a step fails
      try {
        if (-not $st.present) {
          $before = Get-StoreThumbprints
          $imported = Use-PfxFile { param($f)
            [void](Get-CheckedPfxCert $f)
            @(Import-PfxCertificate -FilePath $f -CertStoreLocation $My -Password $secure)
          }
          # what this import added to the store (and nothing that was there before) is this run's to take back
          $added = @(@($imported | ForEach-Object { ([string]$_.Thumbprint).ToUpperInvariant() }) | Where-Object { $before -notcontains $_ } | Select-Object -Unique)
          [void]$undo.Add(@{ kind = 'remove-certs'; thumbs = $added })
          if ($added -notcontains $thumb) { Fail 'thumbprint-mismatch' "The .pfx imported as $(@($imported | ForEach-Object { $_.Thumbprint }) -join ', '), not the checked certificate $thumb." }
          foreach ($t in @($added | Where-Object { $_ -ne $thumb })) {
            Remove-Item -Path ($My + '\' + $t) -DeleteKey
            [void]$lines.Add("removed $t from $My again: a CA certificate that came with the .pfx (only the server certificate is installed)")
          }
          [void]$lines.Add("imported $thumb into $My (key not exportable)")
        }
        $keyPath = Get-RdpKeyFilePath (Find-Cert $thumb)
        if (-not $keyPath -or -not (Test-Path -LiteralPath $keyPath -PathType Leaf)) { Fail 'key-unusable' "The certificate $thumb has no usable private key file in the machine key folders." }
        $result.backup.keyPath = $keyPath
        $sddl = [string](Get-Acl -LiteralPath $keyPath).Sddl
        if (-not (Test-RdpKeySddlRead $sddl)) {
          $g = Grant-RdpKeyFileRead $keyPath
          [void]$undo.Add(@{ kind = 'acl'; path = $keyPath; sddl = $sddl })
          if ($g.exitCode -ne 0) { Fail 'icacls-failed' ("icacls failed ($($g.exitCode)): " + ($g.lines -join ' ')) }
          [void]$lines.Add("NETWORK SERVICE can read $keyPath (that file only)")
        }
        if ($st.bound -ne $thumb -or -not $st.inRegistry) {
          $ts = $st.ts
          [void]$undo.Add(@{ kind = 'binding' })
          Set-CimInstance -InputObject $ts -Property @{ SSLCertificateSHA1Hash = $thumb }
          $now = ([string](Get-Listener).SSLCertificateSHA1Hash).ToUpperInvariant()
          if ($now -ne $thumb) { Fail 'bind-failed' "RDP-Tcp still reports $now after binding $thumb." }
          [void]$lines.Add("bound $thumb to RDP-Tcp; TermService uses it after its restart")
        }
      } catch {
        $why = [string]$_.Exception.Message
        $list = @($undo.ToArray()); [array]::Reverse($list)
        $left = @()
        foreach ($u in $list) { try { Undo-Step $u } catch { $left += [string]$_.Exception.Message } }
        $doc = $null
        if ($why.StartsWith('RDPD-FAIL ')) { $doc = ConvertFrom-Json -InputObject $why.Substring(10) }
        else { $doc = [pscustomobject]@{ ok = $false; error = [pscustomobject]@{ code = 'failed'; message = $why } } }
        if ($left.Count -gt 0) { Fail 'rollback-failed' ($doc.error.message + ' Rolling back what this run did FAILED, the host may be half-changed: ' + ($left -join ' | ')) }
        if ($list.Count -gt 0) { Fail ([string]$doc.error.code) ($doc.error.message + " Everything this run had changed ($($list.Count) step(s)) was put back.") }
        Fail ([string]$doc.error.code) ([string]$doc.error.message)
      }
      $result.changed = ($undo.Count -gt 0)
      $result.lines = @($lines)
    }
    Out-Json $result
  }
  'undo' {
    $changed = $false; $lines = New-Object System.Collections.ArrayList
    # the binding: back only when it is still the one this phase made (someone may have bound another since)
    if ($st.bound -eq $thumb -and $st.inRegistry -and -not ($b.previousInRegistry -and $prev -eq $thumb)) {
      if ($b.previousInRegistry) {
        Set-CimInstance -InputObject $st.ts -Property @{ SSLCertificateSHA1Hash = $prev }
        [void]$lines.Add("bound $prev to RDP-Tcp again")
      } else {
        Remove-ItemProperty -LiteralPath $RdpTcpKey -Name 'SSLCertificateSHA1Hash'
        [void]$lines.Add('removed the binding: RDP-Tcp uses its self-signed certificate again after TermService restarts')
      }
      $changed = $true
    } elseif ($st.inRegistry -and $st.bound -ne $prev) {
      [void]$lines.Add("RDP-Tcp is bound to $($st.bound) now, not to ${thumb}: the binding was left as it is")
    }
    if ($b.wasPresent -and $b.keySddl -and (Test-Path -LiteralPath ([string]$b.keyPath) -PathType Leaf)) {
      if (Restore-RdpKeyFileAcl ([string]$b.keyPath) ([string]$b.keySddl)) { $changed = $true; [void]$lines.Add("put back the ACL of $($b.keyPath)") }
    }
    if (-not $b.wasPresent -and $st.present) {
      if ((([string](Get-Listener).SSLCertificateSHA1Hash).ToUpperInvariant() -eq $thumb) -and (Test-BindingInRegistry)) {
        [void]$lines.Add("$thumb is still bound to RDP-Tcp: it stays in $My")
      } else {
        Remove-Item -Path ($My + '\' + $thumb) -DeleteKey
        $changed = $true; [void]$lines.Add("removed $thumb (and its key) from ${My}: this phase had imported it")
      }
    }
    Out-Json ([ordered]@{ ok = $true; action = 'undo'; changed = $changed; lines = @($lines)
      changes = @([ordered]@{ target = 'RDP-Tcp certificate (SSLCertificateSHA1Hash)'; before = (Get-BindingText $st.bound $st.inRegistry); after = (Get-BindingText $prev $b.previousInRegistry) }) })
  }
}
} catch {
  $m = [string]$_.Exception.Message
  if ($m.StartsWith('RDPD-FAIL ')) { $m.Substring(10) }
  else { ConvertTo-Json -Compress -InputObject ([ordered]@{ ok = $false; error = [ordered]@{ code = 'failed'; message = $m } }) }
}
