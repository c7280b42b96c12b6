<#
  RDP Doctor phase "win-start-service-open-firewall" (Windows PowerShell 5.1 compatible).
  Input JSON: {"action":"plan|apply|undo", "allowPublicProfile":false, "backup":{...}}.
  Allows Remote Desktop connections (fDenyTSConnections=0), sets TermService to Automatic and starts it, and
  enables the inbound rules of the "Remote Desktop" firewall group (by its resource id, not its localised
  name) for the Domain and Private profiles only: a rule that also covers Public (Profile Any) is narrowed to
  Domain, Private before it is enabled, a Public-only rule stays off. Public opens only with
  allowPublicProfile=true (a laptop on cafe Wi-Fi should not offer RDP to the room). Refuses when Group Policy
  denies connections. Undo restores each value, start type, rule state and rule profile, and touches only
  rules of the Remote Desktop group.
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
$Open = @('Domain', 'Private')
if ($req.allowPublicProfile -eq $true) { $Open += 'Public' }
# a rule's Profile as Windows prints it ("Any", "Domain, Private", "Public") -> the profiles it covers
function Get-Profiles([string]$P) {
  if ($P -eq '' -or $P -eq 'Any' -or $P -eq '0') { return @('Domain', 'Private', 'Public') }
  @($P -split ',\s*' | Where-Object { $_ })
}
function Get-RegValue([string]$Path, [string]$Name) { try { return (Get-ItemProperty -LiteralPath $Path -Name $Name -ErrorAction Stop).$Name } catch { return $null } }
function Read-State {
  $svc = Get-Service -Name TermService
  [ordered]@{
    fDenyTSConnections = Get-RegValue $TsKey 'fDenyTSConnections'
    serviceStartType = [string]$svc.StartType; serviceStatus = [string]$svc.Status
    rules = @(@(Get-NetFirewallRule -Group $Group) | Where-Object { [string]$_.Direction -eq 'Inbound' } | ForEach-Object { [ordered]@{ name = [string]$_.Name; enabled = ([string]$_.Enabled -eq 'True'); profile = [string]$_.Profile } })
  }
}

$state = Read-State
switch ([string]$req.action) {
  { $_ -in 'plan', 'apply' } {
    $pol = Get-RegValue $PolicyKey 'fDenyTSConnections'
    if ($pol -eq 1) {
      Fail 'group-policy' 'Group Policy denies Remote Desktop connections (fDenyTSConnections=1): change "Allow users to connect remotely by using Remote Desktop Services" (Computer Configuration > Administrative Templates > Windows Components > Remote Desktop Services > Remote Desktop Session Host > Connections) in the GPO.'
    }
    # per disabled rule: enable as is, narrow to the open profiles first, or leave off (Public only)
    $enable = @(); $narrow = @(); $stayOff = @()
    foreach ($r in @($state.rules)) {
      if ($r.enabled) { continue }
      $covers = @(Get-Profiles $r.profile)
      $wanted = @($covers | Where-Object { $Open -contains $_ })
      if ($wanted.Count -eq 0) { $stayOff += $r; continue }
      if ($wanted.Count -lt $covers.Count) { $narrow += [ordered]@{ name = $r.name; from = $r.profile; to = $wanted } }
      $enable += [ordered]@{ name = $r.name; before = $r.profile; after = ($wanted -join ', ') }
    }
    $changes = @()
    if ($state.fDenyTSConnections -ne 0) { $changes += [ordered]@{ target = "$TsKey\fDenyTSConnections"; before = [string]$state.fDenyTSConnections; after = '0' } }
    if ($state.serviceStartType -ne 'Automatic') { $changes += [ordered]@{ target = 'service TermService start type'; before = $state.serviceStartType; after = 'Automatic' } }
    if ($state.serviceStatus -ne 'Running') { $changes += [ordered]@{ target = 'service TermService'; before = $state.serviceStatus; after = 'Running' } }
    foreach ($e in $enable) { $changes += [ordered]@{ target = "firewall rule $($e.name)"; before = "disabled ($($e.before))"; after = "enabled ($($e.after))" } }
    $notes = @($stayOff | ForEach-Object { "firewall rule $($_.name) ($($_.profile)) stays disabled: the Public profile opens only when asked (allowPublicProfile / -OpenPublicFirewall)" })
    $result = [ordered]@{ ok = $true; action = $req.action; alreadyRight = ($changes.Count -eq 0); changed = $false; changes = $changes; notes = $notes; openProfiles = $Open; backup = $state
      commands = @("Set-ItemProperty -LiteralPath '$TsKey' -Name fDenyTSConnections -Value 0", 'Set-Service -Name TermService -StartupType Automatic', 'Start-Service -Name TermService', "Set-NetFirewallRule -Name <rule> -Profile $($Open -join ',') (rules that also cover other profiles)", "Enable-NetFirewallRule -Name <the disabled inbound rules of '$Group'>") }
    if ($req.action -eq 'apply' -and $changes.Count -gt 0) {
      if ($state.fDenyTSConnections -ne 0) { Set-ItemProperty -LiteralPath $TsKey -Name fDenyTSConnections -Value 0 -Type DWord }
      if ($state.serviceStartType -ne 'Automatic') { Set-Service -Name TermService -StartupType Automatic }
      if ($state.serviceStatus -ne 'Running') { Start-Service -Name TermService }
      foreach ($n in $narrow) { Set-NetFirewallRule -Name $n.name -Profile $n.to }
      if ($enable.Count -gt 0) { Enable-NetFirewallRule -Name @($enable | ForEach-Object { $_.name }) }
      $result.changed = $true
    }
    Out-Json $result
  }
  'undo' {
    $b = $req.backup
    if ($null -eq $b) { Fail 'bad-input' 'No backup given.' }
    $changed = $false
    # only rules of the Remote Desktop group, by the names the group has now: a backup naming others is refused
    $current = @{}; foreach ($r in @($state.rules)) { $current[$r.name] = $r }
    foreach ($r in @($b.rules)) {
      if (-not $current.ContainsKey([string]$r.name)) { Fail 'bad-backup' "The backup names firewall rule '$($r.name)', which is not a rule of the Remote Desktop group: nothing was changed." }
      foreach ($t in @(([string]$r.profile) -split ',\s*' | Where-Object { $_ })) {
        if (@('Any', 'Domain', 'Private', 'Public') -notcontains $t) { Fail 'bad-backup' "The backup gives firewall rule '$($r.name)' the profile '$($r.profile)': not a firewall profile, nothing was changed." }
      }
    }
    foreach ($r in @($b.rules)) {
      $now = $current[[string]$r.name]
      if ($null -ne $r.profile -and [string]$r.profile -ne [string]$now.profile) {
        $p = [string]$r.profile; if ($p -eq '') { $p = 'Any' }
        Set-NetFirewallRule -Name ([string]$r.name) -Profile @($p -split ',\s*'); $changed = $true
      }
    }
    $toDisable = @(@($b.rules) | Where-Object { -not $_.enabled -and $current[[string]$_.name].enabled } | ForEach-Object { [string]$_.name })
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
