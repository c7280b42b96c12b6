<#
  Set-RdpTrustedCert.ps1 (win-bind-trusted-cert) in the real PowerShell engine. The .pfx files are REAL
  (made here with .NET's CertificateRequest: a CA, a server certificate it signs, real keys, real PKCS #12
  encryption with the password), so the password a test passes must really open them. What cannot exist here
  are the Windows stand-ins of HostModel.ps1 plus, in this file:
    Get-PfxData / Import-PfxCertificate  — read the real .pfx with the SecureString they are given (a wrong
                                            password fails as on Windows); the import adds the certificates to
                                            the modelled LocalMachine\My and a key file with the default ACL;
    Set-CimInstance / Remove-ItemProperty — the binding as Windows keeps it: the RDP-Tcp registry value
                                            SSLCertificateSHA1Hash, WMI reporting the self-signed one without it;
    Remove-Item Cert:\...                — -DeleteKey removes the key file too.
#>
BeforeAll {
  . $PSScriptRoot/HostModel.ps1
  # Windows-only cmdlet (PKI module): a stub so that Pester can mock it
  function Get-PfxData { param($FilePath, $Password) throw 'FAKE: Get-PfxData not mocked' }
  $Global:Password = "Pf!x-s3cret'`$(Set-Content x)`"w;1"
  $Global:RdpTcpKey = 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp'
  $Global:My = 'Cert:\LocalMachine\My'

  function New-TestCert {
    param([int]$Bits = 2048, [string[]]$Eku = @('1.3.6.1.5.5.7.3.1'), [int]$FromDays = -1, [int]$ToDays = 365, $Issuer, [switch]$Ca, [string]$Name = 'CN=srv01.corp.example')
    $X = 'System.Security.Cryptography.X509Certificates'
    $rsa = [System.Security.Cryptography.RSA]::Create($Bits)
    $req = New-Object "$X.CertificateRequest" ($Name, $rsa, [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
    if ($Ca) { $req.CertificateExtensions.Add((New-Object "$X.X509BasicConstraintsExtension" ($true, $false, 0, $true))) }
    if ($Eku.Count -gt 0) {
      $oids = New-Object System.Security.Cryptography.OidCollection
      foreach ($o in $Eku) { [void]$oids.Add((New-Object System.Security.Cryptography.Oid $o)) }
      $req.CertificateExtensions.Add((New-Object "$X.X509EnhancedKeyUsageExtension" ($oids, $false)))
    }
    $from = [datetimeoffset]::UtcNow.AddDays($FromDays); $to = [datetimeoffset]::UtcNow.AddDays($ToDays)
    if ($Issuer) {
      $serial = [byte[]](1..12 | ForEach-Object { Get-Random -Maximum 256 })
      $c = $req.Create($Issuer, $from, $to, $serial)
      [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::CopyWithPrivateKey($c, $rsa)
    } else { $req.CreateSelfSigned($from, $to) }
  }
  # A real .pfx: the server certificate with its key, and (-WithCa) the CA certificate that signed it.
  function New-TestPfx {
    param([int]$Bits = 2048, [string[]]$Eku = @('1.3.6.1.5.5.7.3.1'), [int]$FromDays = -1, [int]$ToDays = 365, [switch]$WithCa)
    $ca = New-TestCert -Ca -Name 'CN=Corp Issuing CA' -Eku @() -FromDays -1000 -ToDays 3650
    $leaf = New-TestCert -Bits $Bits -Eku $Eku -FromDays $FromDays -ToDays $ToDays -Issuer $ca
    $col = New-Object System.Security.Cryptography.X509Certificates.X509Certificate2Collection
    [void]$col.Add($leaf)
    if ($WithCa) { [void]$col.Add((New-Object System.Security.Cryptography.X509Certificates.X509Certificate2 (, $ca.RawData))) }
    @{ Bytes = $col.Export([System.Security.Cryptography.X509Certificates.X509ContentType]::Pfx, $Password); Thumb = $leaf.Thumbprint; CaThumb = $ca.Thumbprint }
  }
  function Open-TestPfx([string]$File, [securestring]$Secure) {
    $plain = (New-Object System.Net.NetworkCredential ('', $Secure)).Password
    $col = New-Object System.Security.Cryptography.X509Certificates.X509Certificate2Collection
    $col.Import([System.IO.File]::ReadAllBytes($File), $plain, [System.Security.Cryptography.X509Certificates.X509KeyStorageFlags]::EphemeralKeySet)
    , $col
  }
  $Global:Good = New-TestPfx -WithCa

  # The stand-ins of this file (see the header). Call after Register-HostMocks.
  function Register-TrustedCertMocks {
    Mock Get-PfxData {
      $col = Open-TestPfx "$FilePath" $Password
      [pscustomobject]@{ EndEntityCertificates = @($col | Where-Object { $_.HasPrivateKey }); OtherCertificates = @($col | Where-Object { -not $_.HasPrivateKey }) }
    }
    Mock Import-PfxCertificate {
      $Global:H.ImportPasswordType = $Password.GetType().FullName
      $col = Open-TestPfx "$FilePath" $Password
      $out = foreach ($c in $col) {
        $keyName = $null
        if ($c.HasPrivateKey -and -not $Global:H.StoreRefusesKey) {
          $keyName = $c.Thumbprint.ToLowerInvariant().Substring(0, 32) + '_5ad2e3f1-0e3c-4b32-8e2f-8f4b7b1c2d3e'
          $Global:H.Files['C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\' + $keyName] = $SddlNoNs
        }
        $w = New-FakeCert $c.Thumbprint $keyName
        $w.Subject = $c.Subject; $w.Issuer = $c.Issuer; $w.HasPrivateKey = $c.HasPrivateKey
        if (-not @($Global:H.Certs[$My] | Where-Object { $_.Thumbprint -eq $c.Thumbprint })) { $Global:H.Certs[$My] = @(@($Global:H.Certs[$My]) + $w | Where-Object { $_ }) }
        $w
      }
      $out
    }
    Mock Set-CimInstance {
      if ($Global:H.BindThrows) { throw 'FAKE: Set-CimInstance: Invalid parameter (WMI 0x80041008)' }
      foreach ($k in @($Property.Keys)) { $InputObject.$k = $Property[$k] }
      if ($Property.ContainsKey('SSLCertificateSHA1Hash')) { $Global:H.Reg[$RdpTcpKey]['SSLCertificateSHA1Hash'] = [byte[]]@(1, 2) }
    }
    Mock Remove-ItemProperty {
      $Global:H.Reg["$LiteralPath"].Remove("$Name")
      if ("$Name" -eq 'SSLCertificateSHA1Hash') { $Global:H.Listener.SSLCertificateSHA1Hash = $Paths.Thumb }
    }
    Mock Remove-Item {
      if ("$Path" -like 'Cert:*') {
        $i = "$Path".LastIndexOf('\'); $store = "$Path".Substring(0, $i); $thumb = "$Path".Substring($i + 1)
        $c = @($Global:H.Certs[$store] | Where-Object { $_.Thumbprint -eq $thumb })
        if ($c.Count -eq 0) { throw "FAKE: Cannot find path '$Path'" }
        if ($DeleteKey -and $c[0].PrivateKey) { $Global:H.Files.Remove('C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\' + $c[0].PrivateKey.CspKeyContainerInfo.UniqueKeyContainerName) }
        $Global:H.Certs[$store] = @($Global:H.Certs[$store] | Where-Object { $_.Thumbprint -ne $thumb })
      } elseif ("$LiteralPath" -like "$([System.IO.Path]::GetTempPath())*") { [System.IO.File]::Delete("$LiteralPath") }
      else { throw "FAKE: Remove-Item of $LiteralPath$Path is not modelled" }
    }
  }
  function Get-HostState {
    ConvertTo-Json -Depth 5 -Compress -InputObject ([ordered]@{
        bound = $Global:H.Listener.SSLCertificateSHA1Hash; reg = @($Global:H.Reg[$RdpTcpKey].Keys | Sort-Object)
        my = @($Global:H.Certs[$My] | ForEach-Object { $_.Thumbprint } | Sort-Object)
        files = @($Global:H.Files.GetEnumerator() | Where-Object { $_.Name -like 'C:\ProgramData\*' } | Sort-Object Name | ForEach-Object { "$($_.Name)=$($_.Value)" }) })
  }
  function Get-NewTempPfx { @([System.IO.Directory]::GetFiles([System.IO.Path]::GetTempPath(), 'rdpdoctor-*.pfx')) }
  function New-Input($Pfx, [string]$Action) { @{ action = $Action; thumbprint = $Pfx.Thumb; pfxBase64 = [Convert]::ToBase64String($Pfx.Bytes); pfxPassword = $Password } }
}

Describe 'Set-RdpTrustedCert.ps1 (win-bind-trusted-cert)' {
  Context 'a host on its self-signed default (no binding in the registry), a checked .pfx with its CA certificate' {
    BeforeEach {
      $Global:H = New-HostModel healthy
      Register-HostMocks; Register-TrustedCertMocks
      $Global:Before = Get-HostState
    }
    It 'plans the real old binding -> the new thumbprint, keeps the backup, and changes nothing' {
      $r = Invoke-RdpScript 'Set-RdpTrustedCert.ps1' (New-Input $Good 'plan')
      $r.ok | Should -BeTrue
      $r.alreadyRight | Should -BeFalse
      $r.changes[0].before | Should -Be "self-signed default ($($Paths.Thumb))"
      $r.changes[0].after | Should -Be $Good.Thumb
      $r.backup.previousThumbprint | Should -Be $Paths.Thumb
      $r.backup.previousInRegistry | Should -BeFalse
      $r.backup.wasPresent | Should -BeFalse
      ($r.commands -join "`n") | Should -Match "SSLCertificateSHA1Hash = '$($Good.Thumb)'"
      Should -Invoke Import-PfxCertificate -Times 0 -Exactly
      Should -Invoke Set-CimInstance -Times 0 -Exactly
      Should -Invoke icacls -Times 0 -Exactly
      Get-HostState | Should -Be $Before
    }
    It 'imports with the password as a SecureString, keeps only the server certificate, grants NETWORK SERVICE read on its key file only, binds; a second apply changes nothing' {
      $a = Invoke-RdpScript 'Set-RdpTrustedCert.ps1' (New-Input $Good 'apply')
      $a.ok | Should -BeTrue -Because $Global:LastRaw
      $a.changed | Should -BeTrue
      $Global:H.ImportPasswordType | Should -Be 'System.Security.SecureString'
      Should -Invoke Get-PfxData -Times 1 -Exactly
      Should -Invoke Import-PfxCertificate -Times 1 -Exactly -ParameterFilter { $CertStoreLocation -eq $My -and $Password -is [securestring] }
      # the CA certificate the import added to My is taken out again: only what the phase names is installed
      @($Global:H.Certs[$My] | ForEach-Object { $_.Thumbprint }) | Should -Be @($Good.Thumb)
      $key = 'C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\' + $Good.Thumb.ToLowerInvariant().Substring(0, 32) + '_5ad2e3f1-0e3c-4b32-8e2f-8f4b7b1c2d3e'
      Should -Invoke icacls -Times 1 -Exactly
      Should -Invoke icacls -Times 1 -Exactly -ParameterFilter { $Rest.Count -eq 3 -and $Rest[0] -eq $key -and $Rest[1] -eq '/grant' -and $Rest[2] -eq '*S-1-5-20:(R)' }
      $Global:H.Files[$key] | Should -Match '\(A;;0x1200a9;;;NS\)$'
      $Global:H.Files[$Paths.KeyFile] | Should -Be $SddlReadable
      $Global:H.Listener.SSLCertificateSHA1Hash | Should -Be $Good.Thumb
      $Global:H.Reg[$RdpTcpKey].ContainsKey('SSLCertificateSHA1Hash') | Should -BeTrue
      Get-NewTempPfx | Should -BeNullOrEmpty
      $again = Invoke-RdpScript 'Set-RdpTrustedCert.ps1' (New-Input $Good 'apply')
      $again.alreadyRight | Should -BeTrue
      $again.changed | Should -BeFalse
      Should -Invoke Import-PfxCertificate -Times 1 -Exactly
    }
    It 'undo removes the binding (the self-signed default, exactly as it was) and the certificate it imported, with its key' {
      $plan = Invoke-RdpScript 'Set-RdpTrustedCert.ps1' (New-Input $Good 'plan')
      [void](Invoke-RdpScript 'Set-RdpTrustedCert.ps1' (New-Input $Good 'apply'))
      $u = Invoke-RdpScript 'Set-RdpTrustedCert.ps1' @{ action = 'undo'; backup = $plan.backup }
      $u.ok | Should -BeTrue -Because $Global:LastRaw
      $u.changed | Should -BeTrue
      Should -Invoke Remove-ItemProperty -Times 1 -Exactly -ParameterFilter { "$LiteralPath" -eq $RdpTcpKey -and $Name -eq 'SSLCertificateSHA1Hash' }
      Should -Invoke Remove-Item -Times 1 -Exactly -ParameterFilter { "$Path" -eq "$My\$($Good.Thumb)" -and $DeleteKey }
      Get-HostState | Should -Be $Before
      $twice = Invoke-RdpScript 'Set-RdpTrustedCert.ps1' @{ action = 'undo'; backup = $plan.backup }
      $twice.changed | Should -BeFalse
      Get-HostState | Should -Be $Before
    }
    It 'a bind that fails midway takes back the import (and its key) and leaves the host as it was' {
      $Global:H.BindThrows = $true
      $r = Invoke-RdpScript 'Set-RdpTrustedCert.ps1' (New-Input $Good 'apply')
      $r.ok | Should -BeFalse
      $r.error.message | Should -Match 'Invalid parameter'
      $r.error.message | Should -Match 'was put back'
      Should -Invoke Import-PfxCertificate -Times 1 -Exactly
      Get-HostState | Should -Be $Before
      Get-NewTempPfx | Should -BeNullOrEmpty
    }
    It 'a certificate without a usable key is taken out again before anything else changes' {
      $Global:H.StoreRefusesKey = $true
      $r = Invoke-RdpScript 'Set-RdpTrustedCert.ps1' (New-Input $Good 'apply')
      $r.error.code | Should -Be 'key-unusable'
      Should -Invoke Set-CimInstance -Times 0 -Exactly
      Get-HostState | Should -Be $Before
    }
    It 'the password is in no command line, no output, no backup, no error' {
      $bad = New-Input $Good 'apply'; $bad.pfxPassword = $Password + 'x'
      $e = Invoke-RdpScript 'Set-RdpTrustedCert.ps1' $bad
      $e.error.code | Should -Be 'pfx-unreadable'
      $Global:LastRaw | Should -Not -Match ([regex]::Escape('Pf!x-s3cret'))
      $a = Invoke-RdpScript 'Set-RdpTrustedCert.ps1' (New-Input $Good 'apply')
      $a.ok | Should -BeTrue
      $Global:LastRaw | Should -Not -Match ([regex]::Escape('Pf!x-s3cret'))
      $Global:LastRaw | Should -Not -Match ([regex]::Escape([Convert]::ToBase64String($Good.Bytes).Substring(0, 40)))
      $a.backup.PSObject.Properties.Name | Should -Not -Contain 'pfxPassword'
      Should -Invoke icacls -Times 0 -Exactly -ParameterFilter { ($Rest -join ' ') -match [regex]::Escape("p'") }
      Should -Invoke Import-PfxCertificate -Times 0 -Exactly -ParameterFilter { $Password -isnot [securestring] }
    }
  }

  Context 'a host bound to another trusted certificate (binding in the registry)' {
    BeforeEach {
      $Global:OldThumb = 'C0C1C2C3C4C5C6C7C8C9CACBCCCDCECF00112233'
      $Global:OldKey = 'C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\0123456789abcdef0123456789abcdef_5ad2e3f1-0e3c-4b32-8e2f-8f4b7b1c2d3e'
      $Global:H = New-HostModel healthy
      $Global:H.Certs[$My] = @((New-FakeCert $OldThumb '0123456789abcdef0123456789abcdef_5ad2e3f1-0e3c-4b32-8e2f-8f4b7b1c2d3e'))
      $Global:H.Files[$OldKey] = $SddlReadable
      $Global:H.Listener.SSLCertificateSHA1Hash = $OldThumb
      $Global:H.Reg[$RdpTcpKey]['SSLCertificateSHA1Hash'] = [byte[]]@(9, 9)
      Register-HostMocks; Register-TrustedCertMocks
      $Global:Before = Get-HostState
    }
    It 'plans old -> new with the real old thumbprint; undo binds the old certificate again' {
      $plan = Invoke-RdpScript 'Set-RdpTrustedCert.ps1' (New-Input $Good 'plan')
      $plan.changes[0].before | Should -Be $OldThumb
      $plan.backup.previousInRegistry | Should -BeTrue
      [void](Invoke-RdpScript 'Set-RdpTrustedCert.ps1' (New-Input $Good 'apply'))
      $Global:H.Listener.SSLCertificateSHA1Hash | Should -Be $Good.Thumb
      $u = Invoke-RdpScript 'Set-RdpTrustedCert.ps1' @{ action = 'undo'; backup = $plan.backup }
      $u.changed | Should -BeTrue
      Should -Invoke Set-CimInstance -Times 1 -Exactly -ParameterFilter { $Property.SSLCertificateSHA1Hash -eq $OldThumb }
      Should -Invoke Remove-ItemProperty -Times 0 -Exactly
      $Global:H.Listener.SSLCertificateSHA1Hash | Should -Be $OldThumb
      @($Global:H.Certs[$My] | ForEach-Object { $_.Thumbprint }) | Should -Be @($OldThumb)
    }
    It 'undo leaves a binding someone else made since alone' {
      $plan = Invoke-RdpScript 'Set-RdpTrustedCert.ps1' (New-Input $Good 'plan')
      [void](Invoke-RdpScript 'Set-RdpTrustedCert.ps1' (New-Input $Good 'apply'))
      $Global:H.Listener.SSLCertificateSHA1Hash = 'DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD'
      $u = Invoke-RdpScript 'Set-RdpTrustedCert.ps1' @{ action = 'undo'; backup = $plan.backup }
      ($u.lines -join ' ') | Should -Match 'left as it is'
      $Global:H.Listener.SSLCertificateSHA1Hash | Should -Be 'DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD'
    }
  }

  Context 'the certificate is already in LocalMachine\My, its key not readable by NETWORK SERVICE' {
    BeforeEach {
      $Global:H = New-HostModel healthy
      $Global:ThereKey = 'C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\' + $Good.Thumb.ToLowerInvariant().Substring(0, 32) + '_5ad2e3f1-0e3c-4b32-8e2f-8f4b7b1c2d3e'
      $Global:H.Certs[$My] = @((New-FakeCert $Good.Thumb ($Good.Thumb.ToLowerInvariant().Substring(0, 32) + '_5ad2e3f1-0e3c-4b32-8e2f-8f4b7b1c2d3e')))
      $Global:H.Files[$ThereKey] = $SddlNoNs
      Register-HostMocks; Register-TrustedCertMocks
      $Global:Before = Get-HostState
    }
    It 'does not import it again, grants read on that key, binds; undo puts back the exact old ACL and keeps the certificate' {
      $plan = Invoke-RdpScript 'Set-RdpTrustedCert.ps1' (New-Input $Good 'plan')
      $plan.backup.wasPresent | Should -BeTrue
      $plan.backup.keyPath | Should -Be $ThereKey
      $plan.backup.keySddl | Should -Be $SddlNoNs
      $a = Invoke-RdpScript 'Set-RdpTrustedCert.ps1' (New-Input $Good 'apply')
      $a.changed | Should -BeTrue
      Should -Invoke Import-PfxCertificate -Times 0 -Exactly
      $Global:H.Files[$ThereKey] | Should -Not -Be $SddlNoNs
      $u = Invoke-RdpScript 'Set-RdpTrustedCert.ps1' @{ action = 'undo'; backup = $plan.backup }
      $u.changed | Should -BeTrue
      Should -Invoke Set-Acl -Times 1 -Exactly -ParameterFilter { "$LiteralPath" -eq $ThereKey }
      Should -Invoke Remove-Item -Times 0 -Exactly -ParameterFilter { "$Path" -like 'Cert:*' }
      Get-HostState | Should -Be $Before
    }
    It 'a key file that is a link is refused: nothing changed through it, nothing else changed' {
      $Global:H.Links = @($ThereKey)
      $r = Invoke-RdpScript 'Set-RdpTrustedCert.ps1' (New-Input $Good 'apply')
      $r.ok | Should -BeFalse
      $r.error.message | Should -Match 'is a link'
      Should -Invoke icacls -Times 0 -Exactly
      Should -Invoke Set-CimInstance -Times 0 -Exactly
      Get-HostState | Should -Be $Before
    }
    It 'a bind that fails midway puts the key ACL back exactly and keeps the certificate' {
      $Global:H.BindThrows = $true
      $r = Invoke-RdpScript 'Set-RdpTrustedCert.ps1' (New-Input $Good 'apply')
      $r.ok | Should -BeFalse
      Should -Invoke icacls -Times 1 -Exactly
      Get-HostState | Should -Be $Before
    }
  }

  Context 'bad input: refused before anything changes' {
    BeforeEach {
      $Global:H = New-HostModel healthy
      Register-HostMocks; Register-TrustedCertMocks
      $Global:Before = Get-HostState
      $Global:Marker = Join-Path $TestDrive 'pwned'
    }
    AfterEach {
      Get-HostState | Should -Be $Before
      Should -Invoke Import-PfxCertificate -Times 0 -Exactly
      Should -Invoke Set-CimInstance -Times 0 -Exactly
      Should -Invoke icacls -Times 0 -Exactly
      Should -Invoke Set-Acl -Times 0 -Exactly
      [System.IO.File]::Exists($Marker) | Should -BeFalse
      Get-NewTempPfx | Should -BeNullOrEmpty
    }
    It 'a hostile thumbprint, action or pfxPath' {
      foreach ($v in Get-HostileValues $Marker) {
        $bad = New-Input $Good 'apply'; $bad.thumbprint = $v
        (Invoke-RdpScript 'Set-RdpTrustedCert.ps1' $bad).error.code | Should -Be 'bad-input'
        $bad = New-Input $Good $v
        (Invoke-RdpScript 'Set-RdpTrustedCert.ps1' $bad).error.code | Should -Be 'bad-input'
        (Invoke-RdpScript 'Set-RdpTrustedCert.ps1' @{ action = 'apply'; pfxPath = $v }).error.code | Should -Be 'bad-input'
      }
      (Invoke-RdpScript 'Set-RdpTrustedCert.ps1' @{ action = 'apply'; thumbprint = ('AB' * 19) + 'A'; pfxBase64 = 'MA==' }).error.code | Should -Be 'bad-input'
    }
    It 'pfxBase64 that is not base64, bytes that are not a .pfx, an apply without the .pfx' {
      foreach ($v in @('not base64!', 'QUJD=', '', "MIIB`$(x)", ('A' * 1500000))) {
        $bad = New-Input $Good 'apply'; $bad.pfxBase64 = $v
        (Invoke-RdpScript 'Set-RdpTrustedCert.ps1' $bad).error.code | Should -Be 'bad-input' -Because "pfxBase64 '$($v.Substring(0, [Math]::Min(20, $v.Length)))'"
      }
      $bad = New-Input $Good 'apply'; $bad.pfxBase64 = [Convert]::ToBase64String([System.Text.Encoding]::ASCII.GetBytes('-----BEGIN CERTIFICATE-----'))
      (Invoke-RdpScript 'Set-RdpTrustedCert.ps1' $bad).error.code | Should -Be 'bad-input'
      (Invoke-RdpScript 'Set-RdpTrustedCert.ps1' @{ action = 'apply'; thumbprint = $Good.Thumb }).error.code | Should -Be 'bad-input'
    }
    It 'a .pfx that does not hold the checked certificate, a wrong password, an expired certificate, no server authentication, a 1024-bit key' {
      $other = New-TestPfx
      $bad = New-Input $other 'apply'; $bad.thumbprint = $Good.Thumb
      (Invoke-RdpScript 'Set-RdpTrustedCert.ps1' $bad).error.code | Should -Be 'thumbprint-mismatch'
      $bad = New-Input $Good 'apply'; $bad.pfxPassword = 'wrong'
      (Invoke-RdpScript 'Set-RdpTrustedCert.ps1' $bad).error.code | Should -Be 'pfx-unreadable'
      (Invoke-RdpScript 'Set-RdpTrustedCert.ps1' (New-Input (New-TestPfx -FromDays -400 -ToDays -2) 'apply')).error.code | Should -Be 'pfx-expired'
      (Invoke-RdpScript 'Set-RdpTrustedCert.ps1' (New-Input (New-TestPfx -Eku @('1.3.6.1.5.5.7.3.2')) 'apply')).error.code | Should -Be 'pfx-no-server-auth'
      (Invoke-RdpScript 'Set-RdpTrustedCert.ps1' (New-Input (New-TestPfx -Bits 1024) 'apply')).error.code | Should -Be 'pfx-weak-key'
    }
    It 'an undo backup that was edited' {
      $ok = @{ thumbprint = $Good.Thumb; previousThumbprint = $Paths.Thumb; previousInRegistry = $false; wasPresent = $false; keyPath = $null; keySddl = $null }
      foreach ($edit in @(
          @{ thumbprint = "x'; Set-Content '$Marker' 1; '" }, @{ previousThumbprint = "`$(Set-Content '$Marker' 1)" },
          @{ wasPresent = 'no' }, @{ previousInRegistry = 1 }, @{ previousInRegistry = $true; previousThumbprint = '' },
          @{ keyPath = 'C:\Windows\System32\config\SAM'; keySddl = 'O:SYG:SYD:(A;;FA;;;WD)' },
          @{ keyPath = $Paths.KeyFile; keySddl = "O:SYG:SYD:(A;;FA;;;WD)`$(x)" })) {
        $b = $ok.Clone(); foreach ($k in $edit.Keys) { $b[$k] = $edit[$k] }
        (Invoke-RdpScript 'Set-RdpTrustedCert.ps1' @{ action = 'undo'; backup = $b }).error.code | Should -Be 'bad-input' -Because ($edit | ConvertTo-Json -Compress)
      }
      (Invoke-RdpScript 'Set-RdpTrustedCert.ps1' @{ action = 'undo' }).error.code | Should -Be 'bad-input'
      Should -Invoke Remove-Item -Times 0 -Exactly -ParameterFilter { "$Path" -like 'Cert:*' }
      Should -Invoke Remove-ItemProperty -Times 0 -Exactly
    }
  }

  Context 'the console script: a .pfx file the technician names, its password typed as a SecureString' {
    BeforeEach {
      $Global:H = New-HostModel healthy
      Register-HostMocks; Register-TrustedCertMocks
      $Global:PfxFile = Join-Path $TestDrive 'corp-srv01.pfx'
      [System.IO.File]::WriteAllBytes($PfxFile, $Good.Bytes)
      $Global:Secure = ConvertTo-SecureString -String $Password -AsPlainText -Force
    }
    It 'finds the server certificate in the file, checks it, imports and binds it, and leaves the file where it was' {
      $json = ConvertTo-Json -Compress -InputObject @{ action = 'apply'; pfxPath = $PfxFile }
      $out = & (Join-Path $ScriptsDir 'Set-RdpTrustedCert.ps1') -InputJson $json -PfxPassword $Secure
      $a = ConvertFrom-Json -InputObject ($out -join "`n")
      $a.ok | Should -BeTrue -Because ($out -join "`n")
      $a.backup.thumbprint | Should -Be $Good.Thumb
      Should -Invoke Import-PfxCertificate -Times 1 -Exactly -ParameterFilter { "$FilePath" -eq $PfxFile }
      $Global:H.Listener.SSLCertificateSHA1Hash | Should -Be $Good.Thumb
      [System.IO.File]::Exists($PfxFile) | Should -BeTrue
    }
    It 'a wrong password is refused before anything changes' {
      $json = ConvertTo-Json -Compress -InputObject @{ action = 'apply'; pfxPath = $PfxFile }
      $out = & (Join-Path $ScriptsDir 'Set-RdpTrustedCert.ps1') -InputJson $json -PfxPassword (ConvertTo-SecureString -String 'nope' -AsPlainText -Force)
      (ConvertFrom-Json -InputObject ($out -join "`n")).error.code | Should -Be 'pfx-unreadable'
      Should -Invoke Import-PfxCertificate -Times 0 -Exactly
    }
  }
  Context 'the console hand-over script (-PfxFile, the password typed once as a SecureString)' {
    BeforeAll {
      # pester.test.ts writes it as the CLI prints it (phases win-bind-trusted-cert, win-restart-termservice)
      $Global:ConsolePfx = $env:RDPD_CONSOLE_SCRIPT_PFX
      if (-not $Global:ConsolePfx -or -not [System.IO.File]::Exists($Global:ConsolePfx)) {
        throw 'RDPD_CONSOLE_SCRIPT_PFX is not set: run the Pester suite through tests/windows/pester.test.ts, which writes the console script'
      }
      # the script defines its own (Windows-only) check; Pester's mock takes precedence over it
      function Test-RdpDoctorAdministrator { throw 'FAKE: Test-RdpDoctorAdministrator not mocked' }
    }
    BeforeEach {
      $Global:H = New-HostModel healthy
      Register-HostMocks; Register-TrustedCertMocks
      Mock Test-RdpDoctorAdministrator { $true }
      Mock New-Item -ParameterFilter { "$Path".StartsWith("$TestDrive") } { [void][System.IO.Directory]::CreateDirectory("$Path"); $Global:H.Files["$Path"] = 'O:BAG:SYD:AI(A;OICIID;FA;;;SY)' }
      $Global:Backups = Join-Path $TestDrive ('backup-' + [guid]::NewGuid().ToString('N'))
      $Global:Printed = New-Object System.Collections.ArrayList
      Mock Write-Host { [void]$Global:Printed.Add([string]$Object) }
      # stands in for the technician typing the password at the console
      Mock Read-Host { ConvertTo-SecureString -String $Password -AsPlainText -Force }
      $Global:PfxFile = Join-Path $TestDrive 'corp-srv01.pfx'
      [System.IO.File]::WriteAllBytes($PfxFile, $Good.Bytes)
      $Global:Before = Get-HostState
    }
    It 'asks the password once, installs and binds the certificate, restarts TermService; -Undo puts it all back' {
      & $ConsolePfx -BackupFolder $Backups -PfxFile $PfxFile
      Should -Invoke Read-Host -Times 1 -Exactly -ParameterFilter { $AsSecureString }
      Should -Invoke Import-PfxCertificate -Times 1 -Exactly -ParameterFilter { "$FilePath" -eq $PfxFile -and $Password -is [securestring] }
      $Global:H.Listener.SSLCertificateSHA1Hash | Should -Be $Good.Thumb
      Should -Invoke Restart-Service -Times 1 -Exactly
      $text = $Global:Printed -join "`n"
      $text | Should -Match "RDP-Tcp certificate \(SSLCertificateSHA1Hash\): self-signed default \($($Paths.Thumb)\) -> $($Good.Thumb)"
      $backup = @([System.IO.Directory]::GetFiles($Backups, 'console-*.json'))
      $backup.Count | Should -Be 1
      $saved = [System.IO.File]::ReadAllText($backup[0])
      foreach ($t in @($text, $saved)) {
        $t | Should -Not -Match ([regex]::Escape('Pf!x-s3cret'))
        $t | Should -Not -Match ([regex]::Escape([Convert]::ToBase64String($Good.Bytes).Substring(0, 40)))
      }
      & $ConsolePfx -Undo $backup[0]
      Get-HostState | Should -Be $Before
      # the restart runs again after the undo so TermService reloads the old binding
      Should -Invoke Restart-Service -Times 2 -Exactly
    }
    It 'without -PfxFile it refuses before anything, and -WhatIf changes nothing' {
      { & $ConsolePfx -BackupFolder $Backups } | Should -Throw '*-PfxFile*'
      & $ConsolePfx -WhatIf -BackupFolder $Backups -PfxFile $PfxFile
      ($Global:Printed -join "`n") | Should -Match "-> $($Good.Thumb)"
      Should -Invoke Import-PfxCertificate -Times 0 -Exactly
      Should -Invoke Restart-Service -Times 0 -Exactly
      Get-HostState | Should -Be $Before
    }
    It '-Undo refuses a backup whose certificate was edited into something else' {
      & $ConsolePfx -BackupFolder $Backups -PfxFile $PfxFile
      $file = @([System.IO.Directory]::GetFiles($Backups, 'console-*.json'))[0]
      $doc = @(ConvertFrom-Json -InputObject ([System.IO.File]::ReadAllText($file)))
      $doc[0].backup.previousThumbprint = "x'; Remove-Item C:\ -Recurse; '"
      [System.IO.File]::WriteAllText($file, (ConvertTo-Json -InputObject $doc -Depth 10))
      { & $ConsolePfx -Undo $file } | Should -Throw '*Refusing to undo win-bind-trusted-cert*'
      $Global:H.Listener.SSLCertificateSHA1Hash | Should -Be $Good.Thumb
    }
  }
}
