<#
  Fakes of a Windows RDP host for the Pester tests (dot-sourced in BeforeAll). Windows is not here, so:
  1. stub functions stand in for Windows-only commands (Get-CimInstance, Get-Service, icacls, Get-WinEvent,
     Get-NetFirewallRule…) so that Pester can Mock them — they throw if a test forgets to mock one;
  2. New-HostModel builds one modelled host as data (registry, listener, services, certificates, key files
     with their SDDL, events, firewall rules, sessions);
  3. Register-HostMocks makes every command the scripts call read and change that model — nothing on this
     machine (files, registry) is touched.
#>
$Global:ScriptsDir = (Resolve-Path (Join-Path $PSScriptRoot '../../electron/remediation/windows/scripts')).Path
$Global:BootstrapPath = (Resolve-Path (Join-Path $PSScriptRoot '../../electron/remediation/windows/bootstrap.ps1')).Path

function Get-CimInstance { param($Namespace, $ClassName, $Filter) throw 'FAKE: Get-CimInstance not mocked' }
function Invoke-CimMethod { param($InputObject, $MethodName, $Arguments) throw 'FAKE: Invoke-CimMethod not mocked' }
function Set-CimInstance { param($InputObject, $Property) throw 'FAKE: Set-CimInstance not mocked' }
function Get-Service { param($Name) throw 'FAKE: Get-Service not mocked' }
function Restart-Service { param($Name, [switch]$Force) throw 'FAKE: Restart-Service not mocked' }
function Start-Service { param($Name) throw 'FAKE: Start-Service not mocked' }
function Stop-Service { param($Name, [switch]$Force) throw 'FAKE: Stop-Service not mocked' }
function Set-Service { param($Name, $StartupType) throw 'FAKE: Set-Service not mocked' }
function Get-Acl { param($LiteralPath) throw 'FAKE: Get-Acl not mocked' }
function Set-Acl { param($LiteralPath, $AclObject) throw 'FAKE: Set-Acl not mocked' }
function icacls { param([Parameter(ValueFromRemainingArguments = $true)]$Rest) throw 'FAKE: icacls not mocked' }
function qwinsta { param([Parameter(ValueFromRemainingArguments = $true)]$Rest) throw 'FAKE: qwinsta not mocked' }
function Get-WinEvent { param($FilterHashtable, $MaxEvents) throw 'FAKE: Get-WinEvent not mocked' }
function Get-NetFirewallRule { param($Group) throw 'FAKE: Get-NetFirewallRule not mocked' }
function Enable-NetFirewallRule { param($Name) throw 'FAKE: Enable-NetFirewallRule not mocked' }
function Disable-NetFirewallRule { param($Name) throw 'FAKE: Disable-NetFirewallRule not mocked' }
function Set-NetFirewallRule { param($Name, $Profile) throw 'FAKE: Set-NetFirewallRule not mocked' }
function Get-NetTCPConnection { param($LocalPort, $State) throw 'FAKE: Get-NetTCPConnection not mocked' }
# The registry provider's dynamic -Type parameter does not exist on Linux: a stub with it stands in.
function Set-ItemProperty { param($LiteralPath, $Name, $Value, $Type) throw 'FAKE: Set-ItemProperty not mocked' }
function Import-PfxCertificate { param($FilePath, $CertStoreLocation, $Password) throw 'FAKE: Import-PfxCertificate not mocked' }
# The certificate provider's dynamic -DeleteKey does not exist on Linux: a stub with it stands in.
function Remove-Item { [CmdletBinding()] param($LiteralPath, $Path, [switch]$Recurse, [switch]$Force, [switch]$DeleteKey) throw 'FAKE: Remove-Item not mocked' }
function Export-Certificate { param($Cert, $FilePath) throw 'FAKE: Export-Certificate not mocked' }

