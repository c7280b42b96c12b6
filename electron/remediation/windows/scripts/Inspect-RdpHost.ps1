<#
  RDP Doctor: read-only inspection of a Windows RDP host (Windows PowerShell 5.1 compatible).
  Input: one JSON document ({"port": 3389}) as the only argument; output: one JSON document.
  Every section is read in its own try/catch: a section that fails adds an entry to "errors" and the rest
  still reports (a host without the NetSecurity module still tells us about its certificate).
#>
param([string]$InputJson)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

$req = $null
if ($InputJson) { $req = ConvertFrom-Json -InputObject $InputJson }
$errors = New-Object System.Collections.ArrayList
$findings = New-Object System.Collections.ArrayList
$summary = New-Object System.Collections.ArrayList

function Add-Err([string]$Section, $Err) { [void]$errors.Add([ordered]@{ section = $Section; message = [string]$Err }) }
function Add-Finding([string]$Id, [string]$Reason, [string[]]$Evidence) {
  [void]$findings.Add([ordered]@{ id = $Id; reason = $Reason; evidence = @($Evidence) })
}
function Get-RegValue([string]$Path, [string]$Name) {
  try { return (Get-ItemProperty -LiteralPath $Path -Name $Name -ErrorAction Stop).$Name } catch { return $null }
}

$TsKey = 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server'
$RdpTcpKey = 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp'
$PolicyKey = 'HKLM:\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services'
$SchannelKey = 'HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols'
$CredSspKey = 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System\CredSSP\Parameters'
# Group Policy settings that own a listener value, with the name an administrator finds in gpedit.msc
$Policies = [ordered]@{
  UserAuthentication   = 'Require user authentication for remote connections by using Network Level Authentication'
  SecurityLayer        = 'Require use of specific security layer for remote (RDP) connections'
  MinEncryptionLevel   = 'Set client connection encryption level'
  fDenyTSConnections   = 'Allow users to connect remotely by using Remote Desktop Services'
  SSLCertificateSHA1Hash = 'Server authentication certificate template / SSL certificate hash'
}
$PolicyPath = 'Computer Configuration > Administrative Templates > Windows Components > Remote Desktop Services > Remote Desktop Session Host'

# ---- OS, PowerShell, domain ----------------------------------------------------------------------
$os = [ordered]@{ psVersion = $PSVersionTable.PSVersion.ToString(); psEdition = [string]$PSVersionTable.PSEdition }
try {
  $w = Get-CimInstance -ClassName Win32_OperatingSystem
  $os.caption = [string]$w.Caption; $os.version = [string]$w.Version
  $cs = Get-CimInstance -ClassName Win32_ComputerSystem
  $os.computerName = [string]$cs.Name; $os.partOfDomain = [bool]$cs.PartOfDomain; $os.domain = [string]$cs.Domain
} catch { Add-Err 'os' $_ }

# ---- RDP-Tcp listener ------------------------------------------------------------------------------
$listener = $null
try {
  $ts = Get-CimInstance -Namespace 'root\cimv2\TerminalServices' -ClassName Win32_TSGeneralSetting -Filter "TerminalName='RDP-Tcp'"
  $listener = [ordered]@{
    securityLayer = [int]$ts.SecurityLayer
    userAuthenticationRequired = [int]$ts.UserAuthenticationRequired
    minEncryptionLevel = [int]$ts.MinEncryptionLevel
    certificateThumbprint = [string]$ts.SSLCertificateSHA1Hash
    certificateHashType = [int]$ts.SSLCertificateSHA1HashType
    policySourceSecurityLayer = [int]$ts.PolicySourceSecurityLayer
    policySourceUserAuthenticationRequired = [int]$ts.PolicySourceUserAuthenticationRequired
    policySourceMinEncryptionLevel = [int]$ts.PolicySourceMinEncryptionLevel
  }
} catch { Add-Err 'listener' $_ }

$settings = [ordered]@{
  fDenyTSConnections = Get-RegValue $TsKey 'fDenyTSConnections'
  portNumber = Get-RegValue $RdpTcpKey 'PortNumber'
}
$policy = [ordered]@{}
foreach ($name in $Policies.Keys) {
  $v = Get-RegValue $PolicyKey $name
  if ($null -ne $v) { $policy[$name] = [ordered]@{ value = $v; policy = $Policies[$name]; path = $PolicyPath } }
}
$port = 3389
if ($req -and $req.port) { $port = [int]$req.port }
if ($null -ne $settings.portNumber) { $port = [int]$settings.portNumber }

# ---- services ----------------------------------------------------------------------------------------
$services = [ordered]@{}
foreach ($name in @('TermService', 'SessionEnv', 'UmRdpService', 'CertPropSvc', 'KeyIso', 'CryptSvc')) {
  try {
    $s = Get-Service -Name $name
    $services[$name] = [ordered]@{ status = [string]$s.Status; startType = [string]$s.StartType }
  } catch {
    $status = 'Unknown'; if ([string]$_ -match 'Cannot find any service') { $status = 'Missing' } else { Add-Err "service $name" $_ }
    $services[$name] = [ordered]@{ status = $status; startType = $null }
  }
}

