using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using CloudTrailIamTools.Core;
using CloudTrailIamTools.Core.Aws;
using CloudTrailIamTools.Core.Diagnostics;
using CloudTrailIamTools.Core.Evaluation;
using CloudTrailIamTools.Core.Live;
using CloudTrailIamTools.Core.Policies;
using CloudTrailIamTools.IntegrationTests.Infrastructure;
using PolicyType = CloudTrailIamTools.Core.PolicyType;

namespace CloudTrailIamTools.IntegrationTests
{
    /// <summary>Live Test-CloudTrailPermission's core: policies gathered from moto's IAM, evaluated by the engine.</summary>
    [Collection(MotoCollection.Name)]
    public sealed class LivePermissionTests
    {
        private const string Account = MotoServerFixture.AccountId;
        private const string TrustEc2 =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

        private readonly MotoServerFixture _moto;

        public LivePermissionTests(MotoServerFixture moto)
        {
            _moto = moto;
        }

        private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N").Substring(0, 10);

        private static string Policy(string effect, string actions, string sid) =>
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"" + sid + "\",\"Effect\":\"" + effect + "\",\"Action\":" + actions + ",\"Resource\":\"*\"}]}";

        private string CreateManagedPolicy(string name, string document)
        {
            string output = _moto.AwsCli("iam", "create-policy", "--policy-name", name, "--policy-document", document);
            return JsonDocument.Parse(output).RootElement.GetProperty("Policy").GetProperty("Arn").GetString()!;
        }

        [Fact]
        public async Task UserGetsItsOwnAndItsGroupsInlineAndAttachedPoliciesEachNamed()
        {
            string user = Unique("user");
            string group = Unique("group");
            string denyArn = CreateManagedPolicy(Unique("deny-delete"), Policy("Deny", "\"cloudtrail:DeleteTrail\"", "NoDelete"));
            _moto.AwsCli("iam", "create-user", "--user-name", user);
            _moto.AwsCli("iam", "create-group", "--group-name", group);
            _moto.AwsCli("iam", "add-user-to-group", "--user-name", user, "--group-name", group);
            using var iam = _moto.Connection().CreateIamClient(MotoServerFixture.FastSettings());
            await iam.PutUserPolicyAsync(user, "describe", Policy("Allow", "\"cloudtrail:DescribeTrails\"", "Describe"));
            await iam.PutGroupPolicyAsync(group, "get-trail", Policy("Allow", "\"cloudtrail:GetTrail\"", "GetTrail"));
            await iam.AttachGroupPolicyAsync(group, "arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess");
            await iam.AttachUserPolicyAsync(user, denyArn);

            var tester = new LivePermissionTester(iam);
            PrincipalPolicies policies = await tester.CollectAsync($"arn:aws:iam::{Account}:user/{user}");

            Assert.Equal($"arn:aws:iam::{Account}:user/{user}", policies.Principal);
            Assert.Equal(
                new[] { $"user/{user}:describe", denyArn, $"group/{group}:get-trail", "arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess" },
                policies.IdentityPolicies.Select(p => p.Name));
            Assert.Null(policies.PermissionsBoundary);

            LivePermissionResult describe = await tester.TestAsync(policies, "cloudtrail:DescribeTrails", null);
            Assert.Equal(PolicyDecision.Allowed, describe.Decision);
            Assert.Contains(describe.MatchedStatements, m => m.Policy == $"user/{user}:describe" && m.Sid == "Describe");
            Assert.Null(describe.SimulatorDecision);
            Assert.Null(describe.SimulatorAgrees);

            LivePermissionResult getTrail = await tester.TestAsync(policies, "cloudtrail:GetTrail", $"arn:aws:cloudtrail:us-east-1:{Account}:trail/main");
            Assert.Equal(PolicyDecision.Allowed, getTrail.Decision);
            Assert.Contains(getTrail.MatchedStatements, m => m.Policy == $"group/{group}:get-trail");

            LivePermissionResult delete = await tester.TestAsync(policies, "cloudtrail:DeleteTrail", $"arn:aws:cloudtrail:us-east-1:{Account}:trail/main");
            Assert.Equal(PolicyDecision.ExplicitDeny, delete.Decision);
            Assert.Contains(delete.MatchedStatements, m => m.Policy == denyArn && m.Effect == PolicyEffect.Deny);
            Assert.Contains(denyArn, delete.Explanation);

            LivePermissionResult createUser = await tester.TestAsync(policies, "iam:CreateUser", null);
            Assert.Equal(PolicyDecision.ImplicitDeny, createUser.Decision);
            Assert.Equal(new[] { PolicyType.IdentityBased }, createUser.DeniedBy);
        }

