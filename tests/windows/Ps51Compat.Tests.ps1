BeforeAll {
  . $PSScriptRoot/tools/Ps51Compat.ps1
  $Global:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
}

Describe 'Find-Ps51Violation (Windows PowerShell 5.1 compatibility, with PowerShell''s own parser)' {
  Context 'fixtures with one PowerShell 7 construct each' {
    It 'catches <name>' -ForEach @(
      @{ name = 'ternary'; rule = 'ternary' }
      @{ name = 'null-coalescing'; rule = 'null-coalescing' }
      @{ name = 'null-coalescing-assign'; rule = 'null-coalescing' }
      @{ name = 'null-conditional'; rule = 'null-conditional' }
      @{ name = 'null-conditional-index'; rule = 'null-conditional' }
      @{ name = 'pipeline-chain-and'; rule = 'pipeline-chain' }
      @{ name = 'pipeline-chain-or'; rule = 'pipeline-chain' }
      @{ name = 'foreach-parallel'; rule = 'ps7-parameter' }
      @{ name = 'get-wmiobject'; rule = 'wmi-cmdlet' }
      @{ name = 'ps7-command'; rule = 'ps7-command' }
      @{ name = 'ps7-parameter'; rule = 'ps7-parameter' }
      @{ name = 'background-operator'; rule = 'background-operator' }
      @{ name = 'escape-sequence'; rule = 'escape-sequence' }
      @{ name = 'clean-block'; rule = 'clean-block' }
      @{ name = 'parse-error'; rule = 'parse-error' }
    ) {
      $v = @(Find-Ps51Violation -Path (Join-Path $PSScriptRoot "fixtures/ps7-only/$name.ps1"))
      @($v | ForEach-Object { $_.rule } | Select-Object -Unique) | Should -Be @($rule)
      $v[0].line | Should -BeGreaterThan 0
    }
    It 'every fixture in the folder is listed above' {
      @(Get-ChildItem (Join-Path $PSScriptRoot 'fixtures/ps7-only') -Filter *.ps1).Count | Should -Be 15
    }
  }
  Context '5.1 code that only looks like PowerShell 7' {
    It 'reports nothing' {
      @(Find-Ps51Violation -Path (Join-Path $PSScriptRoot 'fixtures/ps51-clean.ps1')).Count | Should -Be 0
    }
  }
  Context 'the Windows driver''s scripts' {
    It '<_> parses as Windows PowerShell 5.1' -ForEach @(
      Get-ChildItem (Join-Path $PSScriptRoot '../../electron/remediation/windows') -Recurse -Filter *.ps1 | ForEach-Object { $_.FullName.Substring((Resolve-Path (Join-Path $PSScriptRoot '../..')).Path.Length + 1) }
    ) {
      $v = @(Find-Ps51Violation -Path (Join-Path $RepoRoot $_))
      ($v | ForEach-Object { "$($_.line): $($_.rule) $($_.text)" }) -join "`n" | Should -BeNullOrEmpty
    }
    It 'are ASCII only (Windows PowerShell reads a BOM-less script in the ANSI code page)' {
      foreach ($f in Get-ChildItem (Join-Path $RepoRoot 'electron/remediation/windows') -Recurse -Filter *.ps1) {
        $bytes = [System.IO.File]::ReadAllBytes($f.FullName)
        @($bytes | Where-Object { $_ -gt 127 }).Count | Should -Be 0 -Because $f.Name
      }
    }
  }
}
