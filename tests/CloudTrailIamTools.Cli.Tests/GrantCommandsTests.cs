using System.Linq;
using System.Text.Json;

namespace CloudTrailIamTools.Cli.Tests
{
    /// <summary>grant-permission and grant-cross-account-role option checks that end before any AWS call.</summary>
    public sealed class GrantCommandsTests
    {
        // A closed port: a command that got as far as calling AWS would fail with a connection error, not the one asserted.
        private const string Nowhere = "http://127.0.0.1:9";

        [Theory]
        [InlineData("--access-level", "ReadOnly")]
        [InlineData("--user-name", "ana", "--role-name", "ops", "--access-level", "ReadOnly")]
        [InlineData("--user-name", "ana")]
        [InlineData("--user-name", "ana", "--access-level", "ReadOnly", "--scenario", "ViewTrails")]
        [InlineData("--user-name", "ana", "--resource", "*", "--scenario", "ViewTrails")]
        [InlineData("--user-name", "ana", "--action", "cloudtrail:*", "--resource", "*")]
        [InlineData("--user-name", "ana", "--action", "cloudtrail:GetTrailStatus")]
        [InlineData("--user-name", "arn:aws:iam::123456789012:user/ana", "--access-level", "ReadOnly")]
        [InlineData("--user-name", "ana", "--scenario", "BakeACake")]
        [InlineData("--error", "User: arn:aws:iam::123456789012:user/ana is not authorized to perform: cloudtrail:LookupEvents", "--access-level", "ReadOnly")]
        [InlineData("--user-name", "ana", "--access-level", "Everything")]
        public void BadCombinationsAreUsageErrors(params string[] options)
        {
            var result = CliRunner.Run(null, new[] { "grant-permission", "--endpoint-url", Nowhere }.Concat(options).ToArray());

            Assert.Equal(2, result.ExitCode);
            Assert.StartsWith("error: ", result.Error);
            Assert.Equal(string.Empty, result.Output);
        }

        [Fact]
        public void DiagnosesFromStandardInputAreReadAsFactsAndRefusedOneByOneBeforeAnyCall()
        {
            // resolve-access-error --json | grant-permission --diagnoses -: each line is worked out again; refusals need no AWS call.
            string explicitDeny = CliRunner.Run(null, "resolve-access-error", "--json",
                "User: arn:aws:iam::123456789012:user/ana is not authorized to perform: cloudtrail:LookupEvents with an explicit deny in a service control policy").OutputLines.Single();
            string escalation = CliRunner.Run(null, "resolve-access-error", "--json",
                "User: arn:aws:iam::123456789012:user/ana is not authorized to perform: iam:AttachUserPolicy on resource: arn:aws:iam::123456789012:user/ana").OutputLines.Single();
            // A line that claims statements of its own: they are ignored, the facts decide.
            string forged = escalation.Replace("\"GrantHelps\":false", "\"GrantHelps\":true");
            string input = explicitDeny + "\n\nnot json\n" + forged + "\n";

            var result = CliRunner.Run(input, "grant-permission", "--endpoint-url", Nowhere, "--diagnoses", "-", "--what-if");

            Assert.Equal(1, result.ExitCode);
            Assert.Equal(string.Empty, result.Output);
            Assert.Contains("service control policy", result.Error);
            Assert.Contains("standard input line 3 is not JSON", result.Error);
            Assert.Contains("iam:AttachUserPolicy", result.Error);
            Assert.DoesNotContain("connection", result.Error, System.StringComparison.OrdinalIgnoreCase);
        }

        [Fact]
        public void DiagnosesCannotBeCombinedWithWhatToGrant()
        {
            var result = CliRunner.Run("", "grant-permission", "--endpoint-url", Nowhere, "--diagnoses", "-", "--scenario", "ViewTrails");

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("--diagnoses", result.Error);
        }

        [Theory]
        [InlineData("cloudtrail:GetTrailStatuss", "Did you mean cloudtrail:GetTrailStatus")]
        public void UnknownActionIsRefusedWithTheReason(string action, string expected)
        {
            var result = CliRunner.Run(null, "grant-permission", "--endpoint-url", Nowhere, "--user-name", "ana", "--action", action, "--resource", "*");

            Assert.Equal(1, result.ExitCode);
            Assert.Contains(expected, result.Error);
            Assert.DoesNotContain("   at ", result.Error);
        }