        [Fact]
        public async Task RoleBoundaryLimitsWhatItsPoliciesGrant()
        {
            string role = Unique("role");
            string boundaryArn = CreateManagedPolicy(Unique("boundary"), Policy("Allow", "\"cloudtrail:Describe*\"", "OnlyDescribe"));
            using var iam = _moto.Connection().CreateIamClient(MotoServerFixture.FastSettings());
            await iam.CreateRoleAsync(role, TrustEc2, path: "/ops/", permissionsBoundaryArn: boundaryArn);
            await iam.PutRolePolicyAsync(role, "all-cloudtrail", Policy("Allow", "\"cloudtrail:*\"", "All"));

            var tester = new LivePermissionTester(iam);
            PrincipalPolicies policies = await tester.CollectAsync($"arn:aws:iam::{Account}:role/{role}");

            Assert.Equal($"arn:aws:iam::{Account}:role/ops/{role}", policies.Principal);
            Assert.Equal(boundaryArn, policies.PermissionsBoundary?.Name);
            LivePermissionResult describe = await tester.TestAsync(policies, "cloudtrail:DescribeTrails", null);
            Assert.Equal(PolicyDecision.Allowed, describe.Decision);
            Assert.Contains(PolicyType.PermissionsBoundary, describe.AllowedBy);

            LivePermissionResult create = await tester.TestAsync(policies, "cloudtrail:CreateTrail", $"arn:aws:cloudtrail:us-east-1:{Account}:trail/new");
            Assert.Equal(PolicyDecision.ImplicitDeny, create.Decision);
            Assert.Equal(new[] { PolicyType.PermissionsBoundary }, create.DeniedBy);
        }

        [Fact]
        public async Task AssumedRoleSessionIsItsRoleLimitedByTheSessionPolicy()
        {
            string role = Unique("role");
            using var iam = _moto.Connection().CreateIamClient(MotoServerFixture.FastSettings());
            await iam.CreateRoleAsync(role, TrustEc2);
            await iam.PutRolePolicyAsync(role, "all-cloudtrail", Policy("Allow", "\"cloudtrail:*\"", "All"));
            string session = $"arn:aws:sts::{Account}:assumed-role/{role}/audit-session";

            var tester = new LivePermissionTester(iam);
            PrincipalPolicies policies = await tester.CollectAsync(session);

            Assert.Equal(session, policies.Principal);
            Assert.Equal($"arn:aws:iam::{Account}:role/{role}", policies.PolicySourceArn);
            var extras = new LiveRequestExtras { SessionPolicy = PolicyDocument.Parse(Policy("Allow", "\"cloudtrail:LookupEvents\"", "OnlyLookup"), "SessionPolicy") };
            Assert.Equal(PolicyDecision.Allowed, (await tester.TestAsync(policies, "cloudtrail:LookupEvents", null, extras)).Decision);
            LivePermissionResult describe = await tester.TestAsync(policies, "cloudtrail:DescribeTrails", null, extras);
            Assert.Equal(PolicyDecision.ImplicitDeny, describe.Decision);
            Assert.Equal(new[] { PolicyType.Session }, describe.DeniedBy);

            // Without a session policy the session has its role's permissions.
            Assert.Equal(PolicyDecision.Allowed, (await tester.TestAsync(policies, "cloudtrail:DescribeTrails", null)).Decision);
        }

        [Fact]
        public async Task ScpsGivenByTheCallerAndScenariosApplyLive()
        {
            string user = Unique("user");
            _moto.AwsCli("iam", "create-user", "--user-name", user);
            using var iam = _moto.Connection().CreateIamClient(MotoServerFixture.FastSettings());
            await iam.AttachUserPolicyAsync(user, "arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess");
            var tester = new LivePermissionTester(iam);
            PrincipalPolicies policies = await tester.CollectAsync($"arn:aws:iam::{Account}:user/{user}");

            ScenarioResult lookup = tester.TestScenario(policies, "LookupEvents");
            Assert.Equal(PolicyDecision.Allowed, lookup.Decision);
            ScenarioResult create = tester.TestScenario(policies, "CreateTrail", region: "eu-west-1");
            Assert.Equal(PolicyDecision.ImplicitDeny, create.Decision);
            Assert.Contains(create.Results, r => r.Resource == $"arn:aws:cloudtrail:eu-west-1:{Account}:trail/My-Trail");
            Assert.NotNull(create.MissingPermissionsPolicy);

            var scp = new LiveRequestExtras
            {
                ServiceControlPolicies = new[] { new[] { PolicyDocument.Parse(Policy("Deny", "\"cloudtrail:LookupEvents\"", "NoLookup"), "deny-lookup-scp") } },
            };
            LivePermissionResult denied = await tester.TestAsync(policies, "cloudtrail:LookupEvents", null, scp);
            Assert.Equal(PolicyDecision.ExplicitDeny, denied.Decision);
            Assert.Equal(new[] { PolicyType.ServiceControl }, denied.DeniedBy);
        }

