BeforeAll { . $PSScriptRoot/HostModel.ps1 }

Describe 'Set-RdpListenerSetting.ps1 (win-set-nla, win-set-security-layer)' {
  Context 'NLA off on a host without a policy' {
    BeforeEach { $Global:H = New-HostModel healthy; $Global:H.Listener.UserAuthenticationRequired = 0; Register-HostMocks }
    It 'plans 0 → 1 with the real values and changes nothing' {
      $r = Invoke-RdpScript 'Set-RdpListenerSetting.ps1' @{ action = 'plan'; setting = 'UserAuthenticationRequired'; value = 1 }
      $r.ok | Should -BeTrue
      $r.alreadyRight | Should -BeFalse
      $r.changes[0].before | Should -Be '0'
      $r.changes[0].after | Should -Be '1'
      $r.backup.value | Should -Be 0
      Should -Invoke Invoke-CimMethod -Times 0 -Exactly
    }
    It 'applies through SetUserAuthenticationRequired(1), is idempotent, and undo restores exactly 0' {
      $a = Invoke-RdpScript 'Set-RdpListenerSetting.ps1' @{ action = 'apply'; setting = 'UserAuthenticationRequired'; value = 1 }
      $a.changed | Should -BeTrue
      $a.now | Should -Be 1
      Should -Invoke Invoke-CimMethod -Times 1 -Exactly -ParameterFilter { $MethodName -eq 'SetUserAuthenticationRequired' -and $Arguments.UserAuthenticationRequired -eq 1 }
      $again = Invoke-RdpScript 'Set-RdpListenerSetting.ps1' @{ action = 'apply'; setting = 'UserAuthenticationRequired'; value = 1 }
      $again.changed | Should -BeFalse
      $again.alreadyRight | Should -BeTrue
      $u = Invoke-RdpScript 'Set-RdpListenerSetting.ps1' @{ action = 'undo'; setting = 'UserAuthenticationRequired'; backup = $a.backup }
      $u.changed | Should -BeTrue
      $Global:H.Listener.UserAuthenticationRequired | Should -Be 0
    }
    It 'never turns NLA off as a fix' {
      $r = Invoke-RdpScript 'Set-RdpListenerSetting.ps1' @{ action = 'apply'; setting = 'UserAuthenticationRequired'; value = 0 }
      $r.ok | Should -BeFalse
      $r.error.code | Should -Be 'lowers-security'
      Should -Invoke Invoke-CimMethod -Times 0 -Exactly
    }
  }
  Context 'Group Policy enforcing NLA' {
    BeforeEach { $Global:H = New-HostModel gpo-nla; Register-HostMocks }
    It 'refuses to fight the policy and names it' {
      $r = Invoke-RdpScript 'Set-RdpListenerSetting.ps1' @{ action = 'apply'; setting = 'UserAuthenticationRequired'; value = 1 }
      $r.ok | Should -BeFalse
      $r.error.code | Should -Be 'group-policy'
      $r.error.message | Should -Match 'Require user authentication for remote connections by using Network Level Authentication'
      Should -Invoke Invoke-CimMethod -Times 0 -Exactly
      $Global:H.Listener.UserAuthenticationRequired | Should -Be 0
    }
  }
  Context 'security layer on a host set to Standard RDP Security (0)' {
    BeforeEach { $Global:H = New-HostModel healthy; $Global:H.Listener.SecurityLayer = 0; Register-HostMocks }
    It 'moves to Negotiate (1) through SetSecurityLayer and undo puts back exactly 0' {
      $a = Invoke-RdpScript 'Set-RdpListenerSetting.ps1' @{ action = 'apply'; setting = 'SecurityLayer'; value = 1 }
      $a.changed | Should -BeTrue
      Should -Invoke Invoke-CimMethod -Times 1 -Exactly -ParameterFilter { $MethodName -eq 'SetSecurityLayer' -and $Arguments.SecurityLayer -eq 1 }
      $Global:H.Listener.SecurityLayer | Should -Be 1
      [void](Invoke-RdpScript 'Set-RdpListenerSetting.ps1' @{ action = 'undo'; setting = 'SecurityLayer'; backup = $a.backup })
      $Global:H.Listener.SecurityLayer | Should -Be 0
    }
    It 'refuses Standard RDP Security (0) as a fix' {
      $r = Invoke-RdpScript 'Set-RdpListenerSetting.ps1' @{ action = 'apply'; setting = 'SecurityLayer'; value = 0 }
      $r.error.code | Should -Be 'lowers-security'
    }
  }
  Context 'hostile input' {
    BeforeEach { $Global:H = New-HostModel healthy; Register-HostMocks; $Global:Marker = Join-Path $TestDrive 'pwned' }
    It 'a hostile setting name or action is refused as data' {
      foreach ($v in Get-HostileValues $Marker) {
        (Invoke-RdpScript 'Set-RdpListenerSetting.ps1' @{ action = 'apply'; setting = $v; value = 1 }).error.code | Should -Be 'bad-input'
        (Invoke-RdpScript 'Set-RdpListenerSetting.ps1' @{ action = $v; setting = 'SecurityLayer'; value = 2 }).error.code | Should -Be 'bad-input'
        [System.IO.File]::Exists($Marker) | Should -BeFalse
      }
      Should -Invoke Invoke-CimMethod -Times 0 -Exactly
    }
    It 'input that is not JSON gives one JSON error' {
      $out = & (Join-Path $ScriptsDir 'Set-RdpListenerSetting.ps1') -InputJson "{'; Set-Content -LiteralPath '$Marker' -Value 1"
      (ConvertFrom-Json -InputObject ($out -join '')).ok | Should -BeFalse
      [System.IO.File]::Exists($Marker) | Should -BeFalse
    }
  }
}

