using System;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace CloudTrailIamTools.Cli.Tests
{
    public sealed class TestPermissionCommandTests : IDisposable
    {
        private const string User = "arn:aws:iam::111122223333:user/alice";
        private const string Trail = "arn:aws:cloudtrail:us-east-1:111122223333:trail/Main";
        private const string ReadTrails = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Read\",\"Effect\":\"Allow\",\"Action\":[\"cloudtrail:DescribeTrails\",\"cloudtrail:GetTrailStatus\"],\"Resource\":\"*\"}]}";
        private const string AllowAll = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

        private readonly string directory = Path.Combine(Path.GetTempPath(), "testperm-" + Guid.NewGuid().ToString("N"));

        public TestPermissionCommandTests()
        {
            Directory.CreateDirectory(directory);
        }

        public void Dispose() => Directory.Delete(directory, recursive: true);

        private string File(string name, string content)
        {
            string path = Path.Combine(directory, name);
            System.IO.File.WriteAllText(path, content);
            return path;
        }

        private static JsonElement[] Json(CliResult result) => result.OutputLines.Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToArray();

        private static string Request(string action, string policy = ReadTrails) =>
            "{\"Action\":\"" + action + "\",\"Principal\":\"" + User + "\",\"IdentityPolicies\":[" + policy + "]}";

        [Fact]
        public void BatchFromStandardInputAnswersEveryLineInOrderAndKeepsGoingPastBadLines()
        {
            string input = Request("cloudtrail:DescribeTrails") + "\n{\"Action\":\"cloudtrail:GetTrail\"}\n\n" + Request("cloudtrail:DeleteTrail") + "\nnot json\n";

            var result = CliRunner.Run(input, "test-permission", "--requests", "-");

            Assert.Equal(1, result.ExitCode); // Error lines were written.
            JsonElement[] lines = Json(result);
            Assert.Equal(4, lines.Length);
            Assert.Equal("Allowed", lines[0].GetProperty("Decision").GetString());
            Assert.Equal(2, lines[1].GetProperty("Line").GetInt32());
            Assert.Contains("Principal", lines[1].GetProperty("Error").GetString());
            Assert.Equal("ImplicitDeny", lines[2].GetProperty("Decision").GetString());
            Assert.Equal("cloudtrail:DeleteTrail", lines[2].GetProperty("Action").GetString());
            Assert.Equal(5, lines[3].GetProperty("Line").GetInt32());
        }

        [Fact]
        public void BatchFromAFileNamesBadPolicyElementsByPath()
        {
            string bad = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Maybe\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
            string path = File("requests.jsonl", Request("cloudtrail:DescribeTrails") + "\n" + Request("cloudtrail:DescribeTrails", bad) + "\n");

            var result = CliRunner.Run(null, "test-permission", "--requests", path);

            JsonElement[] lines = Json(result);
            Assert.Equal(2, lines.Length);
            Assert.Equal("InvalidPolicyDocument", lines[1].GetProperty("ErrorId").GetString());
            Assert.Contains("Statement[0].Effect", lines[1].GetProperty("Location").GetString());
        }

        [Fact]
        public void BatchWarnsAboutUnknownActionsFromTheCatalog()
        {
            var result = CliRunner.Run(Request("cloudtrail:DescribeTrail"), "test-permission", "--requests", "-");

            Assert.Contains("cloudtrail:DescribeTrail", Json(result)[0].GetProperty("Warnings")[0].GetString());
        }

        [Theory]
        [InlineData("--action", "cloudtrail:GetTrail")]
        [InlineData("--principal", User)]
        [InlineData("--scenario", "ViewTrails")]
        public void RequestsCannotBeMixedWithRequestOptions(string option, string value)
        {
            var result = CliRunner.Run(string.Empty, "test-permission", "--requests", "-", option, value);

            Assert.Equal(2, result.ExitCode);
            Assert.StartsWith("error: ", result.Error);
        }

        [Fact]
        public void MissingRequestsFileIsAUsageError()
        {
            var result = CliRunner.Run(null, "test-permission", "--requests", Path.Combine(directory, "absent.jsonl"));

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("absent.jsonl", result.Error);
        }

        [Fact]
        public void SingleRequestGivesOneResultPerActionAndResourceNamingThePolicyFile()
        {
            string policy = File("read.json", ReadTrails);

            var result = CliRunner.Run(null, "test-permission", "--principal", User, "--action", "cloudtrail:GetTrailStatus", "--action", "cloudtrail:StopLogging",
                "--resource", Trail, "--resource", "arn:aws:cloudtrail:us-east-1:111122223333:trail/Other", "--identity-policy", policy, "--json");

            Assert.Equal(0, result.ExitCode);
            JsonElement[] lines = Json(result);
            Assert.Equal(4, lines.Length);
            Assert.Equal(new[] { "Allowed", "Allowed", "ImplicitDeny", "ImplicitDeny" }, lines.Select(l => l.GetProperty("Decision").GetString()));
            Assert.Equal(Trail, lines[0].GetProperty("Resource").GetString());
            JsonElement statement = lines[0].GetProperty("MatchedStatements")[0];
            Assert.Equal(policy, statement.GetProperty("Policy").GetString());
            Assert.Equal("Read", statement.GetProperty("Sid").GetString());
        }

        [Fact]
        public void ScpFilesAreLevelsRootFirst()
        {
            string root = File("root.json", AllowAll);
            string account = File("account.json", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"cloudtrail:Describe*\",\"Resource\":\"*\"}]}");
            string identity = File("admin.json", AllowAll);

            var result = CliRunner.Run(null, "test-permission", "--principal", User, "--action", "cloudtrail:DescribeTrails", "--action", "cloudtrail:CreateTrail",
                "--identity-policy", identity, "--scp", root, "--scp", account, "--json");

            JsonElement[] lines = Json(result);
            Assert.Equal("Allowed", lines[0].GetProperty("Decision").GetString());
            Assert.Equal("ImplicitDeny", lines[1].GetProperty("Decision").GetString());
            Assert.Equal("ServiceControl", lines[1].GetProperty("DeniedBy")[0].GetString());
        }

        [Fact]
        public void RepeatedContextKeysBecomeMultiValuedKeys()
        {
            string policy = File("tags.json",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"cloudtrail:AddTags\",\"Resource\":\"*\"," +
                "\"Condition\":{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"team\",\"owner\"]},\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}}]}");
            string[] common = { "test-permission", "--principal", User, "--action", "cloudtrail:AddTags", "--identity-policy", policy, "--json", "--context", "aws:SourceIp=203.0.113.5" };

            var allowed = CliRunner.Run(null, common.Concat(new[] { "--context", "aws:TagKeys=team", "--context", "aws:TagKeys=owner" }).ToArray());
            var denied = CliRunner.Run(null, common.Concat(new[] { "--context", "aws:TagKeys=team", "--context", "aws:TagKeys=cost" }).ToArray());

            Assert.Equal("Allowed", Json(allowed)[0].GetProperty("Decision").GetString());
            Assert.Equal("ImplicitDeny", Json(denied)[0].GetProperty("Decision").GetString());
        }

        [Fact]
        public void ContextWithoutEqualsIsAUsageError()
        {
            var result = CliRunner.Run(null, "test-permission", "--principal", User, "--action", "cloudtrail:GetTrail", "--offline", "--context", "aws:SourceIp");

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("key=value", result.Error);
        }

        [Fact]
        public void BoundarySessionAndResourcePoliciesApply()
        {
            string identity = File("admin.json", AllowAll);
            string boundary = File("boundary.json", ReadTrails);
            string session = File("session.json", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"cloudtrail:GetTrailStatus\",\"Resource\":\"*\"}]}");
            const string Session = "arn:aws:sts::111122223333:assumed-role/Admin/alice";

            var result = CliRunner.Run(null, "test-permission", "--principal", Session, "--action", "cloudtrail:GetTrailStatus", "--action", "cloudtrail:DescribeTrails",
                "--identity-policy", identity, "--permissions-boundary", boundary, "--session-policy", session, "--json");

            JsonElement[] lines = Json(result);
            Assert.Equal("Allowed", lines[0].GetProperty("Decision").GetString());
            Assert.Equal("Session", lines[1].GetProperty("DeniedBy")[0].GetString());

            string bucketPolicy = File("bucket.json",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"cloudtrail.amazonaws.com\"},\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::logs/*\"}]}");
            var service = CliRunner.Run(null, "test-permission", "--principal", "cloudtrail.amazonaws.com", "--action", "s3:PutObject", "--resource", "arn:aws:s3:::logs/AWSLogs/x",
                "--resource-policy", bucketPolicy, "--json");
            Assert.Equal(0, service.ExitCode);
            Assert.Equal("Allowed", Json(service)[0].GetProperty("Decision").GetString());
            Assert.Equal("ResourceBased", Json(service)[0].GetProperty("AllowedBy")[0].GetString());
        }

        [Fact]
        public void PolicyFileErrorsNameTheFileAndThePath()
        {
            string bad = File("bad.json", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Colour\":\"red\"}]}");

            var result = CliRunner.Run(null, "test-permission", "--principal", User, "--action", "cloudtrail:GetTrail", "--identity-policy", bad);

            Assert.Equal(1, result.ExitCode);
            Assert.StartsWith("error: ", result.Error);
            Assert.Contains(bad, result.Error);
            Assert.Contains("Statement[0]", result.Error);
            Assert.DoesNotContain("   at ", result.Error);
        }

        [Fact]
        public void MissingPolicyFileIsAUsageError()
        {
            var result = CliRunner.Run(null, "test-permission", "--principal", User, "--action", "cloudtrail:GetTrail", "--identity-policy", Path.Combine(directory, "none.json"));

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("none.json", result.Error);
        }

        [Fact]
        public void ScenarioGivesOneVerdictAndTheMissingPolicy()
        {
            string policy = File("read.json", ReadTrails);

            var result = CliRunner.Run(null, "test-permission", "--principal", User, "--scenario", "ViewTrails", "--identity-policy", policy, "--json");

            Assert.Equal(0, result.ExitCode);
            JsonElement scenario = Assert.Single(Json(result));
            Assert.Equal("ViewTrails", scenario.GetProperty("Scenario").GetString());
            Assert.Equal("ImplicitDeny", scenario.GetProperty("Decision").GetString());
            JsonElement missing = scenario.GetProperty("MissingPermissionsPolicy");
            Assert.Equal(JsonValueKind.Object, missing.ValueKind);
            Assert.Contains("cloudtrail:GetTrail", missing.GetRawText());
            Assert.Contains(scenario.GetProperty("Results").EnumerateArray(), r => r.GetProperty("Resource").GetString() == "arn:aws:cloudtrail:us-east-1:111122223333:trail/My-Trail");
        }

        [Fact]
        public void UnknownScenarioListsTheValidNames()
        {
            var result = CliRunner.Run(null, "test-permission", "--principal", User, "--scenario", "Nope", "--offline");

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("CreateOrganizationTrail", result.Error);
        }

        [Fact]
        public void ReadableOutputExplainsTheDecision()
        {
            string policy = File("read.json", ReadTrails);

            var result = CliRunner.Run(null, "test-permission", "--principal", User, "--action", "cloudtrail:GetTrailStatus", "--action", "cloudtrail:DescribeTrail", "--identity-policy", policy);

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("Decision:    Allowed", result.Output);
            Assert.Contains("Statement:   Allow IdentityBased " + policy + " #0 (Read)", result.Output);
            Assert.Contains("Explanation:", result.Output);
            Assert.Contains("Warning:", result.Output);
        }

        [Theory]
        [InlineData("--use-simulator")]
        public void SimulatorNeedsALiveTest(string option)
        {
            string policy = File("read.json", ReadTrails);

            var result = CliRunner.Run(null, "test-permission", "--principal", User, "--action", "cloudtrail:GetTrail", "--identity-policy", policy, option);

            Assert.Equal(2, result.ExitCode);
        }

        [Fact]
        public void NothingToTestIsAUsageError()
        {
            var result = CliRunner.Run(null, "test-permission", "--principal", User);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("actions", result.Error);
        }
        [Fact]
        public void OfflineNeedsNoPolicyFilesAndNoCredentials()
        {
            var result = CliRunner.Run(null, "test-permission", "--offline", "--principal", User, "--action", "cloudtrail:GetTrail", "--json", "--profile", "no-such-profile-anywhere");

            Assert.Equal(0, result.ExitCode);
            Assert.Equal("ImplicitDeny", Json(result)[0].GetProperty("Decision").GetString());
        }

        [Fact]
        public void OfflineWithoutAPrincipalIsAUsageError()
        {
            var result = CliRunner.Run(null, "test-permission", "--offline", "--action", "cloudtrail:GetTrail");

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("needs a principal", result.Error);
        }

        [Fact]
        public void ReadableScenarioListsEachStepAndTheMissingPolicy()
        {
            var result = CliRunner.Run(null, "test-permission", "--offline", "--principal", User, "--scenario", "LookupEvents");

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("Scenario:    LookupEvents", result.Output);
            Assert.Contains("ImplicitDeny cloudtrail:LookupEvents on *", result.Output);
            Assert.Contains("Missing permissions as a policy:", result.Output);
        }

        [Fact]
        public void ResourceAccountDecidesWhetherABucketPolicyGrantsAlone()
        {
            string bucketPolicy = File("bucket.json", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + User + "\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::logs/*\"}}");
            string[] common = { "test-permission", "--offline", "--principal", User, "--action", "s3:GetObject", "--resource", "arn:aws:s3:::logs/AWSLogs/x.json.gz", "--resource-policy", bucketPolicy, "--json" };

            JsonElement sameAccount = Assert.Single(Json(CliRunner.Run(null, common)));
            JsonElement crossAccount = Assert.Single(Json(CliRunner.Run(null, common.Concat(new[] { "--resource-account", "444455556666" }).ToArray())));

            Assert.Equal("Allowed", sameAccount.GetProperty("Decision").GetString());
            Assert.Contains(sameAccount.GetProperty("Warnings").EnumerateArray(), w => w.GetString()!.Contains("ResourceAccount"));
            Assert.Equal("ImplicitDeny", crossAccount.GetProperty("Decision").GetString());
            Assert.Empty(crossAccount.GetProperty("Warnings").EnumerateArray());
        }

        [Fact]
        public void BatchWithoutErrorLinesExitsZeroEvenWhenDenied()
        {
            var result = CliRunner.Run(Request("cloudtrail:DescribeTrails") + "\n" + Request("cloudtrail:DeleteTrail") + "\n", "test-permission", "--requests", "-");

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(2, Json(result).Length);
        }

        [Fact]
        public void DiagnosisLinesFromResolveAccessErrorAreRequests()
        {
            var diagnosis = CliRunner.Run(null, "resolve-access-error", "--json",
                "User: " + User + " is not authorized to perform: cloudtrail:GetTrailStatus on resource: My-Trail");
            Assert.Equal(0, diagnosis.ExitCode);

            var result = CliRunner.Run(diagnosis.Output, "test-permission", "--requests", "-");

            Assert.Equal(0, result.ExitCode);
            JsonElement line = Assert.Single(Json(result));
            Assert.Equal("ImplicitDeny", line.GetProperty("Decision").GetString());
            Assert.Equal("cloudtrail:GetTrailStatus", line.GetProperty("Action").GetString());
            Assert.Equal(User, line.GetProperty("Principal").GetString());
            Assert.StartsWith("arn:aws:cloudtrail:", line.GetProperty("Resource").GetString());
            Assert.EndsWith(":111122223333:trail/My-Trail", line.GetProperty("Resource").GetString());
        }

        [Fact]
        public void AnUnrecognizedDiagnosisLineIsAnErrorLine()
        {
            var diagnosis = CliRunner.Run(null, "resolve-access-error", "--json", "something that is no access error");

            var result = CliRunner.Run(diagnosis.Output, "test-permission", "--requests", "-");

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("no action", Assert.Single(Json(result)).GetProperty("Error").GetString());
        }

        [Theory]
        [InlineData("cloudtrail:DescribeTrails", 0)]
        [InlineData("cloudtrail:DeleteTrail", 3)]
        public void QuietWritesNothingAndTheExitCodeSaysWhetherEverythingIsAllowed(string action, int exitCode)
        {
            string policy = File("read.json", ReadTrails);

            var single = CliRunner.Run(null, "test-permission", "--principal", User, "--action", "cloudtrail:GetTrailStatus", "--action", action, "--identity-policy", policy, "--quiet");
            var batch = CliRunner.Run(Request("cloudtrail:GetTrailStatus") + "\n" + Request(action) + "\n", "test-permission", "--requests", "-", "--quiet");

            Assert.Equal(exitCode, single.ExitCode);
            Assert.Equal(string.Empty, single.Output);
            Assert.Equal(exitCode, batch.ExitCode);
            Assert.Equal(string.Empty, batch.Output);
        }

        [Fact]
        public void QuietReportsErrorsBeforeDenials()
        {
            var result = CliRunner.Run(Request("cloudtrail:DeleteTrail") + "\nnot json\n", "test-permission", "--requests", "-", "--quiet");

            Assert.Equal(1, result.ExitCode);
        }

        [Fact]
        public void ScenarioWithTheSimulatorIsAUsageErrorBeforeAnyAwsCall()
        {
            var result = CliRunner.Run(null, "test-permission", "--principal", User, "--scenario", "CreateTrail", "--use-simulator", "--profile", "no-such-profile-anywhere");

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("scenario", result.Error);
            Assert.DoesNotContain("profile", result.Error);
        }
    }
}
