using System;
using System.Linq;
using CloudTrailIamTools.Core;
using CloudTrailIamTools.Core.Diagnostics;
using CloudTrailIamTools.Core.Evaluation;
using CloudTrailIamTools.Core.Live;
using CloudTrailIamTools.Core.PermissionTesting;
using CloudTrailIamTools.Core.Policies;
using CloudTrailIamTools.Core.Tests.Evaluation;

namespace CloudTrailIamTools.Core.Tests.PermissionTesting
{
    public sealed class PermissionTestServiceTests
    {
        private static readonly PolicyDocument ReadTrails = Kit.Policy(Kit.Allow("cloudtrail:DescribeTrails"), Kit.Allow("cloudtrail:GetTrailStatus"));

        /// <summary>A service whose connection must never be needed: offline tests may not look for credentials.</summary>
        private static PermissionTestService Offline() =>
            new PermissionTestService(() => throw new InvalidOperationException("an offline test connected to AWS"));

        [Theory]
        [InlineData(Kit.User, false, false, false)]
        [InlineData(Kit.Role, false, false, false)]
        [InlineData(Kit.Session, false, false, false)]
        [InlineData(null, false, false, false)]
        [InlineData(Kit.User, true, false, true)]
        [InlineData(Kit.User, false, true, true)]
        [InlineData("cloudtrail.amazonaws.com", false, false, true)]
        [InlineData("111122223333", false, false, true)]
        [InlineData("arn:aws:iam::111122223333:root", false, false, true)]
        [InlineData("Anonymous", false, false, true)]
        public void OneRuleDecidesOfflineOrLive(string? principal, bool identityPolicies, bool offline, bool expected)
        {
            var request = new PermissionTestRequest
            {
                Principal = principal,
                IdentityPolicies = identityPolicies ? new[] { ReadTrails } : null,
                Offline = offline,
            };

            Assert.Equal(expected, request.IsOffline);
            Assert.True(new PermissionTestRequest { Principal = Kit.User, PermissionsBoundary = ReadTrails }.IsOffline);
        }

        [Fact]
        public void OfflineAnswersOnePerActionAndResourceInOrderWithoutConnecting()
        {
            using PermissionTestService service = Offline();
            var request = new PermissionTestRequest
            {
                Principal = Kit.User,
                Actions = new[] { "cloudtrail:GetTrailStatus", "cloudtrail:StopLogging" },
                Resources = new[] { Kit.Trail, "arn:aws:cloudtrail:us-east-1:111122223333:trail/Other" },
                IdentityPolicies = new[] { ReadTrails },
            };

            PermissionTestAnswer[] answers = service.Run(request).ToArray();

            Assert.Equal(new PolicyDecision?[] { PolicyDecision.Allowed, PolicyDecision.Allowed, PolicyDecision.ImplicitDeny, PolicyDecision.ImplicitDeny }, answers.Select(a => a.Decision));
            Assert.All(answers, a => Assert.IsType<EvaluationResult>(a.Result));
            Assert.Equal(Kit.Trail, ((EvaluationResult)answers[0].Result!).Resource);
        }

        [Fact]
        public void AServicePrincipalIsTestedOfflineAgainstTheResourcePolicy()
        {
            using PermissionTestService service = Offline();
            const string BucketPolicy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"cloudtrail.amazonaws.com\"},\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::logs/*\"}]}";
            var request = new PermissionTestRequest
            {
                Principal = "cloudtrail.amazonaws.com",
                Actions = new[] { "s3:PutObject" },
                Resources = new[] { "arn:aws:s3:::logs/AWSLogs/x" },
                ResourcePolicy = SuppliedPolicy.Parse(BucketPolicy, "bucket", "ResourcePolicy"),
            };

            Assert.Equal(PolicyDecision.Allowed, Assert.Single(service.Run(request)).Decision);
        }

        [Fact]
        public void AnOfflineScenarioAsksEveryStepWithItsOwnAction()
        {
            using PermissionTestService service = Offline();
            var request = new PermissionTestRequest { Principal = Kit.User, Scenario = "viewtrails", IdentityPolicies = new[] { ReadTrails } };

            var scenario = Assert.IsType<ScenarioResult>(Assert.Single(service.Run(request)).Result);

            Assert.Equal("ViewTrails", scenario.Scenario);
            Assert.Equal(PolicyDecision.ImplicitDeny, scenario.Decision);
            Assert.Contains(scenario.Results, r => r.Action == "cloudtrail:DescribeTrails" && r.Decision == PolicyDecision.Allowed);
            Assert.DoesNotContain(scenario.Results, r => r.Action.StartsWith("sts:", StringComparison.OrdinalIgnoreCase));
        }

