<#
  RDP Doctor phase "win-restart-termservice" (Windows PowerShell 5.1 compatible).
  Input JSON: {"action":"plan|apply|undo", "port":3389, "timeoutSeconds":60}.
  Plan lists the sessions that will be disconnected; apply restarts TermService with its dependents and waits
  until it is Running and the port listens again. There is nothing to undo (a restart changes no setting).
#>
param([string]$InputJson)
$ErrorActionPreference = 'Stop'
try {
$req = ConvertFrom-Json -InputObject $InputJson
function Out-Json($h) { ConvertTo-Json -InputObject $h -Depth 6 -Compress }
# Fail stops the script with one JSON error document (caught at the end); never `exit`, which would end the
# whole host process when the script runs inside the bootstrap or Invoke-Command.
function Fail([string]$Code, [string]$Message) { throw ('RDPD-FAIL ' + (Out-Json ([ordered]@{ ok = $false; error = [ordered]@{ code = $Code; message = $Message } }))) }

$port = 3389; if ($req.port) { $port = [int]$req.port }
$timeout = 60; if ($req.timeoutSeconds) { $timeout = [int]$req.timeoutSeconds }
function Get-Sessions {
  # qwinsta prints one line per session; the listeners (rdp-tcp, console without a user) are not sessions
  $lines = @(qwinsta 2>$null)
  @($lines | Select-Object -Skip 1 | ForEach-Object {
      $t = ([string]$_).TrimStart('>').Trim() -split '\s+'
      if ($t.Count -ge 4 -and $t[1] -notmatch '^\d+$') { [ordered]@{ session = $t[0]; user = $t[1]; id = $t[2]; state = $t[3] } }
    })
}
function Test-Listening { [bool](@(Get-NetTCPConnection -LocalPort $port -State Listen -ErrorAction SilentlyContinue).Count) }

switch ([string]$req.action) {
  { $_ -in 'plan', 'apply' } {
    $svc = Get-Service -Name TermService
    $sessions = @(Get-Sessions)
    $deps = @(@($svc.DependentServices) | ForEach-Object { [string]$_.Name })
    $result = [ordered]@{ ok = $true; action = $req.action; alreadyRight = $false; changed = $false
      changes = @([ordered]@{ target = 'service TermService'; before = [string]$svc.Status; after = 'Running (restarted)' })
      commands = @('Restart-Service -Name TermService -Force')
      risks = @(@("Disconnects every Remote Desktop session ($($sessions.Count) now)") + @($sessions | ForEach-Object { "session $($_.session): $($_.user) ($($_.state))" }))
      sessions = $sessions; dependents = $deps; backup = $null }
    if ($req.action -eq 'apply') {
      Restart-Service -Name TermService -Force
      $result.changed = $true
      $deadline = (Get-Date).AddSeconds($timeout)
      $running = $false; $listening = $false
      while ((Get-Date) -lt $deadline) {
        $running = ([string](Get-Service -Name TermService).Status -eq 'Running')
        $listening = Test-Listening
        if ($running -and $listening) { break }
        Start-Sleep -Milliseconds 500
      }
      $result.running = $running; $result.listening = $listening
      if (-not ($running -and $listening)) {
        Fail 'not-listening' "TermService restarted but after $timeout s it is running=$running and port $port listening=$listening."
      }
      $result.lines = @("TermService running, port $port listening")
    }
    Out-Json $result
  }
  'undo' { Out-Json ([ordered]@{ ok = $true; action = 'undo'; changed = $false; changes = @(); lines = @('A restart changes no setting: nothing to undo.') }) }
  default { Fail 'bad-input' "Unknown action '$($req.action)'." }
}
} catch {
  $m = [string]$_.Exception.Message
  if ($m.StartsWith('RDPD-FAIL ')) { $m.Substring(10) }
  else { ConvertTo-Json -Compress -InputObject ([ordered]@{ ok = $false; error = [ordered]@{ code = 'failed'; message = $m } }) }
}
