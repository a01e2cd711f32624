using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.Json;
using CloudTrailIamTools.Cli;
using CloudTrailIamTools.IntegrationTests.Infrastructure;

namespace CloudTrailIamTools.IntegrationTests
{
    /// <summary>The CLI's live forms in-process: credentials from the standard AWS environment variables, --endpoint-url to moto or the stub.</summary>
    [Collection(MotoCollection.Name)]
    public sealed class CliLiveTests
    {
        private const string Account = MotoServerFixture.AccountId;
        private readonly MotoServerFixture _moto;

        static CliLiveTests()
        {
            // The CLI reads credentials as the AWS CLI does; nothing else in this assembly reads the process environment.
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", MotoServerFixture.AccessKey);
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", MotoServerFixture.SecretKey);
            Environment.SetEnvironmentVariable("AWS_REGION", MotoServerFixture.Region);
            Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", "/nonexistent/aws-config");
            Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials");
        }

        public CliLiveTests(MotoServerFixture moto)
        {
            _moto = moto;
        }

        private static (int ExitCode, string[] Lines, string Error) Cli(string? input, params string[] args)
        {
            var output = new StringWriter();
            var error = new StringWriter();
            int exitCode = CliApplication.Run(args, new StringReader(input ?? string.Empty), output, error);
            return (exitCode, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), error.ToString());
        }

        [Fact]
        public void TestPermissionLiveGivesOneResultPerActionAndResourceWithPolicyNames()
        {
            string user = "cli-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            _moto.AwsCli("iam", "create-user", "--user-name", user);
            _moto.AwsCli("iam", "put-user-policy", "--user-name", user, "--policy-name", "status",
                "--policy-document", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Status\",\"Effect\":\"Allow\",\"Action\":\"cloudtrail:GetTrailStatus\",\"Resource\":\"*\"}]}");

            var result = Cli(null, "test-permission", "--principal", $"arn:aws:iam::{Account}:user/{user}", "--action", "cloudtrail:GetTrailStatus", "--action", "cloudtrail:StopLogging",
                "--resource", $"arn:aws:cloudtrail:us-east-1:{Account}:trail/a", "--resource", $"arn:aws:cloudtrail:us-east-1:{Account}:trail/b",
                "--endpoint-url", _moto.EndpointUrl, "--json");

            Assert.True(result.ExitCode == 0, result.Error);
            JsonElement[] lines = result.Lines.Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToArray();
            Assert.Equal(4, lines.Length);
            Assert.Equal(new[] { "Allowed", "Allowed", "ImplicitDeny", "ImplicitDeny" }, lines.Select(l => l.GetProperty("Decision").GetString()));
            Assert.Equal($"user/{user}:status", lines[0].GetProperty("MatchedStatements")[0].GetProperty("Policy").GetString());
            Assert.Equal(JsonValueKind.Null, lines[0].GetProperty("SimulatorDecision").ValueKind);
            Assert.False(lines[0].TryGetProperty("Evaluation", out _));
        }

        [Fact]
        public void TestPermissionLiveScenarioUsesTheConnectionsRegion()
        {
            string user = "cli-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            _moto.AwsCli("iam", "create-user", "--user-name", user);
            _moto.AwsCli("iam", "attach-user-policy", "--user-name", user, "--policy-arn", "arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess");

            var result = Cli(null, "test-permission", "--principal", $"arn:aws:iam::{Account}:user/{user}", "--scenario", "ViewTrails",
                "--endpoint-url", _moto.EndpointUrl, "--region", "eu-west-3", "--json");

            Assert.True(result.ExitCode == 0, result.Error);
            JsonElement scenario = JsonDocument.Parse(Assert.Single(result.Lines)).RootElement;
            Assert.Equal("Allowed", scenario.GetProperty("Decision").GetString());
            Assert.Contains(scenario.GetProperty("Results").EnumerateArray(), r => r.GetProperty("Resource").GetString()!.StartsWith("arn:aws:cloudtrail:eu-west-3:", StringComparison.Ordinal));
        }

        [Fact]
        public void TestPermissionLiveUnknownPrincipalIsAnErrorWithoutAStackTrace()
        {
            var result = Cli(null, "test-permission", "--principal", $"arn:aws:iam::{Account}:role/ghost-{Guid.NewGuid():N}", "--action", "cloudtrail:GetTrail",
                "--endpoint-url", _moto.EndpointUrl);

            Assert.Equal(1, result.ExitCode);
            Assert.StartsWith("error: ", result.Error);
            Assert.Contains("NoSuchEntity", result.Error);
            Assert.DoesNotContain("   at ", result.Error);
        }