        [Theory]
        [InlineData("with an explicit deny in a service control policy", "service control policy")]
        [InlineData("because no permissions boundary allows the cloudtrail:StopLogging action", "permissions boundary")]
        [InlineData("with an explicit deny in an identity-based policy", "explicitly denies")]
        public void DiagnosesAGrantCannotFixAreRefusedBeforeAnyCall(string because, string expected)
        {
            string message = "User: arn:aws:iam::123456789012:user/ana is not authorized to perform: cloudtrail:StopLogging on resource: arn:aws:cloudtrail:us-east-1:123456789012:trail/main " + because;

            var result = CliRunner.Run(null, "grant-permission", "--endpoint-url", Nowhere, "--error", message);

            Assert.Equal(1, result.ExitCode);
            Assert.StartsWith("error: Not granting", result.Error);
            Assert.Contains(expected, result.Error);
        }

        [Theory]
        [InlineData("*", "wildcard")]
        [InlineData("o-abcdef1234", "organization")]
        public void UnsafeTrustIsRefusedBeforeAnyCall(string principal, string expected)
        {
            var result = CliRunner.Run(null, "grant-cross-account-role", "--endpoint-url", Nowhere, "--trusted-account-id", "111122223333", "--trusted-account-id", principal);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains(expected, result.Error);
            Assert.Equal(string.Empty, result.Output);
        }

        [Theory]
        [InlineData("--trusted-account-id", "11112222333")]
        [InlineData("--trusted-account-id", "arn:aws:iam::111122223333:root")]
        [InlineData("--trusted-account-id", "111122223333", "--third-party")]
        [InlineData("--trusted-account-id", "111122223333", "--max-session-duration", "60")]
        [InlineData("--trusted-account-id", "111122223333", "--log-prefix", "trails")]
        [InlineData("--trusted-account-id", "111122223333", "--log-bucket-name", "logs", "--kms-key-arn", "alias/trail")]
        [InlineData("--role-name", "reader")]
        public void BadCrossAccountOptionsAreUsageErrors(params string[] options)
        {
            var result = CliRunner.Run(null, new[] { "grant-cross-account-role", "--endpoint-url", Nowhere }.Concat(options).ToArray());

            Assert.Equal(2, result.ExitCode);
            Assert.StartsWith("error: ", result.Error);
        }

        [Theory]
        [InlineData("--third-party needs --external-id", "--third-party")]
        [InlineData("--log-prefix and --organization-id describe where log files are in a bucket; give --log-bucket-name too.", "--log-prefix", "trails")]
        [InlineData("--log-prefix is the trail's S3 key prefix", "--log-bucket-name", "logs-bucket", "--log-prefix", "AWSLogs/*")]
        [InlineData("its own --role-name.", "--trusted-account-id", "444455556666", "--log-bucket-name", "logs-bucket")]
        public void CrossAccountMessagesNameTheCliOptions(string expected, params string[] options)
        {
            var result = CliRunner.Run(null, new[] { "grant-cross-account-role", "--endpoint-url", Nowhere, "--trusted-account-id", "111122223333" }.Concat(options).ToArray());

            Assert.Equal(2, result.ExitCode);
            Assert.Contains(expected, result.Error);
            Assert.DoesNotMatch("(^|[ (])-[A-Z]", result.Error);
        }

        [Fact]
        public void HelpListsTheOptions()
        {
            var permission = CliRunner.Run(null, "grant-permission", "--help");
            var role = CliRunner.Run(null, "grant-cross-account-role", "--help");

            foreach (string option in new[] { "--user-name", "--role-name", "--group-name", "--access-level", "--action", "--resource", "--scenario", "--what-if", "--json", "--profile", "--region", "--endpoint-url" })
            {
                Assert.Contains(option, permission.Output);
            }

            foreach (string option in new[] { "--trusted-account-id", "--role-name", "--external-id", "--third-party", "--require-mfa", "--max-session-duration", "--log-bucket-name", "--log-prefix", "--organization-id", "--kms-key-arn", "--force", "--what-if", "--json" })
            {
                Assert.Contains(option, role.Output);
            }
        }
    }
}
