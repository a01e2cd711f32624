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
            Assert.Null(without.SimulatorComparedDecision);
            Assert.Equal(PolicyDecision.Allowed, agreeing.SimulatorComparedDecision);
            Assert.Null(agreeing.SimulatorNote);
        }

        [Fact]
        public void WithASessionPolicyTheSimulatorIsComparedWithTheAnswerWithoutIt()
        {
            // The session policy allows only DescribeTrails: the engine denies GetTrail (Session); the simulator,
            // which cannot apply a session policy, answers for the identity policies alone.
            var request = new EvaluationRequest("cloudtrail:GetTrail", Kit.Session) { IdentityPolicies = new[] { Kit.Policy(Kit.Allow()) } };
            EvaluationResult withoutSession = Kit.Run(request);
            EvaluationResult withSession = Kit.Run(new EvaluationRequest("cloudtrail:GetTrail", Kit.Session)
            {
                IdentityPolicies = request.IdentityPolicies,
                SessionPolicy = Kit.Policy(Kit.Allow("cloudtrail:DescribeTrails")),
            });
            Assert.Equal(PolicyDecision.ImplicitDeny, withSession.Decision);

            var agreeing = new LivePermissionResult(withSession, PolicyDecision.Allowed, null, withoutSession);
            var disagreeing = new LivePermissionResult(withSession, PolicyDecision.ExplicitDeny, null, withoutSession);
            var notAsked = new LivePermissionResult(withSession, null, null, withoutSession);

            Assert.Equal(PolicyDecision.ImplicitDeny, agreeing.Decision);
            Assert.Equal(PolicyDecision.Allowed, agreeing.SimulatorComparedDecision);
            Assert.True(agreeing.SimulatorAgrees);
            Assert.Contains("session policy was not simulated", agreeing.SimulatorNote);
            Assert.Contains("with it the engine answers ImplicitDeny", agreeing.SimulatorNote);
            Assert.Contains(agreeing.SimulatorNote!, agreeing.Explanation);
            Assert.Contains("agrees (Allowed)", agreeing.Explanation);

            Assert.False(disagreeing.SimulatorAgrees);
            Assert.Contains("disagrees", disagreeing.Explanation);
            Assert.NotNull(disagreeing.SimulatorNote);

            Assert.Null(notAsked.SimulatorAgrees);
            Assert.Null(notAsked.SimulatorNote);
            Assert.Equal(withSession.Explanation, notAsked.Explanation);
        }

        [Fact]
        public void SessionPolicyThatChangesNothingSaysSo()
        {
            var request = new EvaluationRequest("cloudtrail:GetTrail", Kit.Session)
            {
                IdentityPolicies = new[] { Kit.Policy(Kit.Allow()) },
                SessionPolicy = Kit.Policy(Kit.Allow("cloudtrail:Get*")),
            };
            EvaluationResult withSession = Kit.Run(request);
            EvaluationResult withoutSession = Kit.Run(new EvaluationRequest("cloudtrail:GetTrail", Kit.Session) { IdentityPolicies = request.IdentityPolicies });

            var result = new LivePermissionResult(withSession, PolicyDecision.Allowed, null, withoutSession);

            Assert.True(result.SimulatorAgrees);
            Assert.Contains("does not change", result.SimulatorNote);
        }
    }
}
