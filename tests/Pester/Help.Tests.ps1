# Help as Get-Help shows it from the module's MAML (compiled from docs/*.md by tools/CloudTrailIamTools.HelpCompiler).
BeforeDiscovery {
    $script:CmdletNames = @('Get-CloudTrailAccessDenied', 'Grant-CloudTrailCrossAccountRole', 'Grant-CloudTrailPermission', 'Repair-OrganizationTrailSlr', 'Resolve-CloudTrailAccessError', 'Test-CloudTrailPermission')
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
}

Describe 'Help for <_>' -ForEach $script:CmdletNames {
    BeforeAll {
        $script:Command = Get-Command $_
        $script:Help = Get-Help $_ -Full
    }

    It 'shows every parameter set in SYNTAX, the default one first' {
        $script:Help.syntax.syntaxItem | Should -HaveCount $script:Command.ParameterSets.Count
        $default = $script:Command.ParameterSets | Where-Object IsDefault
        if (-not $default) { $default = $script:Command.ParameterSets | Select-Object -First 1 }
        $first = @($script:Help.syntax.syntaxItem)[0].parameter.name | Where-Object { $_ -notin 'WhatIf', 'Confirm' } | Sort-Object
        $first | Should -Be ($default.Parameters.Name | Where-Object { $_ -notin [System.Management.Automation.Cmdlet]::CommonParameters -and $_ -notin [System.Management.Automation.Cmdlet]::OptionalCommonParameters } | Sort-Object)
    }

    It 'lists the accepted values of every enum parameter in SYNTAX' {
        $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
        $enumParameters = $script:Command.Parameters.Values | Where-Object Name -NotIn $common | Where-Object {
            $type = if ($_.ParameterType.IsArray) { $_.ParameterType.GetElementType() } else { $_.ParameterType }
            $type = [Nullable]::GetUnderlyingType($type) ?? $type
            $type.IsEnum
        }
        foreach ($parameter in $enumParameters) {
            $type = if ($parameter.ParameterType.IsArray) { $parameter.ParameterType.GetElementType() } else { $parameter.ParameterType }
            $type = [Nullable]::GetUnderlyingType($type) ?? $type
            $entry = $script:Help.syntax.syntaxItem.parameter | Where-Object name -EQ $parameter.Name | Select-Object -First 1
            $entry | Should -Not -BeNullOrEmpty -Because "-$($parameter.Name) is in SYNTAX"
            @($entry.parameterValueGroup.parameterValue) | Should -Be ([Enum]::GetNames($type)) -Because "-$($parameter.Name) lists its values"
        }
    }

    It 'separates each example''s notes from the next example' {
        $lines = (Get-Help $_ -Examples | Out-String -Width 200) -split "`r?`n"
        for ($i = 1; $i -lt $lines.Count; $i++) {
            if ($lines[$i] -match '^\s*-{10,} Example \d') {
                $lines[$i - 1].Trim() | Should -BeNullOrEmpty -Because "a blank line comes before '$($lines[$i].Trim())'"
            }
        }
    }
}

Describe 'Help text shape' {
    It 'renders a Markdown bullet list in a description as one paragraph per bullet' {
        $paragraphs = (Get-Help Get-CloudTrailAccessDenied).description.Text
        ($paragraphs | Where-Object { $_ -like '- Log files on disk*' }) | Should -HaveCount 1
        ($paragraphs | Where-Object { $_ -like '- The live event history*' }) | Should -HaveCount 1
        ($paragraphs | Where-Object { $_ -like '*- The live event history*' -and $_ -like '- Log files*' }) | Should -BeNullOrEmpty
    }

    It 'about_CloudTrailIamTools_Credentials names every cmdlet that calls AWS' {
        $topic = Get-Content (Join-Path $script:ModuleFolder 'en-US/about_CloudTrailIamTools_Credentials.help.txt') -Raw
        $topic | Should -Not -BeNullOrEmpty
        $callers = Get-Command -Module CloudTrailIamTools -CommandType Cmdlet |
            Where-Object { $_.ImplementingType.IsSubclassOf([CloudTrailIamTools.Infrastructure.AwsCmdlet]) }
        $callers | Should -Not -BeNullOrEmpty
        foreach ($cmdlet in $callers) { $topic | Should -Match ([regex]::Escape($cmdlet.Name)) }
    }
}