        [Fact]
        public async Task WithoutAPrincipalTheCallerIsTested()
        {
            using var sts = _moto.Connection().CreateStsClient(MotoServerFixture.FastSettings());
            using var iam = _moto.Connection().CreateIamClient(MotoServerFixture.FastSettings());
            string callerArn = (await sts.GetCallerIdentityAsync()).Arn;
            string userName = callerArn.Substring(callerArn.LastIndexOf('/') + 1);
            try
            {
                _moto.AwsCli("iam", "create-user", "--user-name", userName);
            }
            catch (InvalidOperationException already) when (already.Message.Contains("EntityAlreadyExists"))
            {
            }

            PrincipalPolicies policies = await new PrincipalPolicyCollector(iam, sts).CollectAsync(null);

            Assert.Equal(callerArn.Replace(":sts:", ":iam:"), policies.Principal);
        }

        [Theory]
        [InlineData("cloudtrail.amazonaws.com")]
        [InlineData("123456789012")]
        [InlineData("not-an-arn")]
        [InlineData("arn:aws:sts::123456789012:federated-user/bob")]
        public async Task PrincipalsWithoutIamPoliciesAreRejectedBeforeAnyCall(string principal)
        {
            using var iam = _moto.Connection().CreateIamClient(MotoServerFixture.FastSettings());

            var error = await Assert.ThrowsAsync<InvalidInputException>(() => new PrincipalPolicyCollector(iam).CollectAsync(principal));

            Assert.Equal("PrincipalArn", error.Location);
            Assert.Contains(principal, error.Message);
        }

        [Fact]
        public async Task RootHasNoPoliciesToReadAndIsAllowedByTheEngine()
        {
            using var iam = _moto.Connection().CreateIamClient(MotoServerFixture.FastSettings());
            var tester = new LivePermissionTester(iam);

            PrincipalPolicies root = await tester.CollectAsync($"arn:aws:iam::{Account}:root");

            Assert.Empty(root.IdentityPolicies);
            Assert.Equal(PolicyDecision.Allowed, (await tester.TestAsync(root, "cloudtrail:DeleteTrail", $"arn:aws:cloudtrail:us-east-1:{Account}:trail/t")).Decision);
        }

        [Fact]
        public async Task UnknownUserSurfacesIamsNoSuchEntity()
        {
            using var iam = _moto.Connection().CreateIamClient(MotoServerFixture.FastSettings());

            var error = await Assert.ThrowsAsync<AwsServiceCallException>(() => new PrincipalPolicyCollector(iam).CollectAsync($"arn:aws:iam::{Account}:user/{Unique("ghost")}"));

            Assert.Equal("NoSuchEntity", error.ErrorCode);
        }
    }

    /// <summary>The simulator comparison and the decoding of encoded messages, against the SigV4-checking stub.</summary>
    public sealed class LiveStubTests
    {
        private const string IamNamespace = "https://iam.amazonaws.com/doc/2010-05-08/";
        private const string Role = "arn:aws:iam::111122223333:role/Auditor";
        private const string Session = "arn:aws:sts::111122223333:assumed-role/Auditor/alice";

        private static ResolvedAwsConnection Connect(AwsStubServer stub) =>
            new AwsConnectionResolver(TestEnvironment.Empty).Resolve(new AwsConnectionOptions
            {
                AccessKey = AwsStubServer.AccessKey,
                SecretKey = AwsStubServer.SecretKey,
                Region = "us-east-1",
                EndpointUrl = stub.EndpointUrl,
            });

        private static AwsClientSettings Fast() => new AwsClientSettings { MaxErrorRetry = 1, MaxRetryBackoff = TimeSpan.FromMilliseconds(20), Timeout = TimeSpan.FromSeconds(10) };

