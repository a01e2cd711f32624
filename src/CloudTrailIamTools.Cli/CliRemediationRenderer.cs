using System.Linq;
using System.Text;
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
            string rendered = command is null ? step.Text : step.Text + " With the CLI: " + command + ".";
            return step.AwsCall is AwsOperationCall call
                ? rendered + " With the AWS CLI: " + AwsCliLine(call) + "."
                : rendered;
        }

        /// <summary>The aws CLI line for an API call: its commands and options are the API names in kebab case.</summary>
        internal static string AwsCliLine(AwsOperationCall call) =>
            "aws " + call.Service + " " + Kebab(call.Operation) +
            string.Concat(call.Parameters.Select(p => " --" + Kebab(p.Key) + " " + QuoteIfNeeded(p.Value)));

        // Placeholders such as <account-id> stay as they are; other values are quoted when the shell would split or expand them.
        private static string QuoteIfNeeded(string value) =>
            value.StartsWith("<", System.StringComparison.Ordinal) || value.All(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or ':' or '/')
                ? value
                : Quote(value);

        // CreateServiceLinkedRole -> create-service-linked-role; an acronym stays one word: EnableAWSServiceAccess -> enable-aws-service-access.
        private static string Kebab(string name)
        {
            var text = new StringBuilder(name.Length + 8);
            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                bool wordStart = i > 0 && char.IsUpper(c) &&
                    (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1])));
                if (wordStart)
                {
                    text.Append('-');
                }

                text.Append(char.ToLowerInvariant(c));
            }

            return text.ToString();
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
