using System.Text.Json;
using CloudTrailIamTools.Core.Evaluation;
using CloudTrailIamTools.Core.Policies;
using static CloudTrailIamTools.Core.Tests.Evaluation.Kit;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>"Can this principal do X?" without a resource: the answer for "*" stays AWS's, and says where X is allowed.</summary>
    public sealed class AllowedOnResourcesTests
    {
        private const string Mateo = "arn:aws:iam::111122223333:user/mateojackson";

        private static readonly PolicyDocument TrailReader = Policy(
            Allow("cloudtrail:GetTrailStatus", Trail),
            Allow("cloudtrail:GetTrailStatus", "arn:aws:cloudtrail:eu-west-1:111122223333:trail/*"),
            Allow("cloudtrail:DescribeTrails"));

        [Fact]
        public void WithoutAResourceTheDecisionStaysImplicitDenyAndNamesWhereTheActionIsAllowed()
        {
            EvaluationResult result = Run(new EvaluationRequest("cloudtrail:GetTrailStatus", Mateo) { IdentityPolicies = new[] { TrailReader } });

            Assert.Equal(PolicyDecision.ImplicitDeny, result.Decision);
            Assert.Equal(new[] { Trail, "arn:aws:cloudtrail:eu-west-1:111122223333:trail/*" }, result.AllowedOnResources);
            Assert.Contains("allow it on specific resources: " + Trail, result.Explanation);
        }

        [Fact]
        public void TheCliJsonAndTheSerializerCarryIt()
        {
            EvaluationResult result = Run(new EvaluationRequest("cloudtrail:GetTrailStatus", Mateo) { IdentityPolicies = new[] { TrailReader } });

            using JsonDocument written = JsonDocument.Parse(EvaluationResultWriter.ToJson(result));
            Assert.Equal(Trail, written.RootElement.GetProperty("AllowedOnResources")[0].GetString());
            using JsonDocument serialized = JsonDocument.Parse(JsonSerializer.Serialize(result, Serialization.CoreJson.Output));
            Assert.Equal(2, serialized.RootElement.GetProperty("AllowedOnResources").GetArrayLength());
        }

        [Fact]
        public void StatementsWhoseConditionsFailOrThatDenyAreNotCounted()
        {
            PolicyDocument policy = Policy(
                Allow("cloudtrail:GetTrailStatus", Trail, "\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}"),
                Allow("s3:GetObject", Bucket + "/*"));

            EvaluationResult result = Run(new EvaluationRequest("cloudtrail:GetTrailStatus", Mateo) { IdentityPolicies = new[] { policy } });

            Assert.Empty(result.AllowedOnResources);
            Assert.DoesNotContain("specific resources", result.Explanation);
        }

        [Fact]
        public void ItIsEmptyWhenAllowedOrWhenAResourceWasNamed()
        {
            Assert.Empty(Run(new EvaluationRequest("cloudtrail:DescribeTrails", Mateo) { IdentityPolicies = new[] { TrailReader } }).AllowedOnResources);
            Assert.Empty(Run(new EvaluationRequest("cloudtrail:GetTrailStatus", Mateo)
            {
                Resource = "arn:aws:cloudtrail:us-east-1:111122223333:trail/Other",
                IdentityPolicies = new[] { TrailReader },
            }).AllowedOnResources);
        }

        [Fact]
        public void ItIsEmptyWhenTheIdentitySideAllowsEveryResourceAndSomethingElseDenies()
        {
            var request = new EvaluationRequest("cloudtrail:GetTrailStatus", Mateo)
            {
                IdentityPolicies = new[] { Policy(Allow("cloudtrail:*"), Allow("cloudtrail:GetTrailStatus", Trail)) },
                PermissionsBoundary = Policy(Allow("s3:*")),
            };

            EvaluationResult result = Run(request);

            Assert.Equal(new[] { PolicyType.PermissionsBoundary }, result.DeniedBy);
            Assert.Empty(result.AllowedOnResources);
        }

        [Fact]
        public void ScenarioResultsCarryItPerStep()
        {
            ScenarioResult result = ScenarioEvaluator.Evaluate(
                "ReadTrailStatus",
                new EvaluationRequest("cloudtrail:DescribeTrails", Mateo) { IdentityPolicies = new[] { TrailReader } },
                new[] { new RequiredPermission("cloudtrail:GetTrailStatus") },
                Options);

            Assert.Contains(Trail, result.Results[0].AllowedOnResources);
            using JsonDocument serialized = JsonDocument.Parse(JsonSerializer.Serialize(result, Serialization.CoreJson.Output));
            Assert.Equal(2, serialized.RootElement.GetProperty("Results")[0].GetProperty("AllowedOnResources").GetArrayLength());
        }
    }
}
