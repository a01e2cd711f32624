using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using CloudTrailIamTools.IntegrationTests.Infrastructure;

namespace CloudTrailIamTools.Cli.Tests
{
    /// <summary>Starts moto and points the CLI's environment credentials at it (the CLI reads AWS_* like the aws CLI).</summary>
    public sealed class CliMotoFixture : IAsyncLifetime
    {
        public MotoServerFixture Moto { get; } = new MotoServerFixture();

        public async Task InitializeAsync()
        {
            await Moto.InitializeAsync();
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", MotoServerFixture.AccessKey);
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", MotoServerFixture.SecretKey);
            Environment.SetEnvironmentVariable("AWS_REGION", MotoServerFixture.Region);
            Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", "/nonexistent/aws-config");
            Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials");
            Environment.SetEnvironmentVariable("AWS_PROFILE", null);
        }

        public Task DisposeAsync() => Moto.DisposeAsync();
    }

    public sealed class GrantCommandsMotoTests : IClassFixture<CliMotoFixture>
    {
        private readonly MotoServerFixture _moto;

        public GrantCommandsMotoTests(CliMotoFixture fixture)
        {
            _moto = fixture.Moto;
        }

        private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N").Substring(0, 10);

        private CliResult Run(params string[] args) => CliRunner.Run(null, args.Concat(new[] { "--endpoint-url", _moto.EndpointUrl }).ToArray());

        private static JsonElement Json(CliResult result) => JsonDocument.Parse(Assert.Single(result.OutputLines)).RootElement;

        [Fact]
        public void AccessLevelAttachesThenReportsUnchangedWithTheCmdletPropertyNames()
        {
            string user = Unique("cli-user");
            _moto.AwsCli("iam", "create-user", "--user-name", user);

            var first = Run("grant-permission", "--user-name", user, "--access-level", "readonly", "--json");
            var second = Run("grant-permission", "--user-name", user, "--access-level", "ReadOnly", "--json");

            Assert.Equal(0, first.ExitCode);
            JsonElement attached = Json(first);
            foreach (string property in new[] { "PrincipalType", "PrincipalName", "PrincipalArn", "Change", "PolicyType", "PolicyArn", "PolicyName", "Document", "PreviousDocument", "Actions", "Description" })
            {
                Assert.True(attached.TryGetProperty(property, out _), "missing " + property);
            }

            Assert.Equal("Attached", attached.GetProperty("Change").GetString());
            Assert.Equal("arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess", attached.GetProperty("PolicyArn").GetString());
            Assert.Equal(JsonValueKind.Object, attached.GetProperty("Document").ValueKind);
            Assert.Equal("Unchanged", Json(second).GetProperty("Change").GetString());
            Assert.Contains("AWSCloudTrail_ReadOnlyAccess", _moto.AwsCli("iam", "list-attached-user-policies", "--user-name", user));
        }

        [Fact]
        public void ResolvedDiagnosesPipeIntoGrantPermission()
        {
            string user = Unique("cli-pipe");
            _moto.AwsCli("iam", "create-user", "--user-name", user);
            string account = MotoServerFixture.AccountId;
            var resolved = CliRunner.Run(
                "User: arn:aws:iam::" + account + ":user/" + user + " is not authorized to perform: cloudtrail:GetTrailStatus on resource: arn:aws:cloudtrail:us-east-1:" + account + ":trail/Audit\n" +
                "User: arn:aws:iam::" + account + ":user/" + user + " is not authorized to perform: cloudtrail:LookupEvents\n",
                "resolve-access-error", "--json");
            Assert.Equal(2, resolved.OutputLines.Length);

            var preview = CliRunner.Run(string.Join("\n", resolved.OutputLines), "grant-permission", "--diagnoses", "-", "--what-if", "--json", "--endpoint-url", _moto.EndpointUrl);
            var granted = CliRunner.Run(string.Join("\n", resolved.OutputLines), "grant-permission", "--diagnoses", "-", "--json", "--endpoint-url", _moto.EndpointUrl);

            Assert.Equal(0, preview.ExitCode);
            Assert.All(preview.OutputLines, line => Assert.Equal("WouldChange", JsonDocument.Parse(line).RootElement.GetProperty("Change").GetString()));
            Assert.Equal(0, granted.ExitCode);
            string policy = _moto.AwsCli("iam", "get-user-policy", "--user-name", user, "--policy-name", "CloudTrailIamTools-Grant");
            Assert.Contains("cloudtrail:GetTrailStatus", policy);
            Assert.Contains("cloudtrail:LookupEvents", policy);
            Assert.Contains("trail/Audit", policy);
        }

        [Fact]
        public void WhatIfPrintsTheDocumentAndChangesNothingThenTheGrantIsPut()
        {
            string role = Unique("cli-role");
            _moto.AwsCli("iam", "create-role", "--role-name", role, "--assume-role-policy-document",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}");

            var preview = Run("grant-permission", "--role-name", role, "--scenario", "ConfigureCloudWatchLogs", "--what-if");
            string afterPreview = _moto.AwsCli("iam", "list-role-policies", "--role-name", role);
            var put = Run("grant-permission", "--role-name", role, "--scenario", "ConfigureCloudWatchLogs", "--json");

            Assert.Equal(0, preview.ExitCode);
            Assert.StartsWith("WouldChange  role/" + role + "  CloudTrailIamTools-Grant (inline)", preview.Output);
            Assert.Contains("iam:PassedToService", preview.Output);
            Assert.DoesNotContain("CloudTrailIamTools-Grant", afterPreview);
            Assert.Equal("PutInline", Json(put).GetProperty("Change").GetString());
            Assert.Contains("CloudTrailIamTools-Grant", _moto.AwsCli("iam", "list-role-policies", "--role-name", role));
        }

