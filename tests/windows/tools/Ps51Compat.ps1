<#
  Windows PowerShell 5.1 compatibility check with PowerShell's own parser (dot-source, then
  Find-Ps51Violation -Path file.ps1 | -Text '...'). The tests run on PowerShell 7's engine, which accepts
  syntax and commands a Windows Server's powershell.exe 5.1 rejects; this walks the AST and refuses them:
  ternary, ??, ??=, ?. and ?[], && / || pipeline chains, background &, `e / `u{} escapes, ForEach-Object
  -Parallel, the WMI cmdlets (gone in 7; we use CIM everywhere), and cmdlets or parameters that only exist
  in PowerShell 6+.
#>
$Script:Ps7OnlyCommands = @{
  'Get-Error' = 'PowerShell 7'; 'Test-Json' = 'PowerShell 6.1'; 'Join-String' = 'PowerShell 6.2'; 'Get-Uptime' = 'PowerShell 6'
  'ConvertFrom-Markdown' = 'PowerShell 6.1'; 'Show-Markdown' = 'PowerShell 6.1'; 'Get-MarkdownOption' = 'PowerShell 6.1'; 'Set-MarkdownOption' = 'PowerShell 6.1'
  'Remove-Alias' = 'PowerShell 6'; 'Remove-Service' = 'PowerShell 6'; 'Get-ExperimentalFeature' = 'PowerShell 6.2'; 'Enable-ExperimentalFeature' = 'PowerShell 6.2'
  'Disable-ExperimentalFeature' = 'PowerShell 6.2'; 'Update-List' = 'n/a'; 'ConvertTo-CliXml' = 'PowerShell 7.5'; 'ConvertFrom-CliXml' = 'PowerShell 7.5'
  'Get-SecureRandom' = 'PowerShell 7.4'; 'Test-Connection -TcpPort' = 'PowerShell 6'
}
# Not in PowerShell 7 (works on 5.1 only): refused so the same script keeps one CIM code path.
$Script:WmiCommands = @('Get-WmiObject', 'gwmi', 'Set-WmiInstance', 'Invoke-WmiMethod', 'Remove-WmiObject', 'Register-WmiEvent')
$Script:Ps7OnlyParameters = @{
  'ForEach-Object' = @('Parallel', 'ThrottleLimit', 'AsJob', 'TimeoutSeconds', 'UseNewRunspace')
  '%' = @('Parallel'); 'foreach' = @('Parallel')
  'ConvertTo-Json' = @('AsArray', 'EscapeHandling'); 'ConvertFrom-Json' = @('AsHashtable', 'Depth', 'NoEnumerate', 'DateKind')
  'Get-Content' = @('AsByteStream'); 'Set-Content' = @('AsByteStream'); 'Add-Content' = @('AsByteStream')
  'Test-Connection' = @('TcpPort', 'Ping', 'Traceroute', 'MtuSize', 'Repeat', 'TargetName')
  'Split-Path' = @('Extension', 'LeafBase'); 'Get-Date' = @('AsUTC', 'UnixTimeSeconds'); 'Sort-Object' = @('Top', 'Bottom', 'Stable')
  'Get-Random' = @('Shuffle'); 'Select-String' = @('Raw', 'NoEmphasis'); 'Invoke-WebRequest' = @('SkipCertificateCheck', 'Authentication', 'SslProtocol', 'Resume')
  'Invoke-RestMethod' = @('SkipCertificateCheck', 'Authentication', 'SslProtocol', 'StatusCodeVariable'); 'Start-Process' = @('Environment')
  'Where-Object' = @('Not'); 'Get-ChildItem' = @('FollowSymlink'); 'Import-Module' = @('UseWindowsPowerShell')
}

