using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using CloudTrailIamTools.Core.Catalog;
using CloudTrailIamTools.Core.Evaluation;
using CloudTrailIamTools.Core.Policies;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    public sealed class CatalogScenarioTests
    {
        private static EvaluationRequest Request(params PolicyDocument[] identity) =>
            new EvaluationRequest("cloudtrail:DescribeTrails", Kit.User) { IdentityPolicies = identity };

        [Fact]
        public void UnknownScenarioNamesEveryValidOne()
        {
            var error = Assert.Throws<InvalidInputException>(() => ScenarioEvaluator.Run("BakeACake", Request()));

            Assert.Equal("Scenario", error.Location);
            Assert.Contains("BakeACake", error.Message);
            foreach (ScenarioInfo scenario in IamCatalog.Default.Scenarios)
            {
                Assert.Contains(scenario.Name, error.Message);
            }
        }

        [Fact]
        public void PlaceholdersAreFilledFromThePrincipalAndRegion()
        {
            ScenarioInfo scenario = ScenarioEvaluator.Find("viewtrails");
            IReadOnlyList<RequiredPermission> permissions = ScenarioEvaluator.TestPermissions(scenario, Request(), "eu-west-2");

            RequiredPermission getTrail = permissions.Single(p => p.Action == "cloudtrail:GetTrail");
            Assert.Equal("arn:aws:cloudtrail:eu-west-2:111122223333:trail/My-Trail", getTrail.Resource);
            Assert.DoesNotContain(permissions, p => p.Resource.Contains('{'));
        }

        [Fact]
        public void RegionFallsBackToRequestedRegionThenTheDefault()
        {
            ScenarioInfo scenario = ScenarioEvaluator.Find("ViewTrails");
            var withContext = new EvaluationRequest("cloudtrail:DescribeTrails", "arn:aws-cn:iam::111122223333:user/alice")
            {
                Context = new Dictionary<string, IReadOnlyList<string>> { ["aws:RequestedRegion"] = new[] { "cn-north-1" } },
            };

            Assert.Contains(ScenarioEvaluator.TestPermissions(scenario, withContext), p => p.Resource == "arn:aws-cn:cloudtrail:cn-north-1:111122223333:trail/My-Trail");
            Assert.Contains(ScenarioEvaluator.TestPermissions(scenario, Request()), p => p.Resource == "arn:aws:cloudtrail:us-east-1:111122223333:trail/My-Trail");
        }

        [Fact]
        public void ResourceAccountWinsOverThePrincipalsAccount()
        {
            var request = new EvaluationRequest("cloudtrail:DescribeTrails", Kit.User) { ResourceAccount = Kit.OtherAccount };

            Assert.Contains(ScenarioEvaluator.TestPermissions(ScenarioEvaluator.Find("ViewTrails"), request), p => p.Resource.Contains(":" + Kit.OtherAccount + ":trail/"));
        }

        [Fact]
        public void AllowedScenarioHasOneVerdictAndNoPolicy()
        {
            ScenarioResult result = ScenarioEvaluator.Run("ViewTrails", Request(Kit.Policy(Kit.Allow("cloudtrail:*"))));

            Assert.Equal(PolicyDecision.Allowed, result.Decision);
            Assert.Equal("ViewTrails", result.Scenario);
            Assert.Empty(result.MissingPermissions);
            Assert.Null(result.MissingPermissionsPolicy);
            Assert.Equal(ScenarioEvaluator.Find("ViewTrails").Permissions.Count, result.Results.Count);
        }

        [Fact]
        public void MissingPermissionsPolicyGrantsTheCatalogPatternsWithTheirConditions()
        {
            // Only the CloudWatch Logs part is missing: the policy must grant iam:PassRole on the delivery role limited to CloudTrail.
            PolicyDocument partial = Kit.Policy("{\"Effect\":\"Allow\",\"NotAction\":\"iam:PassRole\",\"Resource\":\"*\"}");
            ScenarioResult result = ScenarioEvaluator.Run("ConfigureCloudWatchLogs", Request(partial));

            Assert.Equal(PolicyDecision.ImplicitDeny, result.Decision);
            RequiredPermission passRole = Assert.Single(result.MissingPermissions);
            Assert.Equal("iam:PassRole", passRole.Action);
            Assert.Equal("arn:aws:iam::111122223333:role/CloudTrail_CloudWatchLogs_Role", passRole.Resource);

            using JsonDocument policy = JsonDocument.Parse(result.MissingPermissionsPolicy!);
            JsonElement statement = policy.RootElement.GetProperty("Statement").EnumerateArray()
                .Single(s => s.GetProperty("Resource").GetString() == "arn:aws:iam::111122223333:role/CloudTrail_CloudWatchLogs_Role" && s.TryGetProperty("Condition", out _));
            Assert.Equal("cloudtrail.amazonaws.com", statement.GetProperty("Condition").GetProperty("StringEquals").GetProperty("iam:PassedToService").GetString());

            // The generated policy really fixes the gap.
            PolicyDocument grant = PolicyDocument.Parse(result.MissingPermissionsPolicy!);
            Assert.Equal(PolicyDecision.Allowed, ScenarioEvaluator.Run("ConfigureCloudWatchLogs", Request(partial, grant)).Decision);
        }

        [Fact]
        public void PassRoleIsTestedWithTheContextTheConsoleSends()
        {
            // Allowed only when passed to CloudTrail: the scenario must set iam:PassedToService for the test.
            PolicyDocument onlyToCloudTrail = Kit.Policy(Kit.Allow("iam:PassRole", "*", "\"Condition\":{\"StringEquals\":{\"iam:PassedToService\":\"cloudtrail.amazonaws.com\"}}"));
            ScenarioResult result = ScenarioEvaluator.Run("ConfigureCloudWatchLogs", Request(onlyToCloudTrail));

            EvaluationResult passRole = result.Results.Single(r => r.Action == "iam:PassRole");
            Assert.Equal(PolicyDecision.Allowed, passRole.Decision);
            Assert.Empty(passRole.MissingContextKeys);
        }

        [Fact]
        public void ExplicitDenyIsNotOfferedAsAGrant()
        {
            ScenarioResult result = ScenarioEvaluator.Run("LookupEvents", Request(Kit.Policy(Kit.Allow(), Kit.Deny("cloudtrail:LookupEvents"))));

            Assert.Equal(PolicyDecision.ExplicitDeny, result.Decision);
            Assert.Single(result.MissingPermissions);
            Assert.Null(result.MissingPermissionsPolicy);
        }

        [Fact]
        public void CatalogOptionsWarnAboutUnknownActions()
        {
            EvaluationResult result = PolicyEvaluator.Evaluate(new EvaluationRequest("cloudtrail:DescribeTrail", Kit.User), ScenarioEvaluator.CatalogOptions);
            Assert.Contains(result.Warnings, w => w.Contains("cloudtrail:DescribeTrail"));

            EvaluationResult known = PolicyEvaluator.Evaluate(new EvaluationRequest("cloudtrail:DescribeTrails", Kit.User), ScenarioEvaluator.CatalogOptions);
            Assert.Empty(known.Warnings);
        }
    }
}
