using System.Collections.Generic;
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
            string rendered = command is null ? step.Text : step.Text + " With this module: " + command + ".";
            return step.AwsCall is AwsOperationCall call && AwsToolsCmdlets.TryGetValue(call.ActionName, out string? cmdlet)
                ? rendered + " With AWS.Tools: " + cmdlet + string.Concat(call.Parameters.Select(p => " -" + p.Key + " " + QuoteIfNeeded(p.Value))) + "."
                : rendered;
        }

        // The AWS.Tools cmdlet for each AWS operation the core's advice names; their parameters carry the API's names.
        private static readonly Dictionary<string, string> AwsToolsCmdlets = new Dictionary<string, string>(System.StringComparer.OrdinalIgnoreCase)
        {
            ["iam:CreateServiceLinkedRole"] = "New-IAMServiceLinkedRole",
            ["iam:DeleteServiceLinkedRole"] = "Remove-IAMServiceLinkedRole",
            ["iam:UpdateAssumeRolePolicy"] = "Update-IAMAssumeRolePolicy",
            ["sts:GetCallerIdentity"] = "Get-STSCallerIdentity",
            ["sts:DecodeAuthorizationMessage"] = "Convert-STSAuthorizationMessage",
            ["cloudtrail:LookupEvents"] = "Get-CTEvent",
            ["cloudtrail:RegisterOrganizationDelegatedAdmin"] = "Register-CTOrganizationDelegatedAdmin",
            ["cloudtrail:DeregisterOrganizationDelegatedAdmin"] = "Unregister-CTOrganizationDelegatedAdmin",
            ["organizations:EnableAWSServiceAccess"] = "Enable-ORGAWSServiceAccess",
            ["organizations:EnableAllFeatures"] = "Enable-ORGAllFeature",
            ["organizations:CreateOrganization"] = "New-ORGOrganization",
            ["organizations:ListAccounts"] = "Get-ORGAccountList",
        };

        // Placeholders such as <account-id> stay as they are; other values are quoted when they would split.
        private static string QuoteIfNeeded(string value) =>
            value.StartsWith("<", System.StringComparison.Ordinal) || value.All(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or ':' or '/')
                ? value
                : Quote(value);

        private static string Target(GrantTarget target) => target.PrincipalType switch
        {
            GrantPrincipalType.User => "-UserName " + target.Name,
            GrantPrincipalType.Role => "-RoleName " + target.Name,
            _ => "-GroupName " + target.Name,
        };

        private static string Quote(string value) => "'" + value.Replace("'", "''") + "'";
    }
}