        private static StubResponse Simulated(string action, string decision, string sourcePolicy) => new StubResponse(200,
            $"<SimulatePrincipalPolicyResponse xmlns=\"{IamNamespace}\"><SimulatePrincipalPolicyResult><EvaluationResults><member>" +
            $"<EvalActionName>{action}</EvalActionName><EvalResourceName>*</EvalResourceName><EvalDecision>{decision}</EvalDecision>" +
            $"<MatchedStatements><member><SourcePolicyId>{sourcePolicy}</SourcePolicyId><SourcePolicyType>IAM Policy</SourcePolicyType></member></MatchedStatements>" +
            "<MissingContextValues/></member></EvaluationResults><IsTruncated>false</IsTruncated></SimulatePrincipalPolicyResult>" +
            "<ResponseMetadata><RequestId>sim-1</RequestId></ResponseMetadata></SimulatePrincipalPolicyResponse>");

        private static PrincipalPolicies AllowAll(string principal) => new PrincipalPolicies(
            principal,
            Role,
            new[] { PolicyDocument.Parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"cloudtrail:*\",\"Resource\":\"*\"}]}", "role/Auditor:all") },
            null);

        [Fact]
        public async Task SimulatorDisagreementIsReportedWithItsDecision()
        {
            using var stub = new AwsStubServer(StubProtocol.Query, "iam", "us-east-1", _ => Simulated("cloudtrail:StopLogging", "explicitDeny", "OrgGuardRail"));
            using var iam = Connect(stub).CreateIamClient(Fast());
            const string sessionPolicy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

            LivePermissionResult result = await new LivePermissionTester(iam).TestAsync(
                AllowAll(Session), "cloudtrail:StopLogging", "arn:aws:cloudtrail:us-east-1:111122223333:trail/main",
                new LiveRequestExtras
                {
                    SessionPolicy = PolicyDocument.Parse(sessionPolicy, "SessionPolicy"),
                    Context = new Dictionary<string, IReadOnlyList<string>> { ["aws:RequestedRegion"] = new[] { "us-east-1" } },
                },
                useSimulator: true);

            Assert.Equal(PolicyDecision.Allowed, result.Decision);
            Assert.Equal(PolicyDecision.ExplicitDeny, result.SimulatorDecision);
            Assert.False(result.SimulatorAgrees);
            Assert.Equal(new[] { "OrgGuardRail" }, result.SimulatorMatchedStatements);
            Assert.Contains("disagrees", result.Explanation);

            StubRequest call = Assert.Single(stub.RequestsFor("SimulatePrincipalPolicy"));
            Assert.Null(call.SignatureProblem);
            Assert.Equal(Role, call.Form["PolicySourceArn"]);
            Assert.Equal("cloudtrail:StopLogging", call.Form["ActionNames.member.1"]);
            Assert.Equal("arn:aws:cloudtrail:us-east-1:111122223333:trail/main", call.Form["ResourceArns.member.1"]);
            Assert.False(call.Form.ContainsKey("PolicyInputList.member.1"));
            Assert.Equal("aws:RequestedRegion", call.Form["ContextEntries.member.1.ContextKeyName"]);
            Assert.Equal("string", call.Form["ContextEntries.member.1.ContextKeyType"]);
        }

        [Fact]
        public async Task SessionPolicyIsNotSimulatedAndTheComparisonAllowsForIt()
        {
            // The engine denies through the session policy; the simulator, which cannot apply one, allows. That is agreement.
            using var stub = new AwsStubServer(StubProtocol.Query, "iam", "us-east-1", _ => Simulated("cloudtrail:StopLogging", "allowed", "role/Auditor:all"));
            using var iam = Connect(stub).CreateIamClient(Fast());
            const string sessionPolicy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"cloudtrail:Describe*\",\"Resource\":\"*\"}]}";

            LivePermissionResult result = await new LivePermissionTester(iam).TestAsync(
                AllowAll(Session), "cloudtrail:StopLogging", "arn:aws:cloudtrail:us-east-1:111122223333:trail/main",
                new LiveRequestExtras
                {
                    SessionPolicy = PolicyDocument.Parse(sessionPolicy, "SessionPolicy"),
                    Context = new Dictionary<string, IReadOnlyList<string>>
                    {
                        ["aws:SourceIp"] = new[] { "203.0.113.5" },
                        ["aws:MultiFactorAuthPresent"] = new[] { "true" },
                        ["aws:CurrentTime"] = new[] { "2026-11-21T09:00:00Z" },
                        ["aws:TagKeys"] = new[] { "team" },
                    },
                },
                useSimulator: true);

            Assert.Equal(PolicyDecision.ImplicitDeny, result.Decision);
            Assert.Equal(new[] { PolicyType.Session }, result.DeniedBy);
            Assert.Equal(PolicyDecision.Allowed, result.SimulatorDecision);
            Assert.Equal(PolicyDecision.Allowed, result.SimulatorComparedDecision);
            Assert.True(result.SimulatorAgrees);
            Assert.Contains("session policy was not simulated", result.SimulatorNote);
            Assert.Contains("agrees", result.Explanation);

            StubRequest call = Assert.Single(stub.RequestsFor("SimulatePrincipalPolicy"));
            Assert.Null(call.SignatureProblem);
            Assert.DoesNotContain(call.Form.Keys, key => key.StartsWith("PolicyInputList", StringComparison.Ordinal));
            Assert.Equal(
                new[] { "aws:SourceIp=ip:203.0.113.5", "aws:MultiFactorAuthPresent=boolean:true", "aws:CurrentTime=date:2026-11-21T09:00:00Z", "aws:TagKeys=stringList:team" },
                Enumerable.Range(1, 4).Select(i =>
                    call.Form[$"ContextEntries.member.{i}.ContextKeyName"] + "=" + call.Form[$"ContextEntries.member.{i}.ContextKeyType"] + ":" +
                    call.Form[$"ContextEntries.member.{i}.ContextKeyValues.member.1"]));
        }

