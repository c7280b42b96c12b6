# RDP Doctor bootstrap: the fixed text behind powershell.exe -EncodedCommand (Windows PowerShell 5.1 compatible).
# It holds no value of a run. It reads ONE JSON request from standard input (UTF-8):
#   {"script":"<text of a repo .ps1>","input":"<JSON for its param>","elevated":true,
#    "remote":{"computer":"srv01","port":5986,"useSsl":true,"user":"DOM\\name"},"password":"..."}
# and runs the script here or on the remote host (Invoke-Command: Windows' own WinRM client, Kerberos/NTLM
# with message encryption). The password becomes a SecureString at once and exists nowhere else.
# Prints the script's one JSON document, or {"ok":false,"error":{...}}; every non-ASCII character escaped.
param([string]$RequestJson)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
function Write-Ascii([string]$Text) {
  [regex]::Replace($Text, '[^\x00-\x7F]', { param($m) '\u{0:x4}' -f [int][char]$m.Value })
}
function Write-Failure([string]$Code, [string]$Message, $Detail) {
  Write-Ascii (ConvertTo-Json -Compress -Depth 4 -InputObject ([ordered]@{ ok = $false; error = [ordered]@{ code = $Code; message = $Message; detail = $Detail } }))
}
$wrapper = {
  # $HostVersion: the host's own version (tests pass an older one to model Server 2012 R2's 4.0)
  param([string]$ScriptText, [string]$InputJson, [bool]$Elevated, [version]$HostVersion = $PSVersionTable.PSVersion)
  $v = $HostVersion
  if ($v.Major -lt 5 -or ($v.Major -eq 5 -and $v.Minor -lt 1)) {
    return '{"ok":false,"error":{"code":"ps-too-old","message":"PowerShell ' + $v + ' on this host: RDP Doctor needs Windows PowerShell 5.1 (install Windows Management Framework 5.1), or use the console script."}}'
  }
  if ($Elevated) {
    $admin = $false
    try {
      $p = New-Object Security.Principal.WindowsPrincipal ([Security.Principal.WindowsIdentity]::GetCurrent())
      $admin = $p.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
    } catch {
      return '{"ok":false,"error":{"code":"needs-windows","message":"This needs Windows: the current user could not be checked for administrator rights."}}'
    }
    if (-not $admin) {
      return '{"ok":false,"error":{"code":"not-elevated","message":"Not running as administrator: start RDP Doctor with Run as administrator (or connect with an administrator account)."}}'
    }
  }
  & ([scriptblock]::Create($ScriptText)) $InputJson
}
try {
  if (-not $RequestJson) {
    $stdin = [Console]::OpenStandardInput()
    $buffer = New-Object System.IO.MemoryStream
    $stdin.CopyTo($buffer)
    $RequestJson = [System.Text.Encoding]::UTF8.GetString($buffer.ToArray())
  }
  $req = ConvertFrom-Json -InputObject $RequestJson
  $RequestJson = $null
} catch {
  Write-Failure 'bad-request' ('The request on standard input is not JSON: ' + $_.Exception.Message) $null
  exit 2
}
$arguments = @([string]$req.script, [string]$req.input, [bool]$req.elevated)
try {
  if ($req.remote) {
    $params = @{ ComputerName = [string]$req.remote.computer; ScriptBlock = $wrapper; ArgumentList = $arguments; ErrorAction = 'Stop' }
    if ($req.remote.useSsl) { $params.UseSSL = $true }
    if ($req.remote.port) { $params.Port = [int]$req.remote.port }
    if ($req.remote.user) {
      $secure = New-Object System.Security.SecureString
      foreach ($ch in ([string]$req.password).ToCharArray()) { $secure.AppendChar($ch) }
      $secure.MakeReadOnly()
      $params.Credential = New-Object System.Management.Automation.PSCredential ([string]$req.remote.user, $secure)
      $secure = $null
    }
    $out = Invoke-Command @params
  } else {
    $out = & $wrapper @arguments
  }
  foreach ($line in @($out)) { Write-Ascii ([string]$line) }
} catch {
  $e = $_.Exception
  $kind = 'script'
  $errorCode = $null
  if ($e -is [System.Management.Automation.Remoting.PSRemotingTransportException]) { $kind = 'winrm'; $errorCode = $e.ErrorCode }
  Write-Failure $kind ([string]$e.Message) ([ordered]@{ errorCode = $errorCode; fqid = [string]$_.FullyQualifiedErrorId; type = $e.GetType().FullName })
  exit 1
}
