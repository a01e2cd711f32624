# TEST-ONLY stand-in for AWS.Tools.Common 5.0.0, which cannot be installed on the build machines.
# It does what CloudTrailIamTools needs from the real module: load AWSSDK.Core and AWSSDK.SecurityToken (v4)
# once, so the module's RequiredModules is satisfied and its cmdlets bind to those assemblies.
# Never shipped: the build copies it with the two dlls into out/test-modules, which only the tests put on PSModulePath.
@{
    ModuleVersion      = '5.0.0'
    GUID               = 'e5b05bf3-9eee-47b2-81f2-41ddc0501b86'
    Author             = 'CloudTrailIamTools tests'
    Description        = 'Test-only stand-in for AWS.Tools.Common 5.0.0 (loads AWSSDK.Core and AWSSDK.SecurityToken).'
    CompatiblePSEditions = @('Core', 'Desktop')
    PowerShellVersion  = '5.1'
    RequiredAssemblies = @('AWSSDK.Core.dll', 'AWSSDK.SecurityToken.dll')
    CmdletsToExport    = @()
    FunctionsToExport  = @()
    VariablesToExport  = @()
    AliasesToExport    = @()
}
