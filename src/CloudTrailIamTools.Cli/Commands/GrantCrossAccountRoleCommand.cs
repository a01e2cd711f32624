using System;
using System.CommandLine;
using System.IO;
using System.Text.Json;
using CloudTrailIamTools.Core;
using CloudTrailIamTools.Core.Aws;
using CloudTrailIamTools.Core.Grants;
using CloudTrailIamTools.Core.Serialization;

namespace CloudTrailIamTools.Cli.Commands
{
    /// <summary>grant-cross-account-role: the CLI twin of Grant-CloudTrailCrossAccountRole.</summary>
    internal static class GrantCrossAccountRoleCommand
    {
        public static Command Create(CliConsole console)
        {
            var trusted = new Option<string[]>("--trusted-account-id") { Description = "A 12-digit account ID whose users may assume the role; repeatable.", Required = true };
            var roleName = new Option<string?>("--role-name") { Description = "The role's name (default " + CrossAccountRoleRequest.DefaultRoleName + ")." };
            var externalId = new Option<string?>("--external-id") { Description = "Require this sts:ExternalId when the role is assumed." };
            var thirdParty = new Option<bool>("--third-party") { Description = "The trusted account is a third party serving several customers; requires --external-id." };
            var requireMfa = new Option<bool>("--require-mfa") { Description = "Require MFA (aws:MultiFactorAuthPresent) when the role is assumed." };
            var maxSession = new Option<int?>("--max-session-duration") { Description = "Maximum session length in seconds, 3600 to 43200; a role of ours with another value is updated with --force." };
            var bucket = new Option<string?>("--log-bucket-name") { Description = "Let each trusted account read its own log files in this bucket." };
            var prefix = new Option<string?>("--log-prefix") { Description = "The trail's S3 key prefix in the bucket, if it has one." };
            var organization = new Option<string?>("--organization-id") { Description = "The organization ID (o-...) when the bucket holds an organization trail's logs." };
            var kmsKey = new Option<string?>("--kms-key-arn") { Description = "Allow kms:Decrypt on this key, when the log files are SSE-KMS encrypted." };
            var force = new Option<bool>("--force") { Description = "Update an existing role this tool created that differs (trust policy and our inline policy only)." };
            var whatIf = new Option<bool>("--what-if") { Description = "Show the role and both documents; change nothing." };
            var json = new Option<bool>("--json") { Description = "Write the result as one JSON object with the cmdlet's property names." };
            var aws = new AwsOptions();

            var command = new Command("grant-cross-account-role", "Create a read-only role other accounts can assume to read CloudTrail data and their own log files.");
            foreach (Option option in new Option[] { trusted, roleName, externalId, thirdParty, requireMfa, maxSession, bucket, prefix, organization, kmsKey, force, whatIf, json })
            {
                command.Options.Add(option);
            }

            aws.AddTo(command);
            command.SetAction(parse =>
            {
                CrossAccountRoleRequest request;
                try
                {
                    // Everything is checked before credentials are even resolved: an unsafe trust never reaches AWS.
                    request = new CrossAccountRoleRequest(
                        parse.GetValue(trusted) ?? Array.Empty<string>(), parse.GetValue(roleName), parse.GetValue(externalId), parse.GetValue(thirdParty),
                        parse.GetValue(requireMfa), parse.GetValue(maxSession), parse.GetValue(bucket), parse.GetValue(prefix), parse.GetValue(organization),
                        parse.GetValue(kmsKey));
                }
                catch (InvalidInputException invalid)
                {
                    throw new CliUsageException(invalid.Message);
                }

                ResolvedAwsConnection connection = aws.Resolve(parse);
                using IamClient iam = connection.CreateIamClient();
                using StsClient sts = connection.CreateStsClient();
                var granter = new CrossAccountRoleGranter(iam, sts);
                CrossAccountRolePlan plan = granter.PlanAsync(request).GetAwaiter().GetResult();
                foreach (string note in plan.Notes)
                {
                    console.Error.WriteLine("warning: " + note);
                }

                CrossAccountRoleResult result = parse.GetValue(whatIf)
                    ? Preview(plan, parse.GetValue(force))
                    : granter.ApplyAsync(plan, parse.GetValue(force)).GetAwaiter().GetResult();
                Write(console.Output, result, parse.GetValue(json));
                return CliApplication.ExitSuccess;
            });
            return command;
        }

        private static CrossAccountRoleResult Preview(CrossAccountRolePlan plan, bool force)
        {
            if (!plan.NeedsChange)
            {
                return plan.ToResult(CrossAccountRoleChange.Unchanged);
            }

            CrossAccountRoleGranter.ThrowIfConflict(plan, force);
            return plan.ToResult(CrossAccountRoleChange.WouldChange);
        }

        private static void Write(TextWriter output, CrossAccountRoleResult result, bool json)
        {
            if (json)
            {
                output.WriteLine(JsonSerializer.Serialize(result, CoreJson.Output));
                return;
            }

            output.WriteLine(result.Change + "  " + result.RoleArn);
            output.WriteLine("Trusted accounts: " + string.Join(", ", result.TrustedAccountIds) +
                             (result.ExternalIdRequired ? " (external ID required)" : string.Empty) + (result.MfaRequired ? " (MFA required)" : string.Empty));
            foreach (string difference in result.Differences)
            {
                output.WriteLine("Difference: " + difference);
            }

            output.WriteLine("Trust policy: " + result.TrustPolicy);
            output.WriteLine("Permission policy (" + result.PermissionPolicyName + "): " + result.PermissionPolicy);
            output.WriteLine("Policy each trusted account gives its users: " + result.TrustedAccountPolicy);
            output.WriteLine("Assume with AWS.Tools: " + result.PowerShellCommand);
            output.WriteLine("Assume with the aws CLI: " + result.AwsCliCommand);
        }
    }
}
