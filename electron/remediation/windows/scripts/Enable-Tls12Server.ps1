<#
  RDP Doctor phase "win-enable-tls12" (Windows PowerShell 5.1 compatible).
  Input JSON: {"action":"plan|apply|undo", "backup":{...}}.
  SCHANNEL\Protocols\TLS 1.2\Server: Enabled=1, DisabledByDefault=0. The backup says which key and values
  existed and their old data; undo removes what apply created and puts the old data back. SCHANNEL reads
  these values at boot: the machine must restart before they take effect.
#>
param([string]$InputJson)
$ErrorActionPreference = 'Stop'
try {
$req = ConvertFrom-Json -InputObject $InputJson
function Out-Json($h) { ConvertTo-Json -InputObject $h -Depth 6 -Compress }
# Fail stops the script with one JSON error document (caught at the end); never `exit`, which would end the
# whole host process when the script runs inside the bootstrap or Invoke-Command.
function Fail([string]$Code, [string]$Message) { throw ('RDPD-FAIL ' + (Out-Json ([ordered]@{ ok = $false; error = [ordered]@{ code = $Code; message = $Message } }))) }

$Proto = 'HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2'
$Key = $Proto + '\Server'
$want = [ordered]@{ Enabled = 1; DisabledByDefault = 0 }
function Read-State {
  $s = [ordered]@{ protocolKeyExisted = [bool](Test-Path -LiteralPath $Proto); keyExisted = [bool](Test-Path -LiteralPath $Key); values = [ordered]@{} }
  foreach ($n in $want.Keys) {
    $v = $null
    if ($s.keyExisted) { try { $v = (Get-ItemProperty -LiteralPath $Key -Name $n -ErrorAction Stop).$n } catch { $v = $null } }
    $s.values[$n] = $v
  }
  $s
}

$state = Read-State
switch ([string]$req.action) {
  { $_ -in 'plan', 'apply' } {
    $changes = @(); $already = $true
    foreach ($n in $want.Keys) {
      $before = $state.values[$n]
      if ($before -ne $want[$n]) { $already = $false }
      $b = '(absent)'; if ($null -ne $before) { $b = [string]$before }
      $changes += [ordered]@{ target = "$Key\$n"; before = $b; after = [string]$want[$n] }
    }
    $result = [ordered]@{ ok = $true; action = $req.action; alreadyRight = $already; changed = $false; restartNeeded = (-not $already)
      changes = $changes; backup = $state
      commands = @("New-Item -Path '$Key' -Force", "Set-ItemProperty -LiteralPath '$Key' -Name Enabled -Value 1 -Type DWord", "Set-ItemProperty -LiteralPath '$Key' -Name DisabledByDefault -Value 0 -Type DWord")
      lines = @('SCHANNEL reads this at boot: restart Windows for TLS 1.2 to be offered.') }
    if ($req.action -eq 'apply' -and -not $already) {
      if (-not $state.keyExisted) { [void](New-Item -Path $Key -Force) }
      foreach ($n in $want.Keys) { Set-ItemProperty -LiteralPath $Key -Name $n -Value $want[$n] -Type DWord }
      $result.changed = $true
    }
    Out-Json $result
  }
  'undo' {
    $b = $req.backup
    if ($null -eq $b -or $null -eq $b.values) { Fail 'bad-input' 'The backup holds no SCHANNEL values.' }
    $changed = $false
    if (-not $b.keyExisted) {
      if ($state.keyExisted) { Remove-Item -LiteralPath $Key -Recurse:$false; $changed = $true }
      if (-not $b.protocolKeyExisted -and (Test-Path -LiteralPath $Proto)) { Remove-Item -LiteralPath $Proto -Recurse:$false; $changed = $true }
    } else {
      foreach ($n in $want.Keys) {
        $old = $b.values.$n
        if ($null -eq $old) {
          if ($null -ne $state.values[$n]) { Remove-ItemProperty -LiteralPath $Key -Name $n; $changed = $true }
        } elseif ($state.values[$n] -ne $old) {
          Set-ItemProperty -LiteralPath $Key -Name $n -Value ([int]$old) -Type DWord; $changed = $true
        }
      }
    }
    Out-Json ([ordered]@{ ok = $true; action = 'undo'; changed = $changed; restartNeeded = $changed; changes = @() })
  }
  default { Fail 'bad-input' "Unknown action '$($req.action)'." }
}
} catch {
  $m = [string]$_.Exception.Message
  if ($m.StartsWith('RDPD-FAIL ')) { $m.Substring(10) }
  else { ConvertTo-Json -Compress -InputObject ([ordered]@{ ok = $false; error = [ordered]@{ code = 'failed'; message = $m } }) }
}