$Global:Paths = @{
  Ts = 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server'
  RdpTcp = 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp'
  Policy = 'HKLM:\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services'
  Tls12 = 'HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2'
  Tls12Server = 'HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2\Server'
  KeyName = 'f686aace6942fb7f7ceb231212eef4a4_5ad2e3f1-0e3c-4b32-8e2f-8f4b7b1c2d3e'
  KeyFile = 'C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\f686aace6942fb7f7ceb231212eef4a4_5ad2e3f1-0e3c-4b32-8e2f-8f4b7b1c2d3e'
  Thumb = 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678'
}
$Global:SddlReadable = 'O:SYG:SYD:(A;;FA;;;SY)(A;;FA;;;BA)(A;;0x120089;;;NS)'
$Global:SddlNoNs = 'O:SYG:SYD:(A;;FA;;;SY)(A;;FA;;;BA)'

function New-FakeCert([string]$Thumb, [string]$KeyName, [switch]$KeysetMissing) {
  $c = [pscustomobject]@{
    Thumbprint = $Thumb; Subject = 'CN=SRV01'; Issuer = 'CN=SRV01'; HasPrivateKey = $true
    NotBefore = [datetime]'2026-01-01T00:00:00Z'; NotAfter = [datetime]'2036-07-01T00:00:00Z'
  }
  if ($KeysetMissing) {
    $c | Add-Member -MemberType ScriptProperty -Name PrivateKey -Value { throw 'Keyset does not exist' }
  } else {
    $c | Add-Member -MemberType NoteProperty -Name PrivateKey -Value ([pscustomobject]@{ CspKeyContainerInfo = [pscustomobject]@{ UniqueKeyContainerName = $KeyName } })
  }
  $c
}

function New-HostModel([ValidateSet('healthy', 'key-unreadable', 'key-missing', 'keyset-missing', 'gpo-nla', 'tls12-disabled', 'rdp-off')][string]$Kind) {
  $m = @{
    Kind = $Kind
    Reg = @{
      $Paths.Ts = @{ fDenyTSConnections = 0 }
      $Paths.RdpTcp = @{ PortNumber = 3389 }
      $Paths.Tls12Server = @{ Enabled = 1; DisabledByDefault = 0 }
      $Paths.Tls12 = @{}
    }
    Listener = [pscustomobject]@{ TerminalName = 'RDP-Tcp'; SecurityLayer = 2; UserAuthenticationRequired = 1; MinEncryptionLevel = 2
      SSLCertificateSHA1Hash = $Paths.Thumb; SSLCertificateSHA1HashType = 2; PolicySourceSecurityLayer = 0; PolicySourceUserAuthenticationRequired = 0; PolicySourceMinEncryptionLevel = 0 }
    Services = @{}
    Certs = @{ 'Cert:\LocalMachine\Remote Desktop' = @((New-FakeCert $Paths.Thumb $Paths.KeyName)); 'Cert:\LocalMachine\My' = @() }
    Files = @{ $Paths.KeyFile = $SddlReadable }
    Events = @()
    Rules = @(
      # as on Windows Server: TCP for every profile (Any), UDP for Domain and Private
      [pscustomobject]@{ Name = 'RemoteDesktop-UserMode-In-TCP'; Enabled = 'True'; Direction = 'Inbound'; Profile = 'Any' },
      [pscustomobject]@{ Name = 'RemoteDesktop-UserMode-In-UDP'; Enabled = 'True'; Direction = 'Inbound'; Profile = 'Domain, Private' }
    )
    Listening = $true
    Sessions = @(' SESSIONNAME       USERNAME                 ID  STATE   TYPE        DEVICE', ' services                                    0  Disc', '>rdp-tcp#3        alice                     2  Active', ' console                                     1  Conn', ' rdp-tcp                                 65536  Listen')
    Calls = New-Object System.Collections.ArrayList
  }
  foreach ($s in 'TermService', 'SessionEnv', 'UmRdpService', 'CertPropSvc', 'KeyIso', 'CryptSvc') { $m.Services[$s] = @{ Status = 'Running'; StartType = 'Manual' } }
  $m.Services.TermService.StartType = 'Automatic'
  switch ($Kind) {
    'key-unreadable' { $m.Files[$Paths.KeyFile] = $SddlNoNs
      $m.Events = @([pscustomobject]@{ Id = 36870; ProviderName = 'Schannel'; TimeCreated = [datetime]'2026-11-27T10:00:00Z'; Message = "A fatal error occurred when attempting to access the TLS server credential private key. The error code returned from the cryptographic module is 0x8009030D." }) }
    'key-missing' { $m.Files.Remove($Paths.KeyFile) }
    'keyset-missing' { $m.Certs['Cert:\LocalMachine\Remote Desktop'] = @((New-FakeCert $Paths.Thumb $Paths.KeyName -KeysetMissing))
      $m.Events = @([pscustomobject]@{ Id = 36870; ProviderName = 'Schannel'; TimeCreated = [datetime]'2026-11-27T10:00:00Z'; Message = "A fatal error occurred when attempting to access the TLS server credential private key. The error code returned from the cryptographic module is 0x80090016." }) }
    'gpo-nla' { $m.Reg[$Paths.Policy] = @{ UserAuthentication = 0 }; $m.Listener.UserAuthenticationRequired = 0; $m.Listener.PolicySourceUserAuthenticationRequired = 1 }
    'tls12-disabled' { $m.Reg[$Paths.Tls12Server] = @{ Enabled = 0; DisabledByDefault = 1 } }
    'rdp-off' { $m.Reg[$Paths.Ts].fDenyTSConnections = 1; $m.Services.TermService = @{ Status = 'Stopped'; StartType = 'Manual' }; $m.Listening = $false
      foreach ($r in $m.Rules) { $r.Enabled = 'False' } }
  }
  $m
}

