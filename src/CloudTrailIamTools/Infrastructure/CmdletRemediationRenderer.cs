using System.Linq;
using CloudTrailIamTools.Core.Diagnostics;
using CloudTrailIamTools.Core.Grants;

namespace CloudTrailIamTools.Infrastructure
{
    /// <summary>Renders remediation steps for PowerShell users: the step's words, then the cmdlet line that does it.</summary>
    internal sealed class CmdletRemediationRenderer : IRemediationRenderer
    {
        public static CmdletRemediationRenderer Instance { get; } = new CmdletRemediationRenderer();

        public string Render(RemediationStep step)
        {
            string? command = step.Kind switch
            {
                RemediationStepKind.Grant when step.Identity is GrantTarget target =>
                    "Grant-CloudTrailPermission " + Target(target) + (step.Scenario is not null
                        ? " -Scenario " + step.Scenario
                        : " -Action " + string.Join(",", step.Actions) + " -Resource " + string.Join(",", step.Resources.Select(Quote))) +
                    " -WhatIf, then without -WhatIf",
                RemediationStepKind.RepairOrganizationTrail => "Repair-OrganizationTrailSlr -WhatIf, then without -WhatIf",
                RemediationStepKind.TestPermission => "Test-CloudTrailPermission" +
                    (step.Scenario is not null ? " -Scenario " + step.Scenario : step.Actions.Count > 0 ? " -Action " + string.Join(",", step.Actions) : string.Empty),
                RemediationStepKind.ReadHelpTopic when step.HelpTopic is not null => "Get-Help " + step.HelpTopic,
                RemediationStepKind.SetUpCrossAccountRole => "Grant-CloudTrailCrossAccountRole -TrustedAccountId <account-id> -WhatIf",
                RemediationStepKind.DecodeMessage => "Resolve-CloudTrailAccessError -Decode",
                _ => null,
            };
            return command is null ? step.Text : step.Text + " With this module: " + command + ".";
        }

        private static string Target(GrantTarget target) => target.PrincipalType switch
        {
            GrantPrincipalType.User => "-UserName " + target.Name,
            GrantPrincipalType.Role => "-RoleName " + target.Name,
            _ => "-GroupName " + target.Name,
        };

        private static string Quote(string value) => "'" + value.Replace("'", "''") + "'";
    }
}