Describe 'Grant-RdpKeyRead.ps1 (win-grant-machinekeys-read)' {
  Context 'key unreadable by NETWORK SERVICE' {
    BeforeEach { $Global:H = New-HostModel key-unreadable; Register-HostMocks }
    It 'plans the grant on the one key file with the old SDDL' {
      $r = Invoke-RdpScript 'Grant-RdpKeyRead.ps1' @{ action = 'plan'; keyPath = $Paths.KeyFile }
      $r.alreadyRight | Should -BeFalse
      $r.changes[0].before | Should -Be $SddlNoNs
      $r.backup.sddl | Should -Be $SddlNoNs
      $r.commands[0] | Should -Match '\*S-1-5-20:\(R\)'
      Should -Invoke icacls -Times 0 -Exactly
    }
    It 'grants read to the SID on that file only (no /T, no folder) and undo restores the exact SDDL' {
      $a = Invoke-RdpScript 'Grant-RdpKeyRead.ps1' @{ action = 'apply'; keyPath = $Paths.KeyFile }
      $a.changed | Should -BeTrue
      Should -Invoke icacls -Times 1 -Exactly -ParameterFilter { $Rest.Count -eq 3 -and $Rest[0] -eq $Paths.KeyFile -and $Rest[1] -eq '/grant' -and $Rest[2] -eq '*S-1-5-20:(R)' }
      Should -Invoke icacls -Times 0 -Exactly -ParameterFilter { ($Rest -contains '/T') -or ($Rest[0] -notlike '*MachineKeys\f686*') }
      $Global:H.Files[$Paths.KeyFile] | Should -Match ';;;NS\)$'
      $again = Invoke-RdpScript 'Grant-RdpKeyRead.ps1' @{ action = 'apply'; keyPath = $Paths.KeyFile }
      $again.alreadyRight | Should -BeTrue
      $again.changed | Should -BeFalse
      $u = Invoke-RdpScript 'Grant-RdpKeyRead.ps1' @{ action = 'undo'; backup = $a.backup }
      $u.changed | Should -BeTrue
      Should -Invoke Set-Acl -Times 1 -Exactly -ParameterFilter { $AclObject.Sddl -eq $SddlNoNs }
      $Global:H.Files[$Paths.KeyFile] | Should -BeExactly $SddlNoNs
    }
  }
  Context 'key file missing' {
    BeforeEach { $Global:H = New-HostModel key-missing; Register-HostMocks }
    It 'says so and points at regenerating the certificate' {
      $r = Invoke-RdpScript 'Grant-RdpKeyRead.ps1' @{ action = 'apply'; keyPath = $Paths.KeyFile }
      $r.error.code | Should -Be 'key-file-missing'
      $r.error.message | Should -Match 'regenerate'
      Should -Invoke icacls -Times 0 -Exactly
    }
  }
  Context 'hostile input' {
    BeforeEach { $Global:H = New-HostModel key-unreadable; Register-HostMocks; $Global:Marker = Join-Path $TestDrive 'pwned' }
    It 'refuses every path that is not one machine key file, before any command' {
      $bad = @(Get-HostileValues $Marker) + @('C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys', 'C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\..\..\..\Windows', 'C:\Windows\System32\config\SAM', 'C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\a /T')
      foreach ($v in $bad) {
        $r = Invoke-RdpScript 'Grant-RdpKeyRead.ps1' @{ action = 'apply'; keyPath = $v }
        $r.error.code | Should -Be 'bad-input'
      }
      [System.IO.File]::Exists($Marker) | Should -BeFalse
      Should -Invoke icacls -Times 0 -Exactly
      Should -Invoke Get-Acl -Times 0 -Exactly
    }
    It 'undo refuses a backup without SDDL' {
      (Invoke-RdpScript 'Grant-RdpKeyRead.ps1' @{ action = 'undo'; backup = @{ keyPath = $Paths.KeyFile; sddl = '$(x)' } }).error.code | Should -Be 'bad-input'
      Should -Invoke Set-Acl -Times 0 -Exactly
    }
  }
}

