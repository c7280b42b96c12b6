<#
  Prints the inspection's real JSON for every modelled host (HostModel.ps1), one JSON object keyed by model:
  the Node side plans its phases from exactly what Inspect-RdpHost.ps1 prints (tests/windows/phases.test.ts).
  Mocks need a Pester test block, so this runs one test from a script-block container.
#>
param([string]$PesterPath, [string]$OutFile)
Import-Module $PesterPath
$Global:ExportTo = $OutFile
$Global:HostModelPath = Join-Path $PSScriptRoot '../HostModel.ps1'
$sb = {
  BeforeAll { . $Global:HostModelPath }
  Describe 'facts' {
    It 'exports the inspection of every modelled host' {
      $all = [ordered]@{}
      foreach ($k in 'healthy', 'key-unreadable', 'key-missing', 'keyset-missing', 'gpo-nla', 'tls12-disabled', 'rdp-off') {
        $Global:H = New-HostModel $k
        Register-HostMocks
        $all[$k] = ConvertFrom-Json -InputObject (& (Join-Path $ScriptsDir 'Inspect-RdpHost.ps1') -InputJson '{"port":3389}')
      }
      [System.IO.File]::WriteAllText($Global:ExportTo, (ConvertTo-Json -InputObject $all -Depth 10 -Compress))
    }
  }
}
$r = Invoke-Pester -Container (New-PesterContainer -ScriptBlock $sb) -PassThru -Output None
if ($r.FailedCount -gt 0) { Write-Error ($r.Failed[0].ErrorRecord | Out-String); exit 1 }
