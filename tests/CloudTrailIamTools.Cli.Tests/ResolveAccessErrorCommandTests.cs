using System.IO;
using System.Linq;
using System.Text.Json;

namespace CloudTrailIamTools.Cli.Tests
{
    public sealed class ResolveAccessErrorCommandTests
    {
        private const string Guide = "User: arn:aws:iam::123456789012:user/mateojackson is not authorized to perform: cloudtrail:GetTrailStatus on resource: My-Trail";

        [Fact]
        public void JsonUsesTheCmdletPropertyNames()
        {
            var result = CliRunner.Run(null, "resolve-access-error", "--json", Guide);

            Assert.Equal(0, result.ExitCode);
            using var document = JsonDocument.Parse(Assert.Single(result.OutputLines));
            JsonElement root = document.RootElement;
            string[] contract =
            {
                "Recognized", "Kind", "ErrorCode", "Operation", "PrincipalArn", "PrincipalType", "AccountId", "PrincipalName",
                "SessionName", "Action", "Service", "ActionIsKnown", "Resource", "DenialType", "PolicyType", "PolicyArn", "Cause",
                "Remediation", "SuggestedManagedPolicies", "SuggestedPolicy", "HelpTopic", "Source",
            };
            foreach (string property in contract)
            {
                Assert.True(root.TryGetProperty(property, out _), "missing " + property);
            }

            Assert.Equal("NotAuthorized", root.GetProperty("Kind").GetString());
            Assert.Equal("User", root.GetProperty("PrincipalType").GetString());
            Assert.Equal(JsonValueKind.Null, root.GetProperty("SessionName").ValueKind);
            Assert.Equal(JsonValueKind.Object, root.GetProperty("SuggestedPolicy").ValueKind);
        }

        [Fact]
        public void RemediationIsRenderedAsCloudTrailIamCommandsNotCmdlets()
        {
            var text = CliRunner.Run(null, "resolve-access-error", Guide);
            var json = CliRunner.Run(null, "resolve-access-error", "--json", Guide);

            Assert.Equal(0, text.ExitCode);
            string output = string.Join("\n", text.OutputLines);
            Assert.Contains("cloudtrail-iam grant-permission --user-name mateojackson --action cloudtrail:GetTrailStatus --resource 'arn:aws:cloudtrail:", output);
            Assert.DoesNotContain("Grant-CloudTrailPermission", output);
            Assert.DoesNotContain("-WhatIf", output);
            using var document = JsonDocument.Parse(Assert.Single(json.OutputLines));
            JsonElement root = document.RootElement;
            Assert.Contains(root.GetProperty("Remediation").EnumerateArray(), line => line.GetString()!.Contains("cloudtrail-iam grant-permission"));
            JsonElement step = root.GetProperty("Steps").EnumerateArray().First(s => s.GetProperty("Kind").GetString() == "Grant");
            Assert.Equal("mateojackson", step.GetProperty("Identity").GetProperty("Name").GetString());
            Assert.True(root.GetProperty("GrantHelps").GetBoolean());
            Assert.Equal("cloudtrail:GetTrailStatus", root.GetProperty("SuggestedStatements")[0].GetProperty("Actions")[0].GetString());
        }

        [Fact]
        public void AwsCallsInAdviceAreWrittenAsAwsCliLinesNotCmdlets()
        {
            var result = CliRunner.Run(null, "resolve-access-error", "--json",
                "An error occurred (NoManagementAccountSLRExistsException) when calling the CreateTrail operation: The management account does not have a service-linked role.");

            Assert.Equal(0, result.ExitCode);
            using var document = JsonDocument.Parse(Assert.Single(result.OutputLines));
            string[] lines = document.RootElement.GetProperty("Remediation").EnumerateArray().Select(l => l.GetString()!).ToArray();
            Assert.Contains(lines, l => l.Contains("With the AWS CLI: aws iam create-service-linked-role --aws-service-name cloudtrail.amazonaws.com."));
            Assert.Contains(lines, l => l.Contains("With the AWS CLI: aws cloudtrail register-organization-delegated-admin --member-account-id <account-id>."));
            Assert.Contains(lines, l => l.Contains("cloudtrail-iam repair-organization-trail-slr --what-if"));
            Assert.DoesNotContain(lines, l => l.Contains("New-IAMServiceLinkedRole") || l.Contains("Register-CT") || l.Contains("-WhatIf"));
            JsonElement call = document.RootElement.GetProperty("Steps").EnumerateArray().First(s => s.GetProperty("Kind").GetString() == "CallAwsOperation").GetProperty("AwsCall");
            Assert.Equal("iam", call.GetProperty("Service").GetString());
            Assert.Equal("CreateServiceLinkedRole", call.GetProperty("Operation").GetString());
        }

        [Fact]
        public void ReadsOneMessagePerBlankLineSeparatedBlockFromStandardInputInOrder()
        {
            string input = Guide + "\n\nAccess Denied\n\n\nnothing to see here\n";

            var result = CliRunner.Run(input, "resolve-access-error", "--json");

            Assert.Equal(0, result.ExitCode);
            var kinds = result.OutputLines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("Kind").GetString()).ToArray();
            Assert.Equal(new[] { "NotAuthorized", "AccessDenied", "Unrecognized" }, kinds);
        }