function Find-Ps51Violation {
  param([string]$Path, [string]$Text)
  $tokens = $null; $errs = $null
  if ($Path) { $ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref]$tokens, [ref]$errs) }
  else { $ast = [System.Management.Automation.Language.Parser]::ParseInput($Text, [ref]$tokens, [ref]$errs); $Path = '<text>' }
  $out = New-Object System.Collections.ArrayList
  function Add-V($Node, [string]$Rule, [string]$Why) {
    [void]$out.Add([pscustomobject]@{ file = $Path; line = $Node.Extent.StartLineNumber; rule = $Rule; message = $Why; text = $Node.Extent.Text.Split("`n")[0] })
  }
  foreach ($e in @($errs)) { [void]$out.Add([pscustomobject]@{ file = $Path; line = $e.Extent.StartLineNumber; rule = 'parse-error'; message = $e.Message; text = $e.Extent.Text }) }
  $nodes = $ast.FindAll({ $true }, $true)
  foreach ($n in $nodes) {
    $type = $n.GetType().Name
    switch ($type) {
      'TernaryExpressionAst' { Add-V $n 'ternary' 'the ternary operator a ? b : c needs PowerShell 7' }
      'PipelineChainAst' { Add-V $n 'pipeline-chain' '&& and || between pipelines need PowerShell 7' }
      'BinaryExpressionAst' { if ([string]$n.Operator -eq 'QuestionQuestion') { Add-V $n 'null-coalescing' 'the ?? operator needs PowerShell 7' } }
      'AssignmentStatementAst' { if ([string]$n.Operator -eq 'QuestionQuestionEquals') { Add-V $n 'null-coalescing' 'the ??= operator needs PowerShell 7' } }
      'MemberExpressionAst' { if ($n.NullConditional) { Add-V $n 'null-conditional' 'the ?. operator needs PowerShell 7' } }
      'InvokeMemberExpressionAst' { if ($n.NullConditional) { Add-V $n 'null-conditional' 'the ?. operator needs PowerShell 7' } }
      'IndexExpressionAst' { if ($n.NullConditional) { Add-V $n 'null-conditional' 'the ?[] operator needs PowerShell 7' } }
      'ScriptBlockAst' { if ($n.PSObject.Properties['CleanBlock'] -and $n.CleanBlock) { Add-V $n.CleanBlock 'clean-block' 'the clean block needs PowerShell 7.3' } }
      'PipelineAst' { if ($n.Background) { Add-V $n 'background-operator' 'a trailing & (background job) needs PowerShell 6' } }
      'ExpandableStringExpressionAst' { if ($n.Extent.Text -match '`e|`u\{') { Add-V $n 'escape-sequence' '`e and `u{...} escapes need PowerShell 6' } }
      'StringConstantExpressionAst' {
        if ([string]$n.StringConstantType -eq 'DoubleQuoted' -and $n.Extent.Text -match '`e|`u\{') { Add-V $n 'escape-sequence' '`e and `u{...} escapes need PowerShell 6' }
      }
      'CommandAst' {
        $name = $n.GetCommandName()
        if (-not $name) { break }
        if ($Script:WmiCommands -contains $name) { Add-V $n 'wmi-cmdlet' "$name is not in PowerShell 7: use Get-CimInstance / Invoke-CimMethod" }
        if ($Script:Ps7OnlyCommands.ContainsKey($name)) { Add-V $n 'ps7-command' "$name needs $($Script:Ps7OnlyCommands[$name])" }
        $params = $Script:Ps7OnlyParameters[$name]
        if ($params) {
          foreach ($el in $n.CommandElements) {
            if ($el -is [System.Management.Automation.Language.CommandParameterAst]) {
              # PowerShell accepts unambiguous prefixes: -Para is -Parallel
              foreach ($p in $params) { if ($p.StartsWith($el.ParameterName, [StringComparison]::OrdinalIgnoreCase) -and $el.ParameterName.Length -ge 3) { Add-V $el 'ps7-parameter' "$name -$p needs PowerShell 6+" } }
            }
          }
        }
      }
    }
  }
  @($out)
}
