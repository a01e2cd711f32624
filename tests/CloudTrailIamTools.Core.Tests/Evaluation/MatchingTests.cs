using CloudTrailIamTools.Core.Evaluation;
using static CloudTrailIamTools.Core.Tests.Evaluation.Kit;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>Action and resource matching, per the IAM reference for the Action and Resource elements.</summary>
    public sealed class MatchingTests
    {
        [Theory]
        [InlineData("cloudtrail:GetTrailStatus", "cloudtrail:GetTrailStatus", true)]
        [InlineData("CloudTrail:gettrailstatus", "cloudtrail:GetTrailStatus", true)] // actions are case-insensitive
        [InlineData("cloudtrail:*", "cloudtrail:StopLogging", true)]
        [InlineData("cloudtrail:Get*", "cloudtrail:GetTrailStatus", true)]
        [InlineData("cloudtrail:get*", "cloudtrail:GetTrailStatus", true)]
        [InlineData("cloudtrail:Get*", "cloudtrail:StopLogging", false)]
        [InlineData("cloudtrail:*Trail*", "cloudtrail:DescribeTrails", true)]
        [InlineData("cloudtrail:Describe?rails", "cloudtrail:DescribeTrails", true)]
        [InlineData("cloudtrail:Describe?rails", "cloudtrail:DescribeTTrails", false)]
        [InlineData("*", "kms:Decrypt", true)]
        [InlineData("s3:*", "s3express:CreateSession", false)]
        [InlineData("cloudtrail:GetTrail", "cloudtrail:GetTrailStatus", false)]
        public void MatchesActions(string pattern, string action, bool expected)
        {
            EvaluationResult result = Run(new EvaluationRequest(action, User) { IdentityPolicies = new[] { Policy(Allow(pattern)) } });

            Assert.Equal(expected ? PolicyDecision.Allowed : PolicyDecision.ImplicitDeny, result.Decision);
        }

        [Theory]
        [InlineData("*", Trail, true)]
        [InlineData(Trail, Trail, true)]
        [InlineData("arn:aws:cloudtrail:us-east-1:111122223333:trail/main", Trail, false)] // resources are case-sensitive
        [InlineData("arn:aws:cloudtrail:*:111122223333:trail/*", Trail, true)]
        [InlineData("arn:aws:cloudtrail:us-east-?:111122223333:trail/Main", Trail, true)]
        [InlineData("arn:aws:cloudtrail:us-*:*:trail/M*", Trail, true)]
        [InlineData("arn:aws:cloudtrail:*:trail/Main", Trail, false)] // '*' does not span the region and account segments
        [InlineData("arn:aws:*:us-east-1:111122223333:trail/Main", Trail, true)]
        [InlineData("arn:aws:cloudtrail:us-east-1:444455556666:trail/*", Trail, false)]
        [InlineData("arn:aws:s3:::logs-bucket/*", "arn:aws:s3:::logs-bucket/AWSLogs/111122223333/x:y.json.gz", true)] // the resource part may hold colons
        [InlineData("arn:aws:s3:::logs-bucket/*", "arn:aws:s3:::logs-bucket", false)]
        [InlineData("arn:aws:s3:::logs-*", "arn:aws:s3:::logs-bucket", true)]
        [InlineData("arn:aws:*", "arn:aws:s3:::logs-bucket", false)] // an ARN pattern needs all six parts
        [InlineData("arn:aws:s3:::*", "arn:aws:s3:::logs-bucket", true)]
        [InlineData("Main*", "Main-trail", true)] // names that are not ARNs are matched whole
        [InlineData("arn:aws:s3:::logs-bucket", "*", false)]
        public void MatchesResourcesBySegment(string pattern, string resource, bool expected)
        {
            EvaluationResult result = Run(new EvaluationRequest("s3:GetObject", User)
            {
                Resource = resource,
                IdentityPolicies = new[] { Policy(Allow("s3:GetObject", pattern)) },
            });

            Assert.Equal(expected ? PolicyDecision.Allowed : PolicyDecision.ImplicitDeny, result.Decision);
        }

        [Fact]
        public void NotActionMatchesEveryOtherAction()
        {
            var policy = Policy("""{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}""");

            Assert.Equal(PolicyDecision.Allowed, Run(new EvaluationRequest("cloudtrail:CreateTrail", User) { IdentityPolicies = new[] { policy } }).Decision);
            Assert.Equal(PolicyDecision.ImplicitDeny, Run(new EvaluationRequest("iam:CreateRole", User) { IdentityPolicies = new[] { policy } }).Decision);
        }

        [Fact]
        public void NotResourceMatchesEveryOtherResource()
        {
            var policies = new[]
            {
                Policy(Allow()),
                Policy("""{"Effect":"Deny","Action":"s3:*","NotResource":["arn:aws:s3:::logs-bucket","arn:aws:s3:::logs-bucket/*"]}"""),
            };

            Assert.Equal(PolicyDecision.Allowed, Run(new EvaluationRequest("s3:GetObject", User) { Resource = "arn:aws:s3:::logs-bucket/a", IdentityPolicies = policies }).Decision);
            Assert.Equal(PolicyDecision.ExplicitDeny, Run(new EvaluationRequest("s3:GetObject", User) { Resource = "arn:aws:s3:::other/a", IdentityPolicies = policies }).Decision);
        }

        [Fact]
        public void AStatementWithoutResourceMatchesAnyResource()
        {
            var policy = Policy("""{"Effect":"Allow","Action":"s3:GetObject"}""");

            Assert.Equal(PolicyDecision.Allowed, Run(new EvaluationRequest("s3:GetObject", User) { Resource = Bucket + "/k", IdentityPolicies = new[] { policy } }).Decision);
        }
    }
}