        [Fact]
        public async Task SimulatorAgreementIsReported()
        {
            using var stub = new AwsStubServer(StubProtocol.Query, "iam", "us-east-1", _ => Simulated("cloudtrail:LookupEvents", "allowed", "all"));
            using var iam = Connect(stub).CreateIamClient(Fast());

            LivePermissionResult result = await new LivePermissionTester(iam).TestAsync(AllowAll(Role), "cloudtrail:LookupEvents", null, useSimulator: true);

            Assert.True(result.SimulatorAgrees);
            Assert.Equal(PolicyDecision.Allowed, result.SimulatorDecision);
            Assert.False(Assert.Single(stub.RequestsFor("SimulatePrincipalPolicy")).Form.ContainsKey("ResourceArns.member.1"));
        }

        [Fact]
        public async Task EncodedMessageIsDecodedThroughStsAndDiagnosed()
        {
            const string decoded = "{\"allowed\":false,\"explicitDeny\":true,\"matchedStatements\":{\"items\":[{\"statementId\":\"NoRunOutsideEu\",\"effect\":\"DENY\"}]}," +
                "\"context\":{\"principal\":{\"id\":\"AIDA\",\"arn\":\"arn:aws:iam::111122223333:user/bob\"},\"action\":\"ec2:RunInstances\"," +
                "\"resource\":\"arn:aws:ec2:us-east-1:111122223333:instance/*\",\"conditions\":{\"items\":[]}}}";
            using var stub = new AwsStubServer(StubProtocol.Query, "sts", "us-east-1", _ => new StubResponse(200,
                "<DecodeAuthorizationMessageResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><DecodeAuthorizationMessageResult><DecodedMessage>" +
                WebUtility.HtmlEncode(decoded) + "</DecodedMessage></DecodeAuthorizationMessageResult><ResponseMetadata><RequestId>sts-1</RequestId></ResponseMetadata></DecodeAuthorizationMessageResponse>"));
            using var sts = Connect(stub).CreateStsClient(Fast());
            AccessErrorDiagnosis encoded = AccessErrorResolver.Default.ResolveMessage(
                "An error occurred (UnauthorizedOperation) when calling the RunInstances operation: You are not authorized to perform this operation. Encoded authorization failure message: blob-123");

            AccessErrorDiagnosis result = await new AuthorizationMessageDecoder(sts).DecodeAsync(encoded);

            Assert.Equal("blob-123", Assert.Single(stub.Requests).Form["EncodedMessage"]);
            Assert.Null(stub.Requests.Single().SignatureProblem);
            Assert.Equal(DiagnosisKind.NotAuthorized, result.Kind);
            Assert.Equal("arn:aws:iam::111122223333:user/bob", result.PrincipalArn);
            Assert.Equal("ec2:RunInstances", result.Action);
            Assert.Equal(DenialType.Explicit, result.DenialType);
            Assert.Equal("RunInstances", result.Operation);
        }

        [Fact]
        public async Task DiagnosesWithoutAnEncodedMessageAreNotSentToSts()
        {
            using var stub = new AwsStubServer(StubProtocol.Query, "sts", "us-east-1", _ => new StubResponse(500, "unexpected"));
            using var sts = Connect(stub).CreateStsClient(Fast());
            AccessErrorDiagnosis plain = AccessErrorResolver.Default.ResolveMessage("User: arn:aws:iam::111122223333:user/bob is not authorized to perform: cloudtrail:GetTrail");

            Assert.Same(plain, await new AuthorizationMessageDecoder(sts).DecodeAsync(plain));
            Assert.Empty(stub.Requests);
        }
    }
}
