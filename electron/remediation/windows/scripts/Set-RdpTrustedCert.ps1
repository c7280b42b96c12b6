<#
  RDP Doctor phase "win-bind-trusted-cert" (Windows PowerShell 5.1 compatible).
  Input JSON: {"action":"plan|apply|undo", "thumbprint":"<40 hex, from the .pfx checked with node-forge>",
               "pfxBase64":"...", "password":"...", "backup":{...}}.
  Imports the .pfx into LocalMachine\My (key not exportable), checks the imported thumbprint is the one the
  app checked, binds it to RDP-Tcp (Win32_TSGeneralSetting.SSLCertificateSHA1Hash) and grants NETWORK SERVICE
  read on its key file only (SID, no recursion). The .pfx password becomes a SecureString and is never in the
  output or the backup. Undo binds the old certificate again and removes the imported one if it was not
  there before. TermService must restart for the binding to take effect (win-restart-termservice).
#>
param([string]$InputJson)
$ErrorActionPreference = 'Stop'
try {
$req = ConvertFrom-Json -InputObject $InputJson
function Out-Json($h) { ConvertTo-Json -InputObject $h -Depth 6 -Compress }
# Fail stops the script with one JSON error document (caught at the end); never `exit`.
function Fail([string]$Code, [string]$Message) { throw ('RDPD-FAIL ' + (Out-Json ([ordered]@{ ok = $false; error = [ordered]@{ code = $Code; message = $Message } }))) }
$My = 'Cert:\LocalMachine\My'
function Get-Listener { Get-CimInstance -Namespace 'root\cimv2\TerminalServices' -ClassName Win32_TSGeneralSetting -Filter "TerminalName='RDP-Tcp'" }
function Find-Cert([string]$Thumb) { Get-ChildItem -Path $My -ErrorAction SilentlyContinue | Where-Object { $_.Thumbprint -eq $Thumb } | Select-Object -First 1 }
function Get-KeyPath($Cert) {
  $name = $null; $dir = 'Microsoft\Crypto\Keys'
  try { $name = $Cert.PrivateKey.CspKeyContainerInfo.UniqueKeyContainerName; $dir = 'Microsoft\Crypto\RSA\MachineKeys' } catch { $name = $null }
  if (-not $name) {
    try { $name = [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::GetRSAPrivateKey($Cert).Key.UniqueName; $dir = 'Microsoft\Crypto\Keys' } catch { $name = $null }
  }
  if (-not $name -or $name -notmatch '^[A-Za-z0-9_.{}-]+$') { Fail 'key-unusable' 'The imported certificate has no usable private key.' }
  $pd = $env:ProgramData; if (-not $pd) { $pd = 'C:\ProgramData' }
  $pd + '\' + $dir + '\' + $name
}

$thumb = [string]$req.thumbprint
if ($req.action -eq 'undo') { $thumb = [string]$req.backup.thumbprint }
if ($thumb -notmatch '^[0-9A-Fa-f]{40}$') { Fail 'bad-input' "Not a certificate thumbprint: '$thumb'." }
$thumb = $thumb.ToUpperInvariant()
$ts = Get-Listener
$old = [string]$ts.SSLCertificateSHA1Hash

switch ([string]$req.action) {
  { $_ -in 'plan', 'apply' } {
    $present = [bool](Find-Cert $thumb)
    $result = [ordered]@{ ok = $true; action = $req.action; alreadyRight = ($old -eq $thumb); changed = $false
      risks = @('Clients will see the new certificate after TermService restarts.')
      changes = @([ordered]@{ target = 'RDP-Tcp certificate'; before = $old; after = $thumb })
      commands = @("Import-PfxCertificate -CertStoreLocation $My (key not exportable)", "Set-CimInstance (Win32_TSGeneralSetting RDP-Tcp) SSLCertificateSHA1Hash=$thumb", 'icacls.exe <its key file> /grant *S-1-5-20:(R)')
      backup = [ordered]@{ thumbprint = $thumb; previousThumbprint = $old; wasPresent = $present } }
    if ($req.action -eq 'apply' -and $old -ne $thumb) {
      if (-not $present) {
        $tmp = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), [System.IO.Path]::GetRandomFileName() + '.pfx')
        $secure = New-Object System.Security.SecureString
        foreach ($ch in ([string]$req.password).ToCharArray()) { $secure.AppendChar($ch) }
        try {
          [System.IO.File]::WriteAllBytes($tmp, [Convert]::FromBase64String([string]$req.pfxBase64))
          $imported = @(Import-PfxCertificate -FilePath $tmp -CertStoreLocation $My -Password $secure)
        } finally { Remove-Item -LiteralPath $tmp -Force -ErrorAction SilentlyContinue }
        if (@($imported | Where-Object { $_.Thumbprint -eq $thumb }).Count -eq 0) {
          foreach ($c in $imported) { Remove-Item -Path ($My + '\' + $c.Thumbprint) }
          Fail 'thumbprint-mismatch' "The .pfx imported as $(@($imported | ForEach-Object { $_.Thumbprint }) -join ', '), not the checked certificate ${thumb}: removed again."
        }
      }
      $key = Get-KeyPath (Find-Cert $thumb)
      $out = & icacls $key '/grant' '*S-1-5-20:(R)' 2>&1
      if ($LASTEXITCODE -ne 0) { Fail 'icacls-failed' ("icacls failed ($LASTEXITCODE): " + (@($out) -join ' ')) }
      Set-CimInstance -InputObject $ts -Property @{ SSLCertificateSHA1Hash = $thumb }
      $result.changed = $true
      $result.lines = @("bound $thumb; NETWORK SERVICE can read $key; restart TermService to use it")
    }
    Out-Json $result
  }
  'undo' {
    $prev = [string]$req.backup.previousThumbprint
    if ($prev -and $prev -notmatch '^[0-9A-Fa-f]{40}$') { Fail 'bad-input' 'The backup holds no previous thumbprint.' }
    $changed = $false
    if ($prev -and $old -ne $prev) { Set-CimInstance -InputObject $ts -Property @{ SSLCertificateSHA1Hash = $prev }; $changed = $true }
    if (-not $req.backup.wasPresent -and (Find-Cert $thumb)) { Remove-Item -Path ($My + '\' + $thumb) -DeleteKey; $changed = $true }
    Out-Json ([ordered]@{ ok = $true; action = 'undo'; changed = $changed; changes = @([ordered]@{ target = 'RDP-Tcp certificate'; before = $old; after = $prev }) })
  }
  default { Fail 'bad-input' "Unknown action '$($req.action)'." }
}
} catch {
  $m = [string]$_.Exception.Message
  if ($m.StartsWith('RDPD-FAIL ')) { $m.Substring(10) }
  else { ConvertTo-Json -Compress -InputObject ([ordered]@{ ok = $false; error = [ordered]@{ code = 'failed'; message = $m } }) }
}
