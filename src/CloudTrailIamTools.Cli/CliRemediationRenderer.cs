using System.Linq;
using CloudTrailIamTools.Core.Diagnostics;
using CloudTrailIamTools.Core.Grants;

namespace CloudTrailIamTools.Cli
{
    /// <summary>Renders remediation steps for CLI users: the step's words, then the cloudtrail-iam line that does it.</summary>
    internal sealed class CliRemediationRenderer : IRemediationRenderer
    {
        public static CliRemediationRenderer Instance { get; } = new CliRemediationRenderer();

        public string Render(RemediationStep step)
        {
            string? command = step.Kind switch
            {
                RemediationStepKind.Grant when step.Identity is GrantTarget target =>
                    "cloudtrail-iam grant-permission " + Target(target) + (step.Scenario is not null
                        ? " --scenario " + step.Scenario
                        : string.Concat(step.Actions.Select(a => " --action " + a)) + string.Concat(step.Resources.Select(r => " --resource " + Quote(r)))) +
                    " --what-if, then without --what-if",
                RemediationStepKind.RepairOrganizationTrail => "cloudtrail-iam repair-organization-trail-slr --what-if, then without --what-if",
                RemediationStepKind.TestPermission => "cloudtrail-iam test-permission" +
                    (step.Scenario is not null ? " --scenario " + step.Scenario : string.Concat(step.Actions.Select(a => " --action " + a))),
                RemediationStepKind.ReadHelpTopic when step.HelpTopic is not null => "see " + step.HelpTopic + " in the module's help (en-US folder)",
                RemediationStepKind.SetUpCrossAccountRole => "cloudtrail-iam grant-cross-account-role --trusted-account-id <account-id> --what-if",
                RemediationStepKind.DecodeMessage => "cloudtrail-iam resolve-access-error --decode",
                _ => null,
            };
            return command is null ? step.Text : step.Text + " With the CLI: " + command + ".";
        }

        private static string Target(GrantTarget target) => target.PrincipalType switch
        {
            GrantPrincipalType.User => "--user-name " + target.Name,
            GrantPrincipalType.Role => "--role-name " + target.Name,
            _ => "--group-name " + target.Name,
        };

        // Single quotes keep $ and * from the shell; a quote inside is closed, escaped and reopened.
        private static string Quote(string value) => "'" + value.Replace("'", "'\\''") + "'";
    }
}