Describe 'Restart-TermService.ps1 (win-restart-termservice)' {
  Context 'healthy host with a user session' {
    BeforeEach { $Global:H = New-HostModel healthy; Register-HostMocks }
    It 'plan lists the sessions that will be disconnected' {
      $r = Invoke-RdpScript 'Restart-TermService.ps1' @{ action = 'plan'; port = 3389 }
      @($r.sessions).Count | Should -Be 1
      $r.sessions[0].user | Should -Be 'alice'
      ($r.risks -join ' ') | Should -Match 'alice'
      Should -Invoke Restart-Service -Times 0 -Exactly
    }
    It 'restarts with -Force and waits for Running and the port' {
      $Global:H.Listening = $false
      $r = Invoke-RdpScript 'Restart-TermService.ps1' @{ action = 'apply'; port = 3389 }
      $r.ok | Should -BeTrue
      $r.running | Should -BeTrue
      $r.listening | Should -BeTrue
      Should -Invoke Restart-Service -Times 1 -Exactly -ParameterFilter { $Name -eq 'TermService' -and $Force }
      Should -Invoke Get-NetTCPConnection -ParameterFilter { $LocalPort -eq 3389 -and $State -eq 'Listen' }
    }
    It 'fails clearly when the port never listens' {
      Mock Restart-Service { }
      $Global:H.Listening = $false
      $r = Invoke-RdpScript 'Restart-TermService.ps1' @{ action = 'apply'; port = 3389; timeoutSeconds = 1 }
      $r.ok | Should -BeFalse
      $r.error.code | Should -Be 'not-listening'
    }
  }
}

Describe 'Enable-Tls12Server.ps1 (win-enable-tls12)' {
  Context 'TLS 1.2 disabled for the server' {
    BeforeEach { $Global:H = New-HostModel tls12-disabled; Register-HostMocks }
    It 'sets Enabled=1 DisabledByDefault=0, says a restart is needed, and undo restores 0/1' {
      $a = Invoke-RdpScript 'Enable-Tls12Server.ps1' @{ action = 'apply' }
      $a.changed | Should -BeTrue
      $a.restartNeeded | Should -BeTrue
      ($a.lines -join ' ') | Should -Match 'restart'
      $Global:H.Reg[$Paths.Tls12Server].Enabled | Should -Be 1
      $Global:H.Reg[$Paths.Tls12Server].DisabledByDefault | Should -Be 0
      Should -Invoke Set-ItemProperty -Times 1 -Exactly -ParameterFilter { $Name -eq 'Enabled' -and $Value -eq 1 -and $Type -eq 'DWord' }
      $u = Invoke-RdpScript 'Enable-Tls12Server.ps1' @{ action = 'undo'; backup = $a.backup }
      $u.changed | Should -BeTrue
      $Global:H.Reg[$Paths.Tls12Server].Enabled | Should -Be 0
      $Global:H.Reg[$Paths.Tls12Server].DisabledByDefault | Should -Be 1
    }
  }
  Context 'no SCHANNEL key at all (the Windows default)' {
    BeforeEach { $Global:H = New-HostModel healthy; $Global:H.Reg.Remove($Paths.Tls12Server); $Global:H.Reg.Remove($Paths.Tls12); Register-HostMocks }
    It 'creates the key, and undo removes exactly what it created' {
      $a = Invoke-RdpScript 'Enable-Tls12Server.ps1' @{ action = 'apply' }
      $a.changes[0].before | Should -Be '(absent)'
      $Global:H.Reg.ContainsKey($Paths.Tls12Server) | Should -BeTrue
      [void](Invoke-RdpScript 'Enable-Tls12Server.ps1' @{ action = 'undo'; backup = $a.backup })
      $Global:H.Reg.ContainsKey($Paths.Tls12Server) | Should -BeFalse
      $Global:H.Reg.ContainsKey($Paths.Tls12) | Should -BeFalse
    }
  }
  Context 'healthy host' {
    BeforeEach { $Global:H = New-HostModel healthy; Register-HostMocks }
    It 'is already right and changes nothing' {
      $a = Invoke-RdpScript 'Enable-Tls12Server.ps1' @{ action = 'apply' }
      $a.alreadyRight | Should -BeTrue
      $a.changed | Should -BeFalse
      Should -Invoke Set-ItemProperty -Times 0 -Exactly
    }
  }
}