        [Fact]
        public void ALiveTestConnectsOnTheFirstAnswerOnly()
        {
            int connections = 0;
            using var service = new PermissionTestService(() =>
            {
                connections++;
                throw new AwsConfigurationTestException();
            });
            var request = new PermissionTestRequest { Principal = Kit.User, Actions = new[] { "cloudtrail:GetTrail" } };

            var answers = service.Run(request);
            Assert.Equal(0, connections);
            Assert.Throws<AwsConfigurationTestException>(() => answers.ToArray());
            Assert.Equal(1, connections);
        }

        [Fact]
        public void NothingToTestIsSaidBeforeAnything()
        {
            using PermissionTestService service = Offline();

            var error = Assert.Throws<PermissionTestException>(() => service.Run(new PermissionTestRequest { Principal = Kit.User, Offline = true }));

            Assert.Equal("NoActionOrScenario", error.ErrorId);
            Assert.Equal(FailureCategory.InvalidArgument, error.Category);
        }

        [Fact]
        public void ABadActionNameFailsBeforeTheFirstAnswer()
        {
            using PermissionTestService service = Offline();
            var request = new PermissionTestRequest { Principal = Kit.User, Offline = true, Actions = new[] { "cloudtrail:GetTrail", "GetTrail" } };

            var error = Assert.Throws<InvalidInputException>(() => service.Run(request));

            Assert.Contains("'GetTrail'", error.Message);
        }

        [Fact]
        public void AnOfflineTestNeedsAPrincipal()
        {
            using PermissionTestService service = Offline();

            var error = Assert.Throws<PermissionTestException>(() => service.Run(new PermissionTestRequest { Offline = true, Actions = new[] { "cloudtrail:GetTrail" } }));

            Assert.Equal("PrincipalRequired", error.ErrorId);
        }

        [Fact]
        public void SetUpChecksNameTheConflict()
        {
            Assert.Equal("SimulatorWithScenario", Assert.Throws<PermissionTestException>(() =>
                PermissionTestService.Validate(new PermissionTestRequest { Scenario = "CreateTrail", UseSimulator = true })).ErrorId);
            Assert.Equal("SimulatorNeedsLiveTest", Assert.Throws<PermissionTestException>(() =>
                PermissionTestService.Validate(new PermissionTestRequest { IdentityPolicies = new[] { ReadTrails }, UseSimulator = true })).ErrorId);
            Assert.Contains("CreateOrganizationTrail", Assert.Throws<InvalidInputException>(() =>
                PermissionTestService.Validate(new PermissionTestRequest { Scenario = "BakeACake" })).Message);
            Assert.Equal("ResourceAccount", Assert.Throws<InvalidInputException>(() =>
                PermissionTestService.Validate(new PermissionTestRequest { ResourceAccount = "12345" })).Location);
        }

        [Fact]
        public void TheSimulatorNeedsAPrincipalWithIamPolicies()
        {
            using PermissionTestService service = Offline();
            var request = new PermissionTestRequest { Principal = "cloudtrail.amazonaws.com", Actions = new[] { "s3:PutObject" }, UseSimulator = true };

            Assert.Equal("SimulatorNeedsLiveTest", Assert.Throws<PermissionTestException>(() => service.Run(request)).ErrorId);
        }

        [Fact]
        public void ADiagnosisIsReTestedWithTheTemplatesOptions()
        {
            var template = new PermissionTestRequest { Offline = true, IdentityPolicies = new[] { ReadTrails } };
            var diagnosis = AccessErrorResolver.Default.ResolveMessage(
                "User: " + Kit.User + " is not authorized to perform: cloudtrail:GetTrailStatus on resource: " + Kit.Trail);

            PermissionTestRequest request = template.ForDiagnosis(diagnosis);

            Assert.Equal(Kit.User, request.Principal);
            Assert.Equal(new[] { "cloudtrail:GetTrailStatus" }, request.Actions);
            Assert.Equal(new[] { Kit.Trail }, request.Resources);
            Assert.Same(template.IdentityPolicies, request.IdentityPolicies);
            Assert.Equal("DiagnosisHasNoAction", Assert.Throws<PermissionTestException>(() =>
                template.ForDiagnosis(AccessErrorResolver.Default.ResolveMessage("nothing to see here"))).ErrorId);
        }

        [Fact]
        public void ARequestInTheJsonContractIsOneAnswer()
        {
            using PermissionTestService service = Offline();

            PermissionTestAnswer answer = service.EvaluateRequest("{\"Action\":\"cloudtrail:LookupEvents\",\"Principal\":\"" + Kit.User + "\",\"IdentityPolicies\":[" +
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"cloudtrail:LookupEvents\",\"Resource\":\"*\"}}]}");

            Assert.Equal(PolicyDecision.Allowed, answer.Decision);
        }

        private sealed class AwsConfigurationTestException : CloudTrailIamToolsException
        {
            public AwsConfigurationTestException()
                : base("no credentials in this test")
            {
            }
        }
    }
}