        [Fact]
        public void ContinuationLinesJoinTheMessageTheyContinueAndAnOpeningStartsTheNext()
        {
            // What "aws cloudtrail create-trail ... 2>&1 | cloudtrail-iam resolve-access-error" receives from a wrapped terminal.
            string input =
                "\nAn error occurred (AccessDeniedException) when calling the CreateTrail operation: User:\n" +
                "arn:aws:iam::123456789012:user/bob is not authorized to perform:\n" +
                "cloudtrail:CreateTrail on resource: arn:aws:cloudtrail:us-east-1:123456789012:trail/t with\n" +
                "an explicit deny in a service control policy\n" +
                "User: arn:aws:iam::123456789012:user/ana is not authorized to perform: cloudtrail:GetTrailStatus\n" +
                "   \n";

            var result = CliRunner.Run(input, "resolve-access-error", "--json");

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(2, result.OutputLines.Length);
            JsonElement first = JsonDocument.Parse(result.OutputLines[0]).RootElement;
            Assert.Equal("arn:aws:iam::123456789012:user/bob", first.GetProperty("PrincipalArn").GetString());
            Assert.Equal("cloudtrail:CreateTrail", first.GetProperty("Action").GetString());
            Assert.Equal("Explicit", first.GetProperty("DenialType").GetString());
            Assert.Equal("ServiceControl", first.GetProperty("PolicyType").GetString());
            Assert.Equal("cloudtrail:GetTrailStatus", JsonDocument.Parse(result.OutputLines[1]).RootElement.GetProperty("Action").GetString());
        }

        [Fact]
        public void BlankLinesProduceNothing()
        {
            var result = CliRunner.Run("\n\n   \n\t\n", "resolve-access-error", "--json");

            Assert.Equal(0, result.ExitCode);
            Assert.Empty(result.OutputLines);
        }

        [Fact]
        public void APrettyPrintedEventIsOneInput()
        {
            string input = "{\n  \"eventVersion\": \"1.09\",\n  \"userIdentity\": {\n    \"type\": \"IAMUser\",\n    \"arn\": \"arn:aws:iam::123456789012:user/bob\",\n" +
                           "    \"accountId\": \"123456789012\"\n  },\n  \"eventSource\": \"cloudtrail.amazonaws.com\",\n  \"eventName\": \"DescribeTrails\",\n" +
                           "  \"awsRegion\": \"us-east-1\",\n  \"errorCode\": \"AccessDenied\",\n  \"errorMessage\": \"Access Denied: a } and { in a string\"\n}\n";

            var result = CliRunner.Run(input, "resolve-access-error", "--json");

            using var document = JsonDocument.Parse(Assert.Single(result.OutputLines));
            Assert.Equal("cloudtrail:DescribeTrails", document.RootElement.GetProperty("Action").GetString());
            Assert.Equal("arn:aws:iam::123456789012:user/bob", document.RootElement.GetProperty("PrincipalArn").GetString());
        }

        [Fact]
        public void AJsonLineIsOneInput()
        {
            string input = "{\"Records\":[{\"eventSource\":\"cloudtrail.amazonaws.com\",\"eventName\":\"DescribeTrails\",\"errorCode\":\"AccessDenied\",\"errorMessage\":\"Access Denied\",\"userIdentity\":{\"arn\":\"arn:aws:iam::123456789012:user/bob\"}}]}\n";

            var result = CliRunner.Run(input, "resolve-access-error", "--json");

            using var document = JsonDocument.Parse(Assert.Single(result.OutputLines));
            Assert.Equal("cloudtrail:DescribeTrails", document.RootElement.GetProperty("Action").GetString());
        }

        [Fact]
        public void TheReadableReportShowsCauseAndNumberedSteps()
        {
            var result = CliRunner.Run(null, "resolve-access-error", Guide);

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("Kind             : NotAuthorized", result.Output);
            Assert.Contains("Cause            : ", result.Output);
            Assert.Contains("  1. ", result.Output);
            Assert.Contains("Get-Help about_CloudTrailIamTools_NotAuthorized", result.Output);
        }

        [Fact]
        public void UnrecognizedInputStillExitsZero()
        {
            var result = CliRunner.Run(null, "resolve-access-error", "--json", "hello");

            Assert.Equal(0, result.ExitCode);
            Assert.False(JsonDocument.Parse(result.OutputLines[0]).RootElement.GetProperty("Recognized").GetBoolean());
        }

        [Fact]
        public void ReadsLogFilesAndReportsBadOnesWithoutStopping()
        {
            string good = Path.GetTempFileName();
            File.WriteAllText(good, "{\"Records\":[{\"eventSource\":\"cloudtrail.amazonaws.com\",\"eventName\":\"GetTrail\",\"errorCode\":\"AccessDenied\",\"errorMessage\":\"Access Denied\"}]}");
            try
            {
                var result = CliRunner.Run(null, "resolve-access-error", "--json", "--path", "/nonexistent/x.json", "--path", good);

                Assert.Equal(2, result.ExitCode);
                Assert.Contains("/nonexistent/x.json", result.Error);
                Assert.DoesNotContain("   at ", result.Error);
                Assert.Single(result.OutputLines);
            }
            finally
            {
                File.Delete(good);
            }
        }

        [Fact]
        public void UnknownOptionsAreUsageErrors()
        {
            var result = CliRunner.Run(null, "resolve-access-error", "--frobnicate");

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("--frobnicate", result.Error);
        }
    }
}
