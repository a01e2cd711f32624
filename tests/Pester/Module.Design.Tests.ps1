# Design rules every cmdlet of the module follows, checked the way a PowerShell user would see them.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:Cmdlets = @(Get-Command -Module CloudTrailIamTools -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
    $script:HasAwsToolsCommon = [bool](Get-Module -ListAvailable AWS.Tools.Common | Where-Object Version -GE '5.0.0')
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:StateChangingVerbs = 'Grant', 'Repair', 'Set', 'New', 'Remove', 'Add', 'Revoke', 'Register', 'Unregister', 'Enable', 'Disable'
    $script:CommonParameters = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
}

Describe 'Module design' {
    It 'exports exactly the cmdlets the manifest lists' {
        $manifest = Import-PowerShellDataFile (Join-Path $script:ModuleFolder 'CloudTrailIamTools.psd1')
        $exported = (Get-Command -Module CloudTrailIamTools -CommandType Cmdlet).Name | Sort-Object
        $exported | Should -Be ($manifest.CmdletsToExport | Sort-Object)
        $manifest.FunctionsToExport | Should -BeNullOrEmpty
        $manifest.AliasesToExport | Should -BeNullOrEmpty
        $manifest.VariablesToExport | Should -BeNullOrEmpty
    }

    # Test-ModuleManifest resolves RequiredModules, so it needs AWS.Tools.Common installed.
    It 'has a valid manifest' -Skip:(-not $script:HasAwsToolsCommon) {
        { Test-ModuleManifest (Join-Path $script:ModuleFolder 'CloudTrailIamTools.psd1') -ErrorAction Stop } | Should -Not -Throw
    }
}

Describe '<Name>' -ForEach $script:Cmdlets {
    BeforeAll {
        $command = Get-Command $Name
        $help = Get-Help $Name -Full
    }

    It 'uses an approved verb' {
        (Get-Verb).Verb | Should -Contain $command.Verb
    }

    It 'has a singular noun' {
        $command.Noun | Should -Not -Match '[^s]s$'
    }

    It 'supports ShouldProcess exactly when it changes state' {
        $changesState = $script:StateChangingVerbs -contains $command.Verb
        $command.Parameters.ContainsKey('WhatIf') | Should -Be $changesState
        if ($changesState) { $command.Parameters.ContainsKey('Force') | Should -BeTrue }
    }

    It 'declares its output type' {
        $command.OutputType | Should -Not -BeNullOrEmpty
    }

    It 'has a synopsis, a description and at least two examples' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match '^\s*\w+-\w+ \['
        ($help.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
    }

    It 'describes every parameter' {
        foreach ($parameter in $command.Parameters.Keys | Where-Object { $_ -notin $script:CommonParameters }) {
            $entry = $help.Parameters.Parameter | Where-Object Name -EQ $parameter
            ($entry.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$parameter needs a description"
        }
    }
}
