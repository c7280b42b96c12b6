BeforeAll {
  . $PSScriptRoot/HostModel.ps1
  function New-TransportError([string]$Message, [int]$Code) {
    $e = New-Object System.Management.Automation.Remoting.PSRemotingTransportException $Message
    $e.ErrorCode = $Code
    $e
  }
  function Invoke-Bootstrap($Request) {
    $out = & $BootstrapPath -RequestJson (ConvertTo-Json -InputObject $Request -Depth 6 -Compress)
    ConvertFrom-Json -InputObject (@($out) -join "`n")
  }
  $Global:Echo = 'param([string]$InputJson) ConvertTo-Json -Compress -InputObject ([ordered]@{ ok = $true; got = $InputJson; ver = $PSVersionTable.PSVersion.ToString() })'
}

Describe 'bootstrap.ps1 (the fixed -EncodedCommand text)' {
  Context 'this computer' {
    It 'runs the script text with the input as data, not as code' {
      $marker = Join-Path $TestDrive 'pwned'
      foreach ($v in Get-HostileValues $marker) {
        $r = Invoke-Bootstrap @{ script = $Echo; input = $v }
        $r.ok | Should -BeTrue
        $r.got | Should -BeExactly $v
      }
      [System.IO.File]::Exists($marker) | Should -BeFalse
    }
    It 'refuses when administrator rights are needed and cannot be had (here: not Windows)' {
      $r = Invoke-Bootstrap @{ script = $Echo; input = '{}'; elevated = $true }
      $r.ok | Should -BeFalse
      $r.error.code | Should -BeIn @('needs-windows', 'not-elevated')
    }
    It 'escapes every non-ASCII character so the console code page cannot mangle the JSON' {
      $out = & $BootstrapPath -RequestJson (ConvertTo-Json -Compress -InputObject @{ script = $Echo; input = 'Zoë — 東京' })
      ($out -join '') | Should -Match '^[\x00-\x7F]*$'
      (ConvertFrom-Json -InputObject ($out -join '')).got | Should -BeExactly 'Zoë — 東京'
    }
    It 'answers a request that is not JSON with one JSON error' {
      $out = & $BootstrapPath -RequestJson "{'; Remove-Item -Recurse /"
      (ConvertFrom-Json -InputObject ($out -join '')).error.code | Should -Be 'bad-request'
    }
  }
  Context 'remote over WinRM' {
    BeforeEach {
      Mock Invoke-Command { & $ScriptBlock @ArgumentList }
    }
    It 'passes computer, HTTPS, port and the credential as parameters; the password becomes a SecureString' {
      $hostile = "srv01'; Remove-Item C:\ -Recurse; '"
      $r = Invoke-Bootstrap @{ script = $Echo; input = '{"a":1}'; remote = @{ computer = $hostile; useSsl = $true; port = 5986; user = 'CORP\helpdesk' }; password = "p'`$(x)`"w" }
      $r.ok | Should -BeTrue
      $r.got | Should -Be '{"a":1}'
      Should -Invoke Invoke-Command -Times 1 -Exactly -ParameterFilter {
        $ComputerName -eq $hostile -and $UseSSL -and $Port -eq 5986 -and
        $Credential.UserName -eq 'CORP\helpdesk' -and $Credential.Password -is [System.Security.SecureString] -and
        $Credential.GetNetworkCredential().Password -ceq "p'`$(x)`"w" -and $ArgumentList[0] -eq $Echo
      }
    }
    It 'uses the technician''s own logon when no user is given' {
      [void](Invoke-Bootstrap @{ script = $Echo; input = '{}'; remote = @{ computer = 'srv01' } })
      Should -Invoke Invoke-Command -Times 1 -Exactly -ParameterFilter { $null -eq $Credential -and -not $UseSSL }
    }
    It 'refuses a host with PowerShell older than 5.1 before running anything' {
      Mock Invoke-Command { $all = @($ArgumentList) + @([version]'4.0'); & $ScriptBlock @all }
      $r = Invoke-Bootstrap @{ script = 'throw "must not run"'; input = '{}'; remote = @{ computer = 'srv2012r2' } }
      $r.error.code | Should -Be 'ps-too-old'
      $r.error.message | Should -Match '4\.0.*5\.1'
    }
  }
  Context 'WinRM errors' {
    It 'reports a WinRM transport failure as kind winrm with its error code (<name>)' -ForEach @(
      @{ name = 'WinRM off'; code = -2144108526; msg = 'Connecting to remote server srv01 failed with the following error message : WinRM cannot complete the operation. Verify that the specified computer name is valid, that the computer is accessible over the network, and that a firewall exception for the WinRM service is enabled.' },
      @{ name = 'TrustedHosts'; code = -2144108316; msg = 'Connecting to remote server 10.0.0.5 failed with the following error message : The WinRM client cannot process the request. Default authentication may be used with an IP address under the following conditions: the transport is HTTPS or the destination is in the TrustedHosts list.' },
      @{ name = 'access denied'; code = 5; msg = 'Connecting to remote server srv01 failed with the following error message : Access is denied.' }
    ) {
      Mock Invoke-Command { throw (New-TransportError $msg $code) }
      $r = Invoke-Bootstrap @{ script = $Echo; input = '{}'; remote = @{ computer = 'srv01' } }
      $r.ok | Should -BeFalse
      $r.error.code | Should -Be 'winrm'
      $r.error.message | Should -BeExactly $msg
      $r.error.detail.errorCode | Should -Be $code
    }
  }
}
