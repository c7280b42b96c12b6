# The console hand-over script as the CLI prints it (`fix HOST --host-kind windows --script ps1`), run at a
# modelled host's "console". pester.test.ts writes it (phases: win-enable-tls12, win-set-nla,
# win-grant-machinekeys-read, win-restart-termservice) and passes its path in RDPD_CONSOLE_SCRIPT.
BeforeAll {
  . $PSScriptRoot/HostModel.ps1
  $Global:ConsolePath = $env:RDPD_CONSOLE_SCRIPT
  if (-not $Global:ConsolePath -or -not [System.IO.File]::Exists($Global:ConsolePath)) {
    throw 'RDPD_CONSOLE_SCRIPT is not set: run the Pester suite through tests/windows/pester.test.ts, which writes the console script'
  }
  # the script defines its own (Windows-only) check; Pester's mock (an alias) takes precedence over it
  function Test-RdpDoctorAdministrator { throw 'FAKE: Test-RdpDoctorAdministrator not mocked' }
  function Use-ConsoleHost([string]$Kind) {
    $Global:H = New-HostModel $Kind
    Register-HostMocks
    Mock Test-RdpDoctorAdministrator { $true }
    # the backup folder is real, under the test's own drive (-BackupFolder)
    Mock New-Item -ParameterFilter { "$Path".StartsWith("$TestDrive") } { [System.IO.Directory]::CreateDirectory("$Path") }
    $Global:Backups = Join-Path $TestDrive 'backup'
    $Global:Printed = New-Object System.Collections.ArrayList
    Mock Write-Host { [void]$Global:Printed.Add([string]$Object) }
  }
}

Describe 'console script (fix --host-kind windows --script ps1)' {
  Context 'key unreadable by NETWORK SERVICE and TLS 1.2 disabled' {
    BeforeEach { Use-ConsoleHost key-unreadable; $Global:H.Reg[$Paths.Tls12Server] = @{ Enabled = 0; DisabledByDefault = 1 } }
    It 'inspects, backs up, applies, verifies clean; -Undo puts back the exact ACL and SCHANNEL values' {
      & $ConsolePath -BackupFolder $Backups
      $Global:H.Files[$Paths.KeyFile] | Should -Match ';;;NS\)$'
      $Global:H.Reg[$Paths.Tls12Server].Enabled | Should -Be 1
      Should -Invoke icacls -Times 1 -Exactly -ParameterFilter { $Rest[0] -eq $Paths.KeyFile -and $Rest[2] -eq '*S-1-5-20:(R)' }
      Should -Invoke Restart-Service -Times 1 -Exactly
      Should -Invoke Invoke-CimMethod -Times 0 -Exactly
      $text = $Global:Printed -join "`n"
      $text | Should -Match 'finding tls-key-unusable \(no-read-for-network-service\)'
      $text | Should -Match 'win-set-nla\n.*\n  already right'
      $text | Should -Match '== verify \(fresh inspection\)\n  no problem found on the host'
      $backup = @([System.IO.Directory]::GetFiles($Backups, 'console-*.json'))
      $backup.Count | Should -Be 1
      & $ConsolePath -Undo $backup[0]
      $Global:H.Files[$Paths.KeyFile] | Should -BeExactly $SddlNoNs
      $Global:H.Reg[$Paths.Tls12Server].Enabled | Should -Be 0
      $Global:H.Reg[$Paths.Tls12Server].DisabledByDefault | Should -Be 1
      # the restart runs again after the undo so TermService reloads what was put back
      Should -Invoke Restart-Service -Times 2 -Exactly
    }
    It '-WhatIf prints the plan and changes nothing' {
      & $ConsolePath -WhatIf -BackupFolder $Backups
      ($Global:Printed -join "`n") | Should -Match "ACL of .*f686.*: O:SYG:SYD:\(A;;FA;;;SY\)\(A;;FA;;;BA\) -> adds \(A;;FR;;;NS\)"
      Should -Invoke icacls -Times 0 -Exactly
      Should -Invoke Set-ItemProperty -Times 0 -Exactly
      Should -Invoke Restart-Service -Times 0 -Exactly
      $Global:H.Files[$Paths.KeyFile] | Should -BeExactly $SddlNoNs
    }
  }
  Context 'Group Policy enforcing NLA: a phase refused midway' {
    BeforeEach { Use-ConsoleHost gpo-nla; $Global:H.Reg[$Paths.Tls12Server] = @{ Enabled = 0; DisabledByDefault = 1 } }
    It 'stops at the refused phase, undoes the done part, and changes nothing else' {
      { & $ConsolePath -BackupFolder $Backups } | Should -Throw '*Group Policy owns UserAuthenticationRequired*'
      ($Global:Printed -join "`n") | Should -Match 'Undoing what was done'
      $Global:H.Reg[$Paths.Tls12Server].Enabled | Should -Be 0
      $Global:H.Reg[$Paths.Tls12Server].DisabledByDefault | Should -Be 1
      Should -Invoke Invoke-CimMethod -Times 0 -Exactly
      Should -Invoke icacls -Times 0 -Exactly
      Should -Invoke Restart-Service -Times 0 -Exactly
    }
  }
  Context 'not elevated' {
    BeforeEach { Use-ConsoleHost healthy; Mock Test-RdpDoctorAdministrator { $false } }
    It 'refuses before reading anything' {
      { & $ConsolePath -BackupFolder $Backups } | Should -Throw '*Run as administrator*'
      Should -Invoke Get-CimInstance -Times 0 -Exactly
    }
  }
}
