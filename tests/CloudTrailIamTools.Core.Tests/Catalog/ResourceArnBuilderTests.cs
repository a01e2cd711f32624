using CloudTrailIamTools.Core.Catalog;
using CloudTrailIamTools.Core.Evaluation;
using CloudTrailIamTools.Core.Live;
using CloudTrailIamTools.Core.Policies;

namespace CloudTrailIamTools.Core.Tests.Catalog
{
    public sealed class ResourceArnBuilderTests
    {
        [Theory]
        [InlineData("cloudtrail:GetTrailStatus", "My-Trail", "eu-west-1", "arn:aws:cloudtrail:eu-west-1:123456789012:trail/My-Trail")]
        [InlineData("cloudtrail:GetTrailStatus", "My-Trail", null, "arn:aws:cloudtrail:*:123456789012:trail/My-Trail")]
        [InlineData("iam:GetRole", "Auditor", "eu-west-1", "arn:aws:iam::123456789012:role/Auditor")]
        public void BuildsTheActionsResourceArn(string action, string name, string? region, string expected)
        {
            Assert.Equal(expected, ResourceArnBuilder.FromName(IamCatalog.Default, action, name, "aws", "123456789012", region));
        }

        [Theory]
        [InlineData("*")]
        [InlineData("arn:aws:cloudtrail:us-east-1:123456789012:trail/x")]
        public void LeavesArnsAndWildcardsAlone(string resource)
        {
            Assert.Equal(resource, ResourceArnBuilder.Qualify(IamCatalog.Default, "cloudtrail:GetTrailStatus", resource, "aws", "1", "us-east-1"));
        }

        [Fact]
        public void UnknownActionsGiveNull()
        {
            Assert.Null(ResourceArnBuilder.FromName(IamCatalog.Default, "cloudtrail:GetWidget", "w", "aws", "1", null));
        }

        [Fact]
        public void LiveRequestsQualifyBareNamesSoArnPoliciesMatch()
        {
            var policy = PolicyDocument.Parse("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"cloudtrail:GetTrailStatus\",\"Resource\":\"arn:aws:cloudtrail:us-east-1:123456789012:trail/*\"}}", "read");
            var policies = new PrincipalPolicies("arn:aws:iam::123456789012:user/mateojackson", "arn:aws:iam::123456789012:user/mateojackson", new[] { policy }, null);

            var request = LivePermissionTester.BuildRequest(policies, "cloudtrail:GetTrailStatus", "My-Trail", new LiveRequestExtras { Region = "us-east-1" });

            Assert.Equal("arn:aws:cloudtrail:us-east-1:123456789012:trail/My-Trail", request.Resource);
            Assert.Equal(PolicyDecision.Allowed, PolicyEvaluator.Evaluate(request).Decision);
        }
    }
}
