using System.IO;
using CloudTrailIamTools.Cli.Commands;
using CloudTrailIamTools.Core.Evaluation;
using CloudTrailIamTools.Core.Live;
using CloudTrailIamTools.Core.Policies;

namespace CloudTrailIamTools.Cli.Tests
{
    /// <summary>The readable report says DISAGREES only when the simulator really differs, and shows why a comparison was adjusted.</summary>
    public sealed class SimulatorReportTests
    {
        private const string Session = "arn:aws:sts::111122223333:assumed-role/Auditor/ana";

        private static PolicyDocument Allow(string action) =>
            PolicyDocument.Parse("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"" + action + "\",\"Resource\":\"*\"}}", "p");

        private static string Report(LivePermissionResult result)
        {
            var text = new StringWriter();
            new PermissionResultOutput(text, json: false).Write(result);
            return text.ToString();
        }

        [Fact]
        public void ASessionPolicyLeftOutOfTheSimulationIsExplainedNotReportedAsDisagreement()
        {
            var identity = new[] { Allow("cloudtrail:GetTrail") };
            EvaluationResult withoutSession = PolicyEvaluator.Evaluate(new EvaluationRequest("cloudtrail:GetTrail", Session) { IdentityPolicies = identity });
            EvaluationResult withSession = PolicyEvaluator.Evaluate(new EvaluationRequest("cloudtrail:GetTrail", Session) { IdentityPolicies = identity, SessionPolicy = Allow("cloudtrail:DescribeTrails") });

            string report = Report(new LivePermissionResult(withSession, PolicyDecision.Allowed, null, withoutSession));

            Assert.Contains("(agrees)", report);
            Assert.DoesNotContain("DISAGREES", report);
            Assert.Contains("Simulator note", report);
        }

        [Fact]
        public void ARealDifferenceIsReported()
        {
            EvaluationResult allowed = PolicyEvaluator.Evaluate(new EvaluationRequest("cloudtrail:GetTrail", Session) { IdentityPolicies = new[] { Allow("cloudtrail:GetTrail") } });

            Assert.Contains("(DISAGREES)", Report(new LivePermissionResult(allowed, PolicyDecision.ImplicitDeny, null)));
        }
    }
}
