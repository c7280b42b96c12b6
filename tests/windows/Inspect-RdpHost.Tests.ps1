BeforeAll { . $PSScriptRoot/HostModel.ps1 }

Describe 'Inspect-RdpHost.ps1' {
  Context 'healthy host' {
    BeforeEach { $Global:H = New-HostModel healthy; Register-HostMocks }
    It 'reports the listener, the certificate, its readable key file and no finding' {
      $r = Invoke-RdpScript 'Inspect-RdpHost.ps1' @{ port = 3389 }
      $r.listener.securityLayer | Should -Be 2
      $r.listener.userAuthenticationRequired | Should -Be 1
      $r.listener.certificateThumbprint | Should -Be $Paths.Thumb
      $r.certificate.store | Should -Be 'Cert:\LocalMachine\Remote Desktop'
      $r.certificate.selfSigned | Should -BeTrue
      $r.key.path | Should -Be $Paths.KeyFile
      $r.key.provider | Should -Be 'capi'
      $r.key.exists | Should -BeTrue
      $r.key.sddl | Should -Be $SddlReadable
      $r.key.networkServiceCanRead | Should -BeTrue
      $r.services.TermService.status | Should -Be 'Running'
      $r.firewall.anyInboundEnabled | Should -BeTrue
      $r.listening.listening | Should -BeTrue
      $r.listening.process | Should -Be 'svchost'
      $r.os.partOfDomain | Should -BeTrue
      @($r.sessions).Count | Should -Be 1
      $r.sessions[0].user | Should -Be 'alice'
      @($r.findings).Count | Should -Be 0
      @($r.errors).Count | Should -Be 0
    }
    It 'only reads: changes nothing on the host' {
      [void](Invoke-RdpScript 'Inspect-RdpHost.ps1' @{ port = 3389 })
      Should -Invoke Set-ItemProperty -Times 0 -Exactly
      Should -Invoke Invoke-CimMethod -Times 0 -Exactly
      Should -Invoke icacls -Times 0 -Exactly
      Should -Invoke Set-Acl -Times 0 -Exactly
      Should -Invoke Restart-Service -Times 0 -Exactly
    }
    It 'looks the listener up in root\cimv2\TerminalServices for RDP-Tcp' {
      [void](Invoke-RdpScript 'Inspect-RdpHost.ps1' @{ port = 3389 })
      Should -Invoke Get-CimInstance -Times 1 -Exactly -ParameterFilter { $Namespace -eq 'root\cimv2\TerminalServices' -and $ClassName -eq 'Win32_TSGeneralSetting' -and $Filter -eq "TerminalName='RDP-Tcp'" }
      Should -Invoke Get-NetFirewallRule -Times 1 -Exactly -ParameterFilter { $Group -eq '@FirewallAPI.dll,-28752' }
    }
  }
  Context 'key unreadable by NETWORK SERVICE' {
    BeforeEach { $Global:H = New-HostModel key-unreadable; Register-HostMocks }
    It 'confirms tls-key-unusable (no read for NETWORK SERVICE) with the ACL and the Schannel event' {
      $r = Invoke-RdpScript 'Inspect-RdpHost.ps1' @{ port = 3389 }
      $f = @($r.findings | Where-Object { $_.id -eq 'tls-key-unusable' })
      $f.Count | Should -Be 1
      $f[0].reason | Should -Be 'no-read-for-network-service'
      ($f[0].evidence -join ' ') | Should -Match ([regex]::Escape($Paths.KeyFile))
      ($f[0].evidence -join ' ') | Should -Match ([regex]::Escape($SddlNoNs))
      $r.key.networkServiceCanRead | Should -BeFalse
      @($r.events | Where-Object { $_.id -eq 36870 }).Count | Should -Be 1
    }
  }
  Context 'key file missing' {
    BeforeEach { $Global:H = New-HostModel key-missing; Register-HostMocks }
    It 'confirms tls-key-unusable (key file missing) and reads no ACL' {
      $r = Invoke-RdpScript 'Inspect-RdpHost.ps1' @{ port = 3389 }
      $f = @($r.findings | Where-Object { $_.id -eq 'tls-key-unusable' })
      $f[0].reason | Should -Be 'key-file-missing'
      $r.key.exists | Should -BeFalse
      Should -Invoke Get-Acl -Times 0 -Exactly
    }
  }
  Context 'keyset does not exist' {
    BeforeEach { $Global:H = New-HostModel keyset-missing; Register-HostMocks }
    It 'confirms tls-key-unusable (keyset missing) with the 0x80090016 event as evidence' {
      $r = Invoke-RdpScript 'Inspect-RdpHost.ps1' @{ port = 3389 }
      $f = @($r.findings | Where-Object { $_.id -eq 'tls-key-unusable' })
      $f[0].reason | Should -Be 'keyset-missing'
      ($f[0].evidence -join ' ') | Should -Match '0x80090016'
    }
  }
  Context 'Group Policy enforcing NLA off' {
    BeforeEach { $Global:H = New-HostModel gpo-nla; Register-HostMocks }
    It 'names the policy that owns UserAuthentication' {
      $r = Invoke-RdpScript 'Inspect-RdpHost.ps1' @{ port = 3389 }
      $r.listener.policySourceUserAuthenticationRequired | Should -Be 1
      $r.policy.UserAuthentication.value | Should -Be 0
      $f = @($r.findings | Where-Object { $_.id -eq 'setting-enforced-by-policy' })
      $f[0].reason | Should -Be 'UserAuthentication'
      $f[0].evidence[0] | Should -Match 'Require user authentication for remote connections by using Network Level Authentication'
    }
  }
  Context 'TLS 1.2 disabled for the server' {
    BeforeEach { $Global:H = New-HostModel tls12-disabled; Register-HostMocks }
    It 'reports tls12-server-disabled with the SCHANNEL values' {
      $r = Invoke-RdpScript 'Inspect-RdpHost.ps1' @{ port = 3389 }
      $r.tls.'TLS 1.2'.enabled | Should -Be 0
      $f = @($r.findings | Where-Object { $_.id -eq 'tls12-server-disabled' })
      $f[0].evidence[0] | Should -Match 'Enabled=0 DisabledByDefault=1'
    }
  }
  Context 'RDP turned off' {
    BeforeEach { $Global:H = New-HostModel rdp-off; Register-HostMocks }
    It 'reports rdp-disabled, termservice-stopped and rdp-firewall-closed' {
      $r = Invoke-RdpScript 'Inspect-RdpHost.ps1' @{ port = 3389 }
      @($r.findings | ForEach-Object { $_.id }) | Sort-Object | Should -Be @('rdp-disabled', 'rdp-firewall-closed', 'termservice-stopped')
      $r.listening.listening | Should -BeFalse
    }
  }
  Context 'a failing CIM provider (WMI broken or access denied)' {
    BeforeEach { $Global:H = New-HostModel healthy; $Global:H.CimError = 'Access denied'; Register-HostMocks }
    It 'reports the failure per section and still reports the rest' {
      $r = Invoke-RdpScript 'Inspect-RdpHost.ps1' @{ port = 3389 }
      @($r.errors | Where-Object { $_.section -eq 'listener' })[0].message | Should -Match 'Access denied'
      $r.services.TermService.status | Should -Be 'Running'
      $r.tls.'TLS 1.2'.enabled | Should -Be 1
    }
  }
  Context 'hostile values read on the host' {
    BeforeEach { $Global:H = New-HostModel healthy; Register-HostMocks; $Global:Marker = Join-Path $TestDrive 'pwned' }
    It 'a hostile certificate hash is only compared, never run' {
      foreach ($v in Get-HostileValues $Marker) {
        $Global:H.Listener.SSLCertificateSHA1Hash = $v
        $r = Invoke-RdpScript 'Inspect-RdpHost.ps1' @{ port = 3389 }
        $r.listener.certificateThumbprint | Should -Be $v
        @($r.findings | Where-Object { $_.reason -eq 'certificate-missing' }).Count | Should -Be 1
        [System.IO.File]::Exists($Marker) | Should -BeFalse
      }
    }
    It 'a hostile key container name is refused, not turned into a path' {
      foreach ($v in Get-HostileValues $Marker) {
        $Global:H.Certs['Cert:\LocalMachine\Remote Desktop'] = @((New-FakeCert $Paths.Thumb $v))
        $r = Invoke-RdpScript 'Inspect-RdpHost.ps1' @{ port = 3389 }
        $r.key.path | Should -BeNullOrEmpty
        @($r.errors | Where-Object { $_.section -eq 'certificate' })[0].message | Should -Match 'unexpected key name'
        [System.IO.File]::Exists($Marker) | Should -BeFalse
      }
    }
  }
}
