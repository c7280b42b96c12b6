# The console hand-over script as the CLI prints it (`fix HOST --host-kind windows --script ps1`), run at a
# modelled host's "console". pester.test.ts writes it (phases: win-start-service-open-firewall,
# win-set-security-layer, win-enable-tls12, win-set-nla, win-grant-machinekeys-read, win-restart-termservice)
# and passes its path in RDPD_CONSOLE_SCRIPT. The backup folder is a real folder under TestDrive; its ACL
# lives in the host model (Get-Acl/Set-Acl are Windows-only and mocked).
BeforeAll {
  . $PSScriptRoot/HostModel.ps1
  $Global:ConsolePath = $env:RDPD_CONSOLE_SCRIPT
  if (-not $Global:ConsolePath -or -not [System.IO.File]::Exists($Global:ConsolePath)) {
    throw 'RDPD_CONSOLE_SCRIPT is not set: run the Pester suite through tests/windows/pester.test.ts, which writes the console script'
  }
  # the script defines its own (Windows-only) check; Pester's mock (an alias) takes precedence over it
  function Test-RdpDoctorAdministrator { throw 'FAKE: Test-RdpDoctorAdministrator not mocked' }
  $Global:InheritedSddl = 'O:BAG:SYD:AI(A;OICIID;FA;;;SY)(A;OICIID;FA;;;BA)(A;OICIIOID;GA;;;CO)(A;OICIID;0x1200a9;;;BU)(A;CIID;DCLCRPCR;;;BU)'
  $Global:LockedSddl = 'O:BAG:SYD:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)'
  function Get-OnlyBackup { $b = @([System.IO.Directory]::GetFiles($Backups, 'console-*.json')); $b.Count | Should -Be 1; $b[0] }
  function Edit-Backup([string]$File, [scriptblock]$Change) {
    $doc = @(ConvertFrom-Json -InputObject ([System.IO.File]::ReadAllText($File)))
    & $Change $doc
    [System.IO.File]::WriteAllText($File, (ConvertTo-Json -InputObject $doc -Depth 10))
  }
  function Use-ConsoleHost([string]$Kind) {
    $Global:H = New-HostModel $Kind
    Register-HostMocks
    Mock Test-RdpDoctorAdministrator { $true }
    # the backup folder is real, under the test's own drive (-BackupFolder); a new folder under ProgramData
    # inherits an ACL that lets every user in (read, and create files)
    Mock New-Item -ParameterFilter { "$Path".StartsWith("$TestDrive") } { [void][System.IO.Directory]::CreateDirectory("$Path"); $Global:H.Files["$Path"] = $Global:InheritedSddl }
    $Global:Backups = Join-Path $TestDrive ('backup-' + [guid]::NewGuid().ToString('N'))
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
      [System.IO.Path]::GetFileName($backup[0]) | Should -Match '^console-\d{8}-\d{6}-[0-9a-f]{8}\.json$'
      # the folder: Administrators and SYSTEM only, protected (nothing inherited from ProgramData)
      $Global:H.Files[$Backups] | Should -BeExactly $LockedSddl
      Should -Invoke Set-Acl -Times 1 -Exactly -ParameterFilter { "$LiteralPath" -eq $Backups }
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
  Context 'the backup folder' {
    BeforeEach { Use-ConsoleHost key-unreadable }
    It 'a folder some user made there before (and owns) is taken over: owner Administrators, only SYSTEM and Administrators' {
      [void][System.IO.Directory]::CreateDirectory($Backups)
      $Global:H.Files[$Backups] = 'O:S-1-5-21-1-2-3-1001G:S-1-5-21-1-2-3-513D:(A;OICI;FA;;;S-1-5-21-1-2-3-1001)(A;OICI;FA;;;WD)'
      & $ConsolePath -BackupFolder $Backups
      $Global:H.Files[$Backups] | Should -BeExactly $LockedSddl
      Should -Invoke icacls -Times 1 -Exactly
    }
    It 'a link (junction / symbolic link) at the backup folder: refused before any change' {
      $elsewhere = Join-Path $TestDrive ('elsewhere-' + [guid]::NewGuid().ToString('N'))
      [void][System.IO.Directory]::CreateDirectory($elsewhere)
      [void][System.IO.Directory]::CreateSymbolicLink($Backups, $elsewhere)
      $Global:H.Files[$Backups] = $InheritedSddl
      { & $ConsolePath -BackupFolder $Backups } | Should -Throw '*is a link*Nothing was changed*'
      Should -Invoke Set-Acl -Times 0 -Exactly
      Should -Invoke icacls -Times 0 -Exactly
      @([System.IO.Directory]::GetFiles($elsewhere)).Count | Should -Be 0
    }
    It 'an ACL that does not stick (read back still lets users in): refused before any change' {
      Mock Set-Acl { }
      { & $ConsolePath -BackupFolder $Backups } | Should -Throw '*could not be limited to Administrators and SYSTEM*'
      Should -Invoke icacls -Times 0 -Exactly
      $Global:H.Files[$Paths.KeyFile] | Should -BeExactly $SddlNoNs
    }
  }
  Context '-Undo checks every value of the backup before it changes anything' {
    BeforeEach { Use-ConsoleHost key-unreadable; $Global:H.Listener.SecurityLayer = 0; $Global:H.Reg[$Paths.Tls12Server] = @{ Enabled = 0; DisabledByDefault = 1 } }
    It 'a real backup that would put SecurityLayer 0 back is refused (only 1 or 2), nothing undone' {
      & $ConsolePath -BackupFolder $Backups
      $Global:H.Listener.SecurityLayer | Should -Be 2
      { & $ConsolePath -Undo (Get-OnlyBackup) } | Should -Throw "*Refusing to undo win-set-security-layer: SecurityLayer '0' is not put back*nothing was undone*"
      $Global:H.Listener.SecurityLayer | Should -Be 2
      $Global:H.Reg[$Paths.Tls12Server].Enabled | Should -Be 1
      $Global:H.Files[$Paths.KeyFile] | Should -Match ';;;NS\)$'
    }
    It 'an edited backup: another file ACL, a path outside MachineKeys, an NLA value never seen, a foreign phase — each refused' {
      $Global:H.Listener.SecurityLayer = 2
      & $ConsolePath -BackupFolder $Backups
      $file = Get-OnlyBackup
      $clean = [System.IO.File]::ReadAllText($file)
      $cases = @(
        @{ change = { param($d) ($d | Where-Object { $_.phase -eq 'win-grant-machinekeys-read' }).backup.keyPath = 'C:\Windows\System32\config\SAM' }; says = '*is not one key file under MachineKeys*' },
        @{ change = { param($d) ($d | Where-Object { $_.phase -eq 'win-grant-machinekeys-read' }).backup.keyPath = 'C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\other_key' }; says = '*but the phase recorded*' },
        @{ change = { param($d) ($d | Where-Object { $_.phase -eq 'win-grant-machinekeys-read' }).backup.sddl = 'O:SYG:SYD:(A;;FA;;;WD)$(x)' }; says = '*not an SDDL of one file*' },
        @{ change = { param($d) ($d | Where-Object { $_.phase -eq 'win-enable-tls12' }).backup.values.Enabled = '1; Remove-Item C:\' }; says = '*SCHANNEL Enabled*is not a DWORD*' },
        @{ change = { param($d) $d[0].phase = 'win-format-disk' }; says = "*phase 'win-format-disk', which this script does not carry*" }
      )
      foreach ($c in $cases) {
        [System.IO.File]::WriteAllText($file, $clean)
        Edit-Backup $file $c.change
        { & $ConsolePath -Undo $file } | Should -Throw $c.says
      }
      $Global:H.Files[$Paths.KeyFile] | Should -Match ';;;NS\)$'
      $Global:H.Reg[$Paths.Tls12Server].Enabled | Should -Be 1
      Should -Invoke Set-Acl -Times 0 -Exactly -ParameterFilter { "$LiteralPath" -eq $Paths.KeyFile }
    }
    It 'an NLA value other than 0/1 is refused' {
      $Global:H.Listener.SecurityLayer = 2; $Global:H.Listener.UserAuthenticationRequired = 0
      & $ConsolePath -BackupFolder $Backups
      $Global:H.Listener.UserAuthenticationRequired | Should -Be 1
      $file = Get-OnlyBackup
      Edit-Backup $file { param($d) ($d | Where-Object { $_.phase -eq 'win-set-nla' }).backup.value = 7 }
      { & $ConsolePath -Undo $file } | Should -Throw "*UserAuthenticationRequired '7' is not a value NLA had*"
      $Global:H.Listener.UserAuthenticationRequired | Should -Be 1
    }
  }
  Context 'firewall closed (RDP off)' {
    BeforeEach { Use-ConsoleHost rdp-off }
    It 'opens the Remote Desktop rules for Domain and Private only; -OpenPublicFirewall leaves Public in' {
      & $ConsolePath -BackupFolder $Backups
      @($Global:H.Rules | Where-Object { $_.Enabled -eq 'True' }).Count | Should -Be 2
      @($Global:H.Rules | ForEach-Object { $_.Profile }) | Should -Be @('Domain, Private', 'Domain, Private')
      ($Global:Printed -join "`n") | Should -Match 'firewall rule RemoteDesktop-UserMode-In-TCP: disabled \(Any\) -> enabled \(Domain, Private\)'
      Use-ConsoleHost rdp-off
      & $ConsolePath -BackupFolder $Backups -OpenPublicFirewall
      @($Global:H.Rules | ForEach-Object { $_.Profile }) | Should -Be @('Any', 'Domain, Private')
      @($Global:H.Rules | Where-Object { $_.Enabled -eq 'True' }).Count | Should -Be 2
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