Describe 'Enable-RdpAccess.ps1 (win-start-service-open-firewall)' {
  Context 'RDP turned off, service stopped, firewall closed' {
    BeforeEach { $Global:H = New-HostModel rdp-off; Register-HostMocks }
    It 'turns everything on for Domain and Private only (narrows the Any rule), and undo puts every value and profile back' {
      $a = Invoke-RdpScript 'Enable-RdpAccess.ps1' @{ action = 'apply' }
      $a.changed | Should -BeTrue
      @($a.changes).Count | Should -Be 5
      ($a.changes | Where-Object { $_.target -eq 'firewall rule RemoteDesktop-UserMode-In-TCP' }).after | Should -Be 'enabled (Domain, Private)'
      $Global:H.Reg[$Paths.Ts].fDenyTSConnections | Should -Be 0
      $Global:H.Services.TermService.Status | Should -Be 'Running'
      $Global:H.Services.TermService.StartType | Should -Be 'Automatic'
      @($Global:H.Rules | Where-Object { $_.Enabled -eq 'True' }).Count | Should -Be 2
      # no enabled rule covers the Public profile
      @($Global:H.Rules | ForEach-Object { $_.Profile }) | Should -Be @('Domain, Private', 'Domain, Private')
      Should -Invoke Set-NetFirewallRule -Times 1 -Exactly -ParameterFilter { $Name -eq 'RemoteDesktop-UserMode-In-TCP' -and (@($Profile) -join ',') -eq 'Domain,Private' }
      Should -Invoke Enable-NetFirewallRule -Times 1 -Exactly -ParameterFilter { @($Name).Count -eq 2 }
      $u = Invoke-RdpScript 'Enable-RdpAccess.ps1' @{ action = 'undo'; backup = $a.backup }
      $u.ok | Should -BeTrue
      $Global:H.Reg[$Paths.Ts].fDenyTSConnections | Should -Be 1
      $Global:H.Services.TermService.Status | Should -Be 'Stopped'
      $Global:H.Services.TermService.StartType | Should -Be 'Manual'
      @($Global:H.Rules | Where-Object { $_.Enabled -eq 'True' }).Count | Should -Be 0
      @($Global:H.Rules | ForEach-Object { $_.Profile }) | Should -Be @('Any', 'Domain, Private')
    }
    It 'a Public-only rule stays off unless allowPublicProfile is asked; then Any rules keep Public too' {
      $Global:H.Rules += [pscustomobject]@{ Name = 'RemoteDesktop-UserMode-In-TCP-Public'; Enabled = 'False'; Direction = 'Inbound'; Profile = 'Public' }
      $p = Invoke-RdpScript 'Enable-RdpAccess.ps1' @{ action = 'plan' }
      @($p.changes | Where-Object { $_.target -like '*Public*' }).Count | Should -Be 0
      @($p.notes) -join ' ' | Should -Match 'RemoteDesktop-UserMode-In-TCP-Public \(Public\) stays disabled'
      @($p.openProfiles) | Should -Be @('Domain', 'Private')
      $a = Invoke-RdpScript 'Enable-RdpAccess.ps1' @{ action = 'apply'; allowPublicProfile = $true }
      @($a.openProfiles) | Should -Be @('Domain', 'Private', 'Public')
      @($Global:H.Rules | Where-Object { $_.Enabled -eq 'True' }).Count | Should -Be 3
      Should -Invoke Set-NetFirewallRule -Times 0 -Exactly
      $Global:H.Rules[0].Profile | Should -Be 'Any'
    }
    It 'undo refuses a backup that names a rule outside the Remote Desktop group or a made-up profile, changing nothing' {
      $a = Invoke-RdpScript 'Enable-RdpAccess.ps1' @{ action = 'apply' }
      $bad = ConvertFrom-Json -InputObject (ConvertTo-Json -InputObject $a.backup -Depth 6)
      $bad.rules[0].name = 'CoreNet-DHCP-In'
      $r = Invoke-RdpScript 'Enable-RdpAccess.ps1' @{ action = 'undo'; backup = $bad }
      $r.error.code | Should -Be 'bad-backup'
      $r.error.message | Should -Match "CoreNet-DHCP-In.*not a rule of the Remote Desktop group"
      $bad.rules[0].name = 'RemoteDesktop-UserMode-In-TCP'; $bad.rules[0].profile = 'Everyone'
      (Invoke-RdpScript 'Enable-RdpAccess.ps1' @{ action = 'undo'; backup = $bad }).error.code | Should -Be 'bad-backup'
      Should -Invoke Disable-NetFirewallRule -Times 0 -Exactly
      $Global:H.Reg[$Paths.Ts].fDenyTSConnections | Should -Be 0
    }
    It 'refuses when Group Policy denies connections' {
      $Global:H.Reg[$Paths.Policy] = @{ fDenyTSConnections = 1 }
      $r = Invoke-RdpScript 'Enable-RdpAccess.ps1' @{ action = 'apply' }
      $r.error.code | Should -Be 'group-policy'
      $r.error.message | Should -Match 'Allow users to connect remotely'
      Should -Invoke Set-ItemProperty -Times 0 -Exactly
    }
  }
}