        [Fact]
        public void ResolveAccessErrorDecodeOpensTheMessageThroughSts()
        {
            const string decoded = "{\"allowed\":false,\"explicitDeny\":false,\"context\":{\"principal\":{\"arn\":\"arn:aws:iam::111122223333:user/bob\"},\"action\":\"ec2:RunInstances\",\"resource\":\"arn:aws:ec2:us-east-1:111122223333:instance/*\"}}";
            using var stub = new AwsStubServer(StubProtocol.Query, "sts", "us-east-1", _ => new StubResponse(200,
                "<DecodeAuthorizationMessageResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><DecodeAuthorizationMessageResult><DecodedMessage>" +
                WebUtility.HtmlEncode(decoded) + "</DecodedMessage></DecodeAuthorizationMessageResult><ResponseMetadata><RequestId>sts-1</RequestId></ResponseMetadata></DecodeAuthorizationMessageResponse>"));
            const string message = "You are not authorized to perform this operation. Encoded authorization failure message: blob-xyz";

            var plain = Cli(null, "resolve-access-error", "--json", message);
            var result = WithStubKeys(() => Cli(null, "resolve-access-error", "--decode", "--json", "--endpoint-url", stub.EndpointUrl, "--region", "us-east-1", message));

            Assert.Equal("EncodedAuthorizationFailure", JsonDocument.Parse(Assert.Single(plain.Lines)).RootElement.GetProperty("Kind").GetString());
            Assert.True(result.ExitCode == 0, result.Error);
            JsonElement diagnosis = JsonDocument.Parse(Assert.Single(result.Lines)).RootElement;
            Assert.Equal("NotAuthorized", diagnosis.GetProperty("Kind").GetString());
            Assert.Equal("ec2:RunInstances", diagnosis.GetProperty("Action").GetString());
            Assert.Equal("arn:aws:iam::111122223333:user/bob", diagnosis.GetProperty("PrincipalArn").GetString());
            Assert.Equal("blob-xyz", Assert.Single(stub.Requests).Form["EncodedMessage"]);
            Assert.Null(stub.Requests.Single().SignatureProblem);
        }

        [Fact]
        public void ResolveAccessErrorDecodeWithoutEncodedMessagesNeverConnects()
        {
            // An unreachable endpoint: any call would fail, so success proves no call was made.
            var result = Cli(null, "resolve-access-error", "--decode", "--json", "--endpoint-url", "http://127.0.0.1:9",
                "User: arn:aws:iam::111122223333:user/bob is not authorized to perform: cloudtrail:GetTrail");

            Assert.True(result.ExitCode == 0, result.Error);
            Assert.Equal("NotAuthorized", JsonDocument.Parse(Assert.Single(result.Lines)).RootElement.GetProperty("Kind").GetString());
        }

        /// <summary>The stub checks signatures with its own keys; swap them in for one call.</summary>
        private static T WithStubKeys<T>(Func<T> call)
        {
            lock (typeof(CliLiveTests))
            {
                Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", AwsStubServer.AccessKey);
                Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", AwsStubServer.SecretKey);
                try
                {
                    return call();
                }
                finally
                {
                    Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", MotoServerFixture.AccessKey);
                    Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", MotoServerFixture.SecretKey);
                }
            }
        }
    
        [Fact]
        public void TheTimeoutOptionBoundsAStalledEndpointAndTheErrorNamesIt()
        {
            // An endpoint that accepts connections and never answers.
            var silent = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            silent.Start();
            var held = new System.Collections.Concurrent.ConcurrentBag<System.Net.Sockets.TcpClient>();
            _ = System.Threading.Tasks.Task.Run(async () =>
            {
                try
                {
                    while (true)
                    {
                        held.Add(await silent.AcceptTcpClientAsync());
                    }
                }
                catch (Exception)
                {
                }
            });
            try
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var result = Cli(null, "test-permission", "--principal", $"arn:aws:iam::{Account}:user/someone", "--action", "cloudtrail:GetTrailStatus",
                    "--endpoint-url", "http://127.0.0.1:" + ((IPEndPoint)silent.LocalEndpoint).Port, "--timeout", "1", "--json");

                Assert.Equal(1, result.ExitCode);
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"three 1 s attempts took {clock.Elapsed}");
                Assert.Contains("within 1 s", result.Error);
                Assert.Contains("--timeout", result.Error);
                Assert.DoesNotContain("   at ", result.Error);
            }
            finally
            {
                silent.Stop();
                foreach (var client in held)
                {
                    client.Dispose();
                }
            }
        }

        [Fact]
        public void ANonPositiveTimeoutIsRefusedBeforeAnyCall()
        {
            var result = Cli(null, "test-permission", "--principal", $"arn:aws:iam::{Account}:user/someone", "--action", "cloudtrail:GetTrailStatus",
                "--endpoint-url", "http://127.0.0.1:9", "--timeout", "0", "--json");

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("--timeout", result.Error);
        }
    }
}
