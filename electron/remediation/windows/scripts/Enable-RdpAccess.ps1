<#
  RDP Doctor phase "win-start-service-open-firewall" (Windows PowerShell 5.1 compatible).
  Input JSON: {"action":"plan|apply|undo", "backup":{...}}.
  Allows Remote Desktop connections (fDenyTSConnections=0), sets TermService to Automatic and starts it, and
  enables the inbound rules of the "Remote Desktop" firewall group (by its resource id, not its localised
  name). Refuses when Group Policy denies connections. Undo restores each value, start type and rule state.
#>
param([string]$InputJson)
$ErrorActionPreference = 'Stop'
try {
$req = ConvertFrom-Json -InputObject $InputJson
function Out-Json($h) { ConvertTo-Json -InputObject $h -Depth 6 -Compress }
# Fail stops the script with one JSON error document (caught at the end); never `exit`, which would end the
# whole host process when the script runs inside the bootstrap or Invoke-Command.
function Fail([string]$Code, [string]$Message) { throw ('RDPD-FAIL ' + (Out-Json ([ordered]@{ ok = $false; error = [ordered]@{ code = $Code; message = $Message } }))) }

$TsKey = 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server'
$PolicyKey = 'HKLM:\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services'
$Group = '@FirewallAPI.dll,-28752'
function Get-RegValue([string]$Path, [string]$Name) { try { return (Get-ItemProperty -LiteralPath $Path -Name $Name -ErrorAction Stop).$Name } catch { return $null } }
function Read-State {
  $svc = Get-Service -Name TermService
  [ordered]@{
    fDenyTSConnections = Get-RegValue $TsKey 'fDenyTSConnections'
    serviceStartType = [string]$svc.StartType; serviceStatus = [string]$svc.Status
    rules = @(@(Get-NetFirewallRule -Group $Group) | Where-Object { [string]$_.Direction -eq 'Inbound' } | ForEach-Object { [ordered]@{ name = [string]$_.Name; enabled = ([string]$_.Enabled -eq 'True') } })
  }
}

$state = Read-State
switch ([string]$req.action) {
  { $_ -in 'plan', 'apply' } {
    $pol = Get-RegValue $PolicyKey 'fDenyTSConnections'
    if ($pol -eq 1) {
      Fail 'group-policy' 'Group Policy denies Remote Desktop connections (fDenyTSConnections=1): change "Allow users to connect remotely by using Remote Desktop Services" (Computer Configuration > Administrative Templates > Windows Components > Remote Desktop Services > Remote Desktop Session Host > Connections) in the GPO.'
    }
    $off = @($state.rules | Where-Object { -not $_.enabled })
    $changes = @()
    if ($state.fDenyTSConnections -ne 0) { $changes += [ordered]@{ target = "$TsKey\fDenyTSConnections"; before = [string]$state.fDenyTSConnections; after = '0' } }
    if ($state.serviceStartType -ne 'Automatic') { $changes += [ordered]@{ target = 'service TermService start type'; before = $state.serviceStartType; after = 'Automatic' } }
    if ($state.serviceStatus -ne 'Running') { $changes += [ordered]@{ target = 'service TermService'; before = $state.serviceStatus; after = 'Running' } }
    foreach ($r in $off) { $changes += [ordered]@{ target = "firewall rule $($r.name)"; before = 'disabled'; after = 'enabled' } }
    $result = [ordered]@{ ok = $true; action = $req.action; alreadyRight = ($changes.Count -eq 0); changed = $false; changes = $changes; backup = $state
      commands = @("Set-ItemProperty -LiteralPath '$TsKey' -Name fDenyTSConnections -Value 0", 'Set-Service -Name TermService -StartupType Automatic', 'Start-Service -Name TermService', "Enable-NetFirewallRule -Group '$Group' (inbound rules)") }
    if ($req.action -eq 'apply' -and $changes.Count -gt 0) {
      if ($state.fDenyTSConnections -ne 0) { Set-ItemProperty -LiteralPath $TsKey -Name fDenyTSConnections -Value 0 -Type DWord }
      if ($state.serviceStartType -ne 'Automatic') { Set-Service -Name TermService -StartupType Automatic }
      if ($state.serviceStatus -ne 'Running') { Start-Service -Name TermService }
      if ($off.Count -gt 0) { Enable-NetFirewallRule -Name @($off | ForEach-Object { $_.name }) }
      $result.changed = $true
    }
    Out-Json $result
  }
  'undo' {
    $b = $req.backup
    if ($null -eq $b) { Fail 'bad-input' 'No backup given.' }
    $changed = $false
    $toDisable = @(@($b.rules) | Where-Object { -not $_.enabled } | ForEach-Object { [string]$_.name })
    if ($toDisable.Count -gt 0) { Disable-NetFirewallRule -Name $toDisable; $changed = $true }
    if ([string]$b.serviceStatus -eq 'Stopped' -and $state.serviceStatus -ne 'Stopped') { Stop-Service -Name TermService -Force; $changed = $true }
    if ($b.serviceStartType -and [string]$b.serviceStartType -ne $state.serviceStartType) { Set-Service -Name TermService -StartupType ([string]$b.serviceStartType); $changed = $true }
    if ($null -ne $b.fDenyTSConnections -and [int]$b.fDenyTSConnections -ne $state.fDenyTSConnections) {
      Set-ItemProperty -LiteralPath $TsKey -Name fDenyTSConnections -Value ([int]$b.fDenyTSConnections) -Type DWord; $changed = $true
    }
    Out-Json ([ordered]@{ ok = $true; action = 'undo'; changed = $changed; changes = @() })
  }
  default { Fail 'bad-input' "Unknown action '$($req.action)'." }
}
} catch {
  $m = [string]$_.Exception.Message
  if ($m.StartsWith('RDPD-FAIL ')) { $m.Substring(10) }
  else { ConvertTo-Json -Compress -InputObject ([ordered]@{ ok = $false; error = [ordered]@{ code = 'failed'; message = $m } }) }
}