# ---- the bound certificate and its private key file ---------------------------------------------------
function Get-KeyUniqueName($Cert) {
  # CAPI keys (the self-signed RDP certificate): CspKeyContainerInfo; CNG keys: the key's UniqueName.
  try { $n = $Cert.PrivateKey.CspKeyContainerInfo.UniqueKeyContainerName; if ($n) { return @{ name = [string]$n; provider = 'capi' } } } catch { }
  try {
    $k = [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::GetRSAPrivateKey($Cert)
    if ($k -and $k.Key -and $k.Key.UniqueName) { return @{ name = [string]$k.Key.UniqueName; provider = 'cng' } }
  } catch { return @{ name = $null; provider = $null; error = [string]$_.Exception.Message } }
  return $null
}
function Test-SddlRead([string]$Sddl, [string[]]$Sids) {
  # allow ACEs granting read: generic/file read or all, or an access mask with FILE_READ_DATA (0x1)
  foreach ($m in [regex]::Matches($Sddl, '\((A|OA);([^;]*);([^;]*);([^;]*);([^;]*);([^;\)]*)')) {
    $rights = $m.Groups[3].Value; $sid = $m.Groups[6].Value
    if ($Sids -notcontains $sid) { continue }
    if ($rights -match 'GA|GR|FA|FR') { return $true }
    if ($rights -match '^0x([0-9a-fA-F]+)$' -and (([Convert]::ToInt64($Matches[1], 16) -band 1) -eq 1)) { return $true }
  }
  return $false
}
$cert = $null; $key = $null
$thumb = $null
if ($listener) { $thumb = $listener.certificateThumbprint }
if ($thumb) {
  try {
    $found = $null; $store = $null
    foreach ($s in @('Cert:\LocalMachine\Remote Desktop', 'Cert:\LocalMachine\My')) {
      $found = Get-ChildItem -Path $s -ErrorAction SilentlyContinue | Where-Object { $_.Thumbprint -eq $thumb } | Select-Object -First 1
      if ($found) { $store = $s; break }
    }
    if ($found) {
      $cert = [ordered]@{
        thumbprint = [string]$found.Thumbprint; store = $store; subject = [string]$found.Subject; issuer = [string]$found.Issuer
        notBefore = $found.NotBefore.ToString('o'); notAfter = $found.NotAfter.ToString('o'); hasPrivateKey = [bool]$found.HasPrivateKey
        selfSigned = ([string]$found.Subject -eq [string]$found.Issuer)
      }
      $u = Get-KeyUniqueName $found
      $key = [ordered]@{ uniqueName = $null; provider = $null; path = $null; exists = $false; sddl = $null; networkServiceCanRead = $false }
      if ($u) { $key.uniqueName = $u.name; $key.provider = $u.provider; if ($u.error) { $key.error = $u.error } }
      if ($key.uniqueName -and $key.uniqueName -notmatch '^[A-Za-z0-9_.{}-]+$') { throw "unexpected key name $($key.uniqueName)" }
      $pd = $env:ProgramData; if (-not $pd) { $pd = 'C:\ProgramData' }
      if ($key.uniqueName) {
        $dir = 'Microsoft\Crypto\Keys'; if ($key.provider -eq 'capi') { $dir = 'Microsoft\Crypto\RSA\MachineKeys' }
        $key.path = $pd + '\' + $dir + '\' + $key.uniqueName
        $key.exists = [bool](Test-Path -LiteralPath $key.path)
        if ($key.exists) {
          $key.sddl = [string](Get-Acl -LiteralPath $key.path).Sddl
          $key.networkServiceCanRead = Test-SddlRead $key.sddl @('NS', 'S-1-5-20', 'WD', 'AU', 'BU')
        }
      }
    }
  } catch { Add-Err 'certificate' $_ }
}

# ---- events, SCHANNEL, CredSSP, firewall, listener process ------------------------------------------------
$events = @()
try {
  $since = (Get-Date).AddDays(-7)
  $raw = @()
  foreach ($f in @(@{ LogName = 'System'; ProviderName = 'Schannel'; Id = 36870, 36871; StartTime = $since },
                   @{ LogName = 'System'; ProviderName = 'Microsoft-Windows-TerminalServices-RemoteConnectionManager'; Id = 1050, 1051, 1052, 1053, 1054, 1055, 1056, 1057, 1058; StartTime = $since })) {
    try { $raw += @(Get-WinEvent -FilterHashtable $f -MaxEvents 20) } catch { if ([string]$_ -notmatch 'No events were found') { throw } }
  }
  $events = @($raw | ForEach-Object { [ordered]@{ id = [int]$_.Id; provider = [string]$_.ProviderName; time = $_.TimeCreated.ToString('o'); message = ([string]$_.Message).Split("`n")[0].Trim() } })
} catch { Add-Err 'events' $_ }

$tls = [ordered]@{}
foreach ($v in @('TLS 1.0', 'TLS 1.1', 'TLS 1.2')) {
  $p = $SchannelKey + '\' + $v + '\Server'
  $tls[$v] = [ordered]@{ enabled = Get-RegValue $p 'Enabled'; disabledByDefault = Get-RegValue $p 'DisabledByDefault' }
}
$credssp = [ordered]@{ allowEncryptionOracle = Get-RegValue $CredSspKey 'AllowEncryptionOracle' }

$firewall = $null
try {
  # the "Remote Desktop" group by its resource id, the same on every display language
  $rules = @(Get-NetFirewallRule -Group '@FirewallAPI.dll,-28752')
  $firewall = [ordered]@{ rules = @($rules | ForEach-Object { [ordered]@{ name = [string]$_.Name; enabled = ([string]$_.Enabled -eq 'True'); direction = [string]$_.Direction; profile = [string]$_.Profile } }) }
  $firewall.anyInboundEnabled = [bool](@($firewall.rules | Where-Object { $_.enabled -and $_.direction -eq 'Inbound' }).Count)
} catch { Add-Err 'firewall' $_ }

$listening = $null
try {
  $c = @(Get-NetTCPConnection -LocalPort $port -State Listen -ErrorAction SilentlyContinue)
  $listening = [ordered]@{ port = $port; listening = ($c.Count -gt 0); process = $null }
  if ($c.Count -gt 0) {
    $listening.process = [string](Get-Process -Id $c[0].OwningProcess -ErrorAction SilentlyContinue).ProcessName
  }
} catch { Add-Err 'listening' $_ }

# ---- sessions (a TermService restart disconnects them) ------------------------------------------------
$sessions = $null
try {
  # qwinsta: one line per session; listeners (rdp-tcp, services without a user) are not sessions
  $sessions = @(@(qwinsta) | Select-Object -Skip 1 | ForEach-Object {
      $t = ([string]$_).TrimStart('>').Trim() -split '\s+'
      if ($t.Count -ge 4 -and $t[1] -notmatch '^\d+$') { [ordered]@{ session = $t[0]; user = $t[1]; id = $t[2]; state = $t[3] } }
    })
} catch { Add-Err 'sessions' $_ }

# ---- host-confirmed findings -----------------------------------------------------------------------
if ($settings.fDenyTSConnections -eq 1) { Add-Finding 'rdp-disabled' 'fDenyTSConnections=1' @("$TsKey\fDenyTSConnections = 1: Remote Desktop connections are not allowed") }
if (@('Stopped', 'StopPending', 'Paused', 'Missing') -contains $services.TermService.status) {
  Add-Finding 'termservice-stopped' $services.TermService.status @("Remote Desktop Services (TermService) is $($services.TermService.status)")
}
if ($firewall -and -not $firewall.anyInboundEnabled) { Add-Finding 'rdp-firewall-closed' 'group-disabled' @('No inbound rule of the "Remote Desktop" firewall group is enabled') }
$t12 = $tls['TLS 1.2']
if ($t12.enabled -eq 0 -or $t12.disabledByDefault -eq 1) {
  Add-Finding 'tls12-server-disabled' 'schannel' @("SCHANNEL\Protocols\TLS 1.2\Server: Enabled=$($t12.enabled) DisabledByDefault=$($t12.disabledByDefault)")
}
foreach ($name in $policy.Keys) {
  Add-Finding 'setting-enforced-by-policy' $name @("Group Policy sets $name=$($policy[$name].value): ""$($policy[$name].policy)"" ($PolicyPath)")
}
$keyEvents = @($events | Where-Object { $_.id -eq 36870 })
if ($key) {
  if (-not $key.uniqueName) {
    Add-Finding 'tls-key-unusable' 'keyset-missing' (@("The certificate $thumb has no usable private key (keyset does not exist)") + @($keyEvents | ForEach-Object { "Schannel 36870: $($_.message)" }))
  } elseif (-not $key.exists) {
    Add-Finding 'tls-key-unusable' 'key-file-missing' @("Private key file $($key.path) does not exist")
  } elseif (-not $key.networkServiceCanRead) {
    Add-Finding 'tls-key-unusable' 'no-read-for-network-service' @("NETWORK SERVICE (S-1-5-20) has no read on $($key.path)", "ACL: $($key.sddl)")
  }
} elseif ($thumb -and -not $cert -and -not ($errors | Where-Object { $_.section -eq 'certificate' })) {
  Add-Finding 'tls-key-unusable' 'certificate-missing' @("The listener is bound to $thumb, which is in neither the Remote Desktop nor the My store")
}

if ($listener) { [void]$summary.Add("RDP-Tcp: SecurityLayer=$($listener.securityLayer) UserAuthenticationRequired=$($listener.userAuthenticationRequired) certificate=$thumb") }
if ($key -and $key.path) { [void]$summary.Add("key file $($key.path): exists=$($key.exists) NETWORK SERVICE read=$($key.networkServiceCanRead)") }

$out = [ordered]@{
  os = $os; listener = $listener; settings = $settings; policy = $policy; port = $port; services = $services
  certificate = $cert; key = $key; events = @($events); tls = $tls; credssp = $credssp; firewall = $firewall; listening = $listening
  sessions = $sessions; findings = @($findings); summary = @($summary); errors = @($errors)
}
ConvertTo-Json -InputObject $out -Depth 8 -Compress
