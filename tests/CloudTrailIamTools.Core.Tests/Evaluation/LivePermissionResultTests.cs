using CloudTrailIamTools.Core.Evaluation;
using CloudTrailIamTools.Core.Live;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    public sealed class LivePermissionResultTests
    {
        [Theory]
        [InlineData("allowed", PolicyDecision.Allowed)]
        [InlineData("explicitDeny", PolicyDecision.ExplicitDeny)]
        [InlineData("implicitDeny", PolicyDecision.ImplicitDeny)]
        [InlineData(" ImplicitDeny ", PolicyDecision.ImplicitDeny)]
        public void SimulatorDecisionsMapOntoTheEngines(string simulator, PolicyDecision expected)
        {
            Assert.Equal(expected, LivePermissionTester.ToDecision(simulator));
        }

        [Fact]
        public void UnknownSimulatorDecisionIsNamed()
        {
            var error = Assert.Throws<InvalidInputException>(() => LivePermissionTester.ToDecision("maybe"));
            Assert.Contains("maybe", error.Message);
        }

        [Fact]
        public void ResultCarriesTheEnginesAnswerAndTheSimulatorsVerdict()
        {
            EvaluationResult evaluation = Kit.Run(new EvaluationRequest("cloudtrail:GetTrail", Kit.User) { IdentityPolicies = new[] { Kit.Policy(Kit.Allow()) } });

            var without = new LivePermissionResult(evaluation, null, null);
            var agreeing = new LivePermissionResult(evaluation, PolicyDecision.Allowed, new[] { "p" });
            var disagreeing = new LivePermissionResult(evaluation, PolicyDecision.ImplicitDeny, null);

            Assert.Equal(evaluation.Explanation, without.Explanation);
            Assert.Null(without.SimulatorAgrees);
            Assert.Empty(without.SimulatorMatchedStatements);
            Assert.True(agreeing.SimulatorAgrees);
            Assert.Contains("agrees", agreeing.Explanation);
            Assert.False(disagreeing.SimulatorAgrees);
            Assert.Contains("disagrees", disagreeing.Explanation);
            Assert.Equal(evaluation.MatchedStatements, disagreeing.MatchedStatements);
            Assert.Equal(PolicyDecision.Allowed, disagreeing.Decision);
        }
    }
}