        [Fact]
        public void ErrorTextGrantsExactlyTheDeniedAction()
        {
            string user = Unique("cli-diag");
            _moto.AwsCli("iam", "create-user", "--user-name", user);
            string message = $"User: arn:aws:iam::{MotoServerFixture.AccountId}:user/{user} is not authorized to perform: cloudtrail:LookupEvents because no identity-based policy allows the cloudtrail:LookupEvents action";

            var result = Run("grant-permission", "--error", message, "--json");

            Assert.Equal(0, result.ExitCode);
            JsonElement granted = Json(result);
            Assert.Equal("PutInline", granted.GetProperty("Change").GetString());
            Assert.Equal(new[] { "cloudtrail:LookupEvents" }, granted.GetProperty("Actions").EnumerateArray().Select(a => a.GetString()));
        }

        [Fact]
        public void ARefusedErrorIsReportedAndTheOtherErrorsAreStillGranted()
        {
            string user = Unique("cli-diags");
            _moto.AwsCli("iam", "create-user", "--user-name", user);
            string denied = $"User: arn:aws:iam::{MotoServerFixture.AccountId}:user/{user} is not authorized to perform: cloudtrail:StopLogging on resource: arn:aws:cloudtrail:us-east-1:{MotoServerFixture.AccountId}:trail/main with an explicit deny in a service control policy";
            string missing = $"User: arn:aws:iam::{MotoServerFixture.AccountId}:user/{user} is not authorized to perform: cloudtrail:LookupEvents because no identity-based policy allows the cloudtrail:LookupEvents action";

            var result = Run("grant-permission", "--error", denied, "--error", missing, "--json");

            Assert.Equal(1, result.ExitCode);
            Assert.StartsWith("error: Not granting", result.Error);
            Assert.Contains("service control policy", result.Error);
            JsonElement granted = Json(result);
            Assert.Equal("PutInline", granted.GetProperty("Change").GetString());
            Assert.Equal(new[] { "cloudtrail:LookupEvents" }, granted.GetProperty("Actions").EnumerateArray().Select(a => a.GetString()));
        }

        [Fact]
        public void CrossAccountRolePreviewCreateUnchangedRefuseAndForce()
        {
            string role = Unique("cli-reader");

            var preview = Run("grant-cross-account-role", "--trusted-account-id", "111122223333", "--role-name", role, "--log-bucket-name", "central-logs", "--what-if");
            Assert.Equal(0, preview.ExitCode);
            Assert.StartsWith("WouldChange  arn:aws:iam::" + MotoServerFixture.AccountId + ":role/" + role, preview.Output);
            Assert.Contains("Trust policy: {", preview.Output);
            Assert.Contains("AWSLogs/111122223333/*", preview.Output);
            Assert.Contains("Assume with AWS.Tools: (Use-STSRole", preview.Output);
            Assert.Contains("Assume with the aws CLI: aws sts assume-role", preview.Output);
            Assert.Throws<InvalidOperationException>(() => _moto.AwsCli("iam", "get-role", "--role-name", role));

            var created = Run("grant-cross-account-role", "--trusted-account-id", "111122223333", "--role-name", role, "--log-bucket-name", "central-logs", "--json");
            Assert.Equal(0, created.ExitCode);
            JsonElement result = Json(created);
            Assert.Equal("Created", result.GetProperty("Change").GetString());
            Assert.Equal(JsonValueKind.Object, result.GetProperty("TrustPolicy").ValueKind);
            Assert.Equal(JsonValueKind.Object, result.GetProperty("PermissionPolicy").ValueKind);
            Assert.Equal(JsonValueKind.Object, result.GetProperty("TrustedAccountPolicy").ValueKind);

            var unchanged = Run("grant-cross-account-role", "--trusted-account-id", "111122223333", "--role-name", role, "--log-bucket-name", "central-logs", "--json");
            Assert.Equal("Unchanged", Json(unchanged).GetProperty("Change").GetString());

            var refused = Run("grant-cross-account-role", "--trusted-account-id", "444455556666", "--role-name", role, "--log-bucket-name", "central-logs");
            Assert.Equal(1, refused.ExitCode);
            Assert.StartsWith("error: Role ", refused.Error);
            Assert.Contains("Trust policy differs", refused.Error);
            Assert.Contains("111122223333", _moto.AwsCli("iam", "get-role", "--role-name", role));

            var forced = Run("grant-cross-account-role", "--trusted-account-id", "444455556666", "--role-name", role, "--log-bucket-name", "central-logs", "--force", "--json");
            Assert.Equal("Updated", Json(forced).GetProperty("Change").GetString());
            Assert.Contains("444455556666", _moto.AwsCli("iam", "get-role", "--role-name", role));
        }
    }
}
