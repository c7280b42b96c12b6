BeforeAll {
  . $PSScriptRoot/HostModel.ps1
  $Global:NewThumb = 'B0B1B2B3B4B5B6B7B8B9BABBBCBDBEBF00112233'
  $Global:NewKey = 'c0ffee00c0ffee00c0ffee00c0ffee00_5ad2e3f1-0e3c-4b32-8e2f-8f4b7b1c2d3e'
  $Global:NewKeyFile = 'C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\' + $NewKey
  $Global:PfxBytes = [byte[]](48, 130, 1, 2, 3, 4, 5)
}

Describe 'Set-RdpTrustedCert.ps1 (win-bind-trusted-cert)' {
  Context 'a host on its self-signed certificate, a checked .pfx for the new one' {
    BeforeEach {
      $Global:H = New-HostModel healthy
      $Global:H.PfxThumb = $NewThumb; $Global:H.PfxKeyName = $NewKey
      $Global:H.Files[$NewKeyFile] = $SddlNoNs
      Register-HostMocks
      $Global:In = @{ thumbprint = $NewThumb; pfxBase64 = [Convert]::ToBase64String($PfxBytes); password = "p'`$(x)`"w" }
    }
    It 'plans old → new with the real thumbprints and changes nothing' {
      $r = Invoke-RdpScript 'Set-RdpTrustedCert.ps1' ($In + @{ action = 'plan' })
      $r.changes[0].before | Should -Be $Paths.Thumb
      $r.changes[0].after | Should -Be $NewThumb
      $r.backup.wasPresent | Should -BeFalse
      Should -Invoke Import-PfxCertificate -Times 0 -Exactly
      Should -Invoke Set-CimInstance -Times 0 -Exactly
    }
    It 'imports (password as SecureString, temp file removed), grants NETWORK SERVICE read on its key only, binds; undo rebinds the old one and removes the import' {
      $a = Invoke-RdpScript 'Set-RdpTrustedCert.ps1' ($In + @{ action = 'apply' })
      $a.ok | Should -BeTrue
      $a.changed | Should -BeTrue
      $Global:H.ImportPasswordType | Should -Be 'System.Security.SecureString'
      [Convert]::ToBase64String($Global:H.ImportedFile) | Should -Be ([Convert]::ToBase64String($PfxBytes))
      Should -Invoke Import-PfxCertificate -Times 1 -Exactly -ParameterFilter { $CertStoreLocation -eq 'Cert:\LocalMachine\My' }
      Should -Invoke Remove-Item -Times 1 -Exactly -ParameterFilter { "$LiteralPath" -like '*.pfx' }
      @([System.IO.Directory]::GetFiles([System.IO.Path]::GetTempPath(), '*.pfx') | Where-Object { [System.IO.File]::GetLastWriteTime($_) -gt (Get-Date).AddMinutes(-1) }).Count | Should -Be 0
      Should -Invoke icacls -Times 1 -Exactly -ParameterFilter { $Rest[0] -eq $NewKeyFile -and $Rest[1] -eq '/grant' -and $Rest[2] -eq '*S-1-5-20:(R)' }
      $Global:H.Listener.SSLCertificateSHA1Hash | Should -Be $NewThumb
      $Global:LastRaw | Should -Not -Match ([regex]::Escape("p'"))
      $a.backup.PSObject.Properties.Name | Should -Not -Contain 'password'
      $u = Invoke-RdpScript 'Set-RdpTrustedCert.ps1' @{ action = 'undo'; backup = $a.backup }
      $u.changed | Should -BeTrue
      $Global:H.Listener.SSLCertificateSHA1Hash | Should -Be $Paths.Thumb
      Should -Invoke Remove-Item -Times 1 -Exactly -ParameterFilter { "$Path" -eq ('Cert:\LocalMachine\My\' + $NewThumb) -and $DeleteKey }
      @($Global:H.Certs['Cert:\LocalMachine\My'] | Where-Object { $_.Thumbprint -eq $NewThumb }).Count | Should -Be 0
    }
    It 'refuses a .pfx that imports as another certificate, and removes it again' {
      $Global:H.PfxThumb = 'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF'
      $r = Invoke-RdpScript 'Set-RdpTrustedCert.ps1' ($In + @{ action = 'apply' })
      $r.error.code | Should -Be 'thumbprint-mismatch'
      @($Global:H.Certs['Cert:\LocalMachine\My']).Count | Should -Be 0
      Should -Invoke Set-CimInstance -Times 0 -Exactly
      $Global:H.Listener.SSLCertificateSHA1Hash | Should -Be $Paths.Thumb
    }
    It 'refuses a hostile thumbprint before anything' {
      $marker = Join-Path $TestDrive 'pwned'
      foreach ($v in Get-HostileValues $marker) {
        $bad = $In.Clone(); $bad.thumbprint = $v; $bad.action = 'apply'
        (Invoke-RdpScript 'Set-RdpTrustedCert.ps1' $bad).error.code | Should -Be 'bad-input'
      }
      [System.IO.File]::Exists($marker) | Should -BeFalse
      Should -Invoke Import-PfxCertificate -Times 0 -Exactly
    }
  }
}
