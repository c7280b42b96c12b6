<#
  RDP Doctor phases "win-set-nla" and "win-set-security-layer" (Windows PowerShell 5.1 compatible).
  Input JSON: {"action":"plan|apply|undo", "setting":"UserAuthenticationRequired|SecurityLayer", "value":1,
               "backup":{...}}. Changes the RDP-Tcp listener through Win32_TSGeneralSetting's own methods.
  Never fights Group Policy: when a policy owns the setting, plan and apply refuse and name the policy.
  Never lowers security: SecurityLayer 0 (Standard RDP Security) and NLA off are refused as fixes.
#>
param([string]$InputJson)
$ErrorActionPreference = 'Stop'
try {
$req = ConvertFrom-Json -InputObject $InputJson
function Out-Json($h) { ConvertTo-Json -InputObject $h -Depth 6 -Compress }
# Fail stops the script with one JSON error document (caught at the end); never `exit`, which would end the
# whole host process when the script runs inside the bootstrap or Invoke-Command.
function Fail([string]$Code, [string]$Message) { throw ('RDPD-FAIL ' + (Out-Json ([ordered]@{ ok = $false; error = [ordered]@{ code = $Code; message = $Message } }))) }

$known = @{
  UserAuthenticationRequired = @{ method = 'SetUserAuthenticationRequired'; policyValue = 'UserAuthentication'; allowed = @(1); policySource = 'PolicySourceUserAuthenticationRequired'
    policy = 'Require user authentication for remote connections by using Network Level Authentication' }
  SecurityLayer = @{ method = 'SetSecurityLayer'; policyValue = 'SecurityLayer'; allowed = @(1, 2); policySource = 'PolicySourceSecurityLayer'
    policy = 'Require use of specific security layer for remote (RDP) connections' }
}
$setting = [string]$req.setting
if (-not $known.ContainsKey($setting)) { Fail 'bad-input' "Unknown listener setting '$setting' (UserAuthenticationRequired or SecurityLayer)." }
$k = $known[$setting]
$PolicyKey = 'HKLM:\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services'
$PolicyPath = 'Computer Configuration > Administrative Templates > Windows Components > Remote Desktop Services > Remote Desktop Session Host > Security'

function Get-Listener { Get-CimInstance -Namespace 'root\cimv2\TerminalServices' -ClassName Win32_TSGeneralSetting -Filter "TerminalName='RDP-Tcp'" }
function Get-PolicyValue {
  try { return (Get-ItemProperty -LiteralPath $PolicyKey -Name $k.policyValue -ErrorAction Stop).($k.policyValue) } catch { return $null }
}
function Set-Value($Ts, [int]$Value) {
  $r = Invoke-CimMethod -InputObject $Ts -MethodName $k.method -Arguments @{ $setting = [uint32]$Value }
  if ($r -and $r.ReturnValue -ne 0) { throw "$($k.method)($Value) returned $($r.ReturnValue)" }
}
function Assert-NotPolicy($Ts) {
  $pv = Get-PolicyValue
  if ($null -ne $pv -or [int]$Ts.($k.policySource) -eq 1) {
    Fail 'group-policy' "Group Policy owns $setting (policy value $($k.policyValue)=$pv): change ""$($k.policy)"" ($PolicyPath) in the GPO instead; a local change would be overwritten."
  }
}

$ts = Get-Listener
$old = [int]$ts.$setting
switch ([string]$req.action) {
  { $_ -in 'plan', 'apply' } {
    $new = [int]$req.value
    if ($k.allowed -notcontains $new) { Fail 'lowers-security' "$setting=$new is not offered as a fix (allowed: $($k.allowed -join ', '))." }
    Assert-NotPolicy $ts
    $result = [ordered]@{ ok = $true; action = $req.action; alreadyRight = ($old -eq $new); changed = $false
      changes = @([ordered]@{ target = "RDP-Tcp $setting"; before = [string]$old; after = [string]$new })
      commands = @("Invoke-CimMethod -InputObject (Win32_TSGeneralSetting RDP-Tcp) -MethodName $($k.method) -Arguments @{ $setting = $new }")
      backup = [ordered]@{ setting = $setting; value = $old } }
    if ($req.action -eq 'apply' -and $old -ne $new) {
      Set-Value $ts $new
      $result.changed = $true
      $result.now = [int](Get-Listener).$setting
    }
    Out-Json $result
  }
  'undo' {
    if ([string]$req.backup.setting -ne $setting) { Fail 'bad-input' "The backup is for $($req.backup.setting), not $setting." }
    $back = [int]$req.backup.value
    $changed = $false
    if ($old -ne $back) { Set-Value $ts $back; $changed = $true }
    Out-Json ([ordered]@{ ok = $true; action = 'undo'; changed = $changed
      changes = @([ordered]@{ target = "RDP-Tcp $setting"; before = [string]$old; after = [string]$back }) })
  }
  default { Fail 'bad-input' "Unknown action '$($req.action)'." }
}
} catch {
  $m = [string]$_.Exception.Message
  if ($m.StartsWith('RDPD-FAIL ')) { $m.Substring(10) }
  else { ConvertTo-Json -Compress -InputObject ([ordered]@{ ok = $false; error = [ordered]@{ code = 'failed'; message = $m } }) }
}