Describe 'Reset-RdpSelfSignedCert.ps1 (win-regenerate-self-signed-cert)' {
  Context 'keyset does not exist for the self-signed certificate' {
    BeforeEach { $Global:H = New-HostModel keyset-missing; $Global:H.NewThumbOnRestart = 'FFEEDDCCBBAA99887766554433221100FFEEDDCC'; Register-HostMocks }
    It 'moves the old certificate to the backup store, restarts, reports the new thumbprint; undo binds the old one back' {
      $a = Invoke-RdpScript 'Reset-RdpSelfSignedCert.ps1' @{ action = 'apply'; thumbprint = $Paths.Thumb }
      $a.ok | Should -BeTrue
      $a.newThumbprint | Should -Be 'FFEEDDCCBBAA99887766554433221100FFEEDDCC'
      Should -Invoke Export-Certificate -Times 1 -Exactly
      Should -Invoke Move-Item -Times 1 -Exactly -ParameterFilter { "$Path" -eq ('Cert:\LocalMachine\Remote Desktop\' + $Paths.Thumb) -and "$Destination" -eq 'Cert:\LocalMachine\RdpDoctorBackup' }
      @($Global:H.Certs['Cert:\LocalMachine\RdpDoctorBackup']).Count | Should -Be 1
      $Global:H.NewThumbOnRestart = $null
      $u = Invoke-RdpScript 'Reset-RdpSelfSignedCert.ps1' @{ action = 'undo'; backup = $a.backup }
      $u.ok | Should -BeTrue
      $Global:H.Listener.SSLCertificateSHA1Hash | Should -Be $Paths.Thumb
      @($Global:H.Certs['Cert:\LocalMachine\Remote Desktop'] | Where-Object { $_.Thumbprint -eq $Paths.Thumb }).Count | Should -Be 1
    }
    It 'refuses a hostile thumbprint' {
      $Global:Marker = Join-Path $TestDrive 'pwned'
      foreach ($v in Get-HostileValues $Marker) {
        (Invoke-RdpScript 'Reset-RdpSelfSignedCert.ps1' @{ action = 'apply'; thumbprint = $v }).error.code | Should -Be 'bad-input'
      }
      [System.IO.File]::Exists($Marker) | Should -BeFalse
      Should -Invoke Move-Item -Times 0 -Exactly
    }
  }
}
