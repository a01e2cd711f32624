using System.Collections.Generic;
using System.Text.Json;
using CloudTrailIamTools.Core.Evaluation;
using static CloudTrailIamTools.Core.Tests.Evaluation.Kit;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    public sealed class ScenarioEvaluationTests
    {
        private static readonly RequiredPermission[] ConfigureLogs =
        {
            new RequiredPermission("iam:CreateRole"),
            new RequiredPermission("iam:PutRolePolicy"),
            new RequiredPermission("iam:PassRole", "*", new Dictionary<string, IReadOnlyList<string>> { ["iam:PassedToService"] = new[] { "cloudtrail.amazonaws.com" } }),
            new RequiredPermission("logs:CreateLogGroup", "arn:aws:logs:us-east-1:111122223333:log-group:aws-cloudtrail-logs*"),
        };

        [Fact]
        public void AllowedWhenEveryPermissionIsAllowed()
        {
            ScenarioResult result = ScenarioEvaluator.Evaluate("ConfigureCloudWatchLogs", new EvaluationRequest("iam:GetUser", User) { IdentityPolicies = new[] { Policy(Allow()) } }, ConfigureLogs, Options);

            Assert.Equal(PolicyDecision.Allowed, result.Decision);
            Assert.Empty(result.MissingPermissions);
            Assert.Null(result.MissingPermissionsPolicy);
            Assert.Equal(4, result.Results.Count);
        }

        [Fact]
        public void MissingPermissionsBecomeAReadyPolicy()
        {
            var request = new EvaluationRequest("iam:GetUser", User) { IdentityPolicies = new[] { Policy(Allow("iam:CreateRole"), Allow("iam:PutRolePolicy")) } };

            ScenarioResult result = ScenarioEvaluator.Evaluate("ConfigureCloudWatchLogs", request, ConfigureLogs, Options);

            Assert.Equal(PolicyDecision.ImplicitDeny, result.Decision);
            Assert.Equal(2, result.MissingPermissions.Count);
            using JsonDocument policy = JsonDocument.Parse(result.MissingPermissionsPolicy!);
            JsonElement statements = policy.RootElement.GetProperty("Statement");
            Assert.Equal(2, statements.GetArrayLength());
            Assert.Equal("cloudtrail.amazonaws.com", statements[0].GetProperty("Condition").GetProperty("StringEquals").GetProperty("iam:PassedToService").GetString());
            Assert.Contains("iam:PassRole", result.Explanation);

            // The suggested policy, added, makes the scenario pass.
            var fixedRequest = new EvaluationRequest("iam:GetUser", User)
            {
                IdentityPolicies = new[] { request.IdentityPolicies[0], CloudTrailIamTools.Core.Policies.PolicyDocument.Parse(result.MissingPermissionsPolicy!) },
            };
            Assert.Equal(PolicyDecision.Allowed, ScenarioEvaluator.Evaluate("ConfigureCloudWatchLogs", fixedRequest, ConfigureLogs, Options).Decision);
        }

        [Fact]
        public void AnExplicitDenyMakesTheScenarioExplicitlyDenied()
        {
            var request = new EvaluationRequest("iam:GetUser", User) { IdentityPolicies = new[] { Policy(Allow(), Deny("iam:PassRole")) } };

            ScenarioResult result = ScenarioEvaluator.Evaluate("ConfigureCloudWatchLogs", request, ConfigureLogs, Options);

            Assert.Equal(PolicyDecision.ExplicitDeny, result.Decision);
            Assert.Null(result.MissingPermissionsPolicy);
            Assert.Contains("cannot be fixed by adding an Allow", result.Explanation);
        }
    }
}