# Every command the scripts use, reading and changing $Global:H. Call from BeforeEach (after setting $Global:H).
function Register-HostMocks {
  Mock Get-CimInstance {
    switch ($ClassName) {
      'Win32_TSGeneralSetting' { if ($Global:H.CimError) { throw $Global:H.CimError }; $Global:H.Listener }
      'Win32_OperatingSystem' { [pscustomobject]@{ Caption = 'Microsoft Windows Server 2022 Standard'; Version = '10.0.20348' } }
      'Win32_ComputerSystem' { [pscustomobject]@{ Name = 'SRV01'; PartOfDomain = $true; Domain = 'corp.example' } }
      default { throw "FAKE: no CIM class $ClassName" }
    }
  }
  Mock Invoke-CimMethod { foreach ($k in @($Arguments.Keys)) { $InputObject.$k = [int]$Arguments[$k] }; [pscustomobject]@{ ReturnValue = 0 } }
  Mock Set-CimInstance { foreach ($k in @($Property.Keys)) { $InputObject.$k = $Property[$k] } }
  Mock Get-ItemProperty {
    $LiteralPath = "$LiteralPath"; $Name = "$Name"
    $k = $Global:H.Reg[$LiteralPath]
    if ($null -eq $k -or -not $k.ContainsKey($Name)) { throw "FAKE: Property $Name does not exist at path $LiteralPath" }
    [pscustomobject]@{ $Name = $k[$Name] }
  }
  Mock Set-ItemProperty { $LiteralPath = "$LiteralPath"; if (-not $Global:H.Reg.ContainsKey($LiteralPath)) { throw "FAKE: no key $LiteralPath" }; $Global:H.Reg[$LiteralPath][$Name] = $Value }
  Mock Remove-ItemProperty { $LiteralPath = "$LiteralPath"; $Name = "$Name"; $Global:H.Reg[$LiteralPath].Remove($Name) }
  # registry keys and certificate stores live in the model; other paths (a test's own folders) are real
  Mock New-Item -ParameterFilter { "$Path" -like 'C:\*' } { [void]$Global:H.Calls.Add("New-Item $Path") }
  Mock New-Item -ParameterFilter { "$Path" -like 'HKLM:*' -or "$Path" -like 'Cert:*' } { $Path = "$Path"; if ($Path -like 'HKLM:*') { $Global:H.Reg[$Path] = @{} } else { $Global:H.Certs[$Path] = @() } }
  Mock Remove-Item {
    if ("$Path" -like 'Cert:*') {
      $i = "$Path".LastIndexOf('\'); $store = "$Path".Substring(0, $i); $thumb = "$Path".Substring($i + 1)
      $Global:H.Certs[$store] = @($Global:H.Certs[$store] | Where-Object { $_.Thumbprint -ne $thumb })
    } elseif ("$LiteralPath" -like 'HKLM:*') { [void]$Global:H.Reg.Remove("$LiteralPath") }
    elseif ("$LiteralPath" -like "$([System.IO.Path]::GetTempPath())*") { [System.IO.File]::Delete("$LiteralPath") }
    else { throw "FAKE: Remove-Item of $LiteralPath$Path is not modelled" }
  }
  Mock Import-PfxCertificate {
    $Global:H.ImportedFile = [System.IO.File]::ReadAllBytes("$FilePath")
    $Global:H.ImportPasswordType = $Password.GetType().FullName
    $c = New-FakeCert $Global:H.PfxThumb $Global:H.PfxKeyName
    $Global:H.Certs["$CertStoreLocation"] = @(@($Global:H.Certs["$CertStoreLocation"]) + $c | Where-Object { $_ })
    $c
  }
  Mock Test-Path { $LiteralPath = "$LiteralPath"; $Global:H.Reg.ContainsKey($LiteralPath) -or $Global:H.Files.ContainsKey($LiteralPath) -or $Global:H.Certs.ContainsKey($LiteralPath) }
  Mock Get-Service {
    $s = $Global:H.Services[$Name]
    if ($null -eq $s) { throw "FAKE: Cannot find any service with service name '$Name'." }
    [pscustomobject]@{ Name = $Name; Status = $s.Status; StartType = $s.StartType; DependentServices = @([pscustomobject]@{ Name = 'UmRdpService' }) }
  }
  Mock Restart-Service { $Global:H.Services[$Name].Status = 'Running'; $Global:H.Listening = $true
    if ($Global:H.NewThumbOnRestart) { $Global:H.Listener.SSLCertificateSHA1Hash = $Global:H.NewThumbOnRestart } }
  Mock Start-Service { $Global:H.Services[$Name].Status = 'Running'; $Global:H.Listening = $true }
  Mock Stop-Service { $Global:H.Services[$Name].Status = 'Stopped'; $Global:H.Listening = $false }
  Mock Set-Service { $Global:H.Services[$Name].StartType = [string]$StartupType }
  Mock Get-ChildItem -ParameterFilter { "$Path" -like 'Cert:*' } { @($Global:H.Certs["$Path"]) }
  Mock Move-Item {
    $Path = "$Path"; $Destination = "$Destination"
    $i = $Path.LastIndexOf('\'); $store = $Path.Substring(0, $i); $thumb = $Path.Substring($i + 1)
    $c = @($Global:H.Certs[$store] | Where-Object { $_.Thumbprint -eq $thumb })
    if ($c.Count -eq 0) { throw "FAKE: Cannot find path '$Path'" }
    $Global:H.Certs[$store] = @($Global:H.Certs[$store] | Where-Object { $_.Thumbprint -ne $thumb })
    $Global:H.Certs[$Destination] = @(@($Global:H.Certs[$Destination]) + $c | Where-Object { $_ })
  }
  Mock Export-Certificate { [pscustomobject]@{ Name = $FilePath } }
  Mock Get-Acl {
    $LiteralPath = "$LiteralPath"; $Name = "$Name"
    if (-not $Global:H.Files.ContainsKey($LiteralPath)) { throw "FAKE: Cannot find path '$LiteralPath'" }
    $acl = [pscustomobject]@{ Sddl = $Global:H.Files[$LiteralPath] }
    $acl | Add-Member -MemberType ScriptMethod -Name SetSecurityDescriptorSddlForm -Value { param($s) $this.Sddl = $s }
    $acl
  }
  Mock Set-Acl { $LiteralPath = "$LiteralPath"; $Global:H.Files[$LiteralPath] = $AclObject.Sddl }
  # the machine key files of the model ($Global:H.Links: the ones that are links, reparse points)
  Mock Get-Item -ParameterFilter { "$LiteralPath" -like 'C:\ProgramData\Microsoft\Crypto\*' } {
    $LiteralPath = "$LiteralPath"
    if (-not $Global:H.Files.ContainsKey($LiteralPath)) { throw "FAKE: Cannot find path '$LiteralPath'" }
    $attrs = [System.IO.FileAttributes]::Archive
    if (@($Global:H.Links) -contains $LiteralPath) { $attrs = $attrs -bor [System.IO.FileAttributes]::ReparsePoint }
    [pscustomobject]@{ FullName = $LiteralPath; Attributes = $attrs; PSIsContainer = $false }
  }
  # every other path (a test's own folders under TestDrive) is read from the real file system (Pester 6 does not
  # fall through to the real cmdlet, and calling it from here would be mocked again)
  Mock Get-Item -ParameterFilter { "$LiteralPath" -notlike 'C:\ProgramData\Microsoft\Crypto\*' } {
    $p = "$LiteralPath"
    if ([System.IO.Directory]::Exists($p)) { $i = New-Object System.IO.DirectoryInfo $p; $dir = $true }
    elseif ([System.IO.File]::Exists($p)) { $i = New-Object System.IO.FileInfo $p; $dir = $false }
    else { throw "FAKE: Cannot find path '$p' because it does not exist." }
    $i | Add-Member -NotePropertyName PSIsContainer -NotePropertyValue $dir -Force -PassThru
  }
  Mock icacls {
    $path = [string]$Rest[0]
    if ($Rest[1] -eq '/grant' -and $Rest[2] -eq '*S-1-5-20:(R)') { $Global:H.Files[$path] = $Global:H.Files[$path] + '(A;;0x1200a9;;;NS)' }
    $global:LASTEXITCODE = 0
    "processed file: $path"; 'Successfully processed 1 files; Failed processing 0 files'
  }
  Mock qwinsta { $Global:H.Sessions }
  Mock Get-WinEvent {
    $e = @($Global:H.Events | Where-Object { $_.ProviderName -eq $FilterHashtable.ProviderName })
    if ($e.Count -eq 0) { throw 'FAKE: No events were found that match the specified selection criteria.' }
    $e
  }
  Mock Get-NetFirewallRule { $Global:H.Rules }
  Mock Enable-NetFirewallRule { foreach ($r in $Global:H.Rules) { if (@($Name) -contains $r.Name) { $r.Enabled = 'True' } } }
  Mock Set-NetFirewallRule { foreach ($r in $Global:H.Rules) { if ($r.Name -eq [string]$Name) { $r.Profile = (@($Profile) -join ', ') } } }
  Mock Disable-NetFirewallRule { foreach ($r in $Global:H.Rules) { if (@($Name) -contains $r.Name) { $r.Enabled = 'False' } } }
  Mock Get-NetTCPConnection { if ($Global:H.Listening) { [pscustomobject]@{ LocalPort = $LocalPort; OwningProcess = 1234 } } }
  Mock Get-Process { [pscustomobject]@{ ProcessName = 'svchost'; Id = 1234 } }
  Mock Start-Sleep { }
}

# Runs a repo script with one JSON input the way the bootstrap does (& scriptblock) and parses its JSON.
function Invoke-RdpScript([string]$Name, $InputObject) {
  $json = $InputObject
  if ($InputObject -isnot [string]) { $json = ConvertTo-Json -InputObject $InputObject -Depth 8 -Compress }
  $out = & (Join-Path $ScriptsDir $Name) -InputJson $json
  $Global:LastRaw = ($out -join "`n")
  ConvertFrom-Json -InputObject $Global:LastRaw
}

# Strings that would run code if any script spliced them into code (each writes a marker file).
function Get-HostileValues([string]$Marker) {
  @(
    "'; Set-Content -LiteralPath '$Marker' -Value 1; '",
    "`$(Set-Content -LiteralPath '$Marker' -Value 1)",
    "x`"; Set-Content -LiteralPath '$Marker' -Value 1; `"",
    "``; Set-Content -LiteralPath '$Marker' -Value 1",
    "a`nSet-Content -LiteralPath '$Marker' -Value 1",
    "C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\x`$(Set-Content -LiteralPath '$Marker' -Value 1)"
  )
}
