using System.Text.Json;
using CloudTrailIamTools.Core;
using CloudTrailIamTools.Core.Evaluation;
using CloudTrailIamTools.Core.Policies;
using CloudTrailIamTools.Infrastructure;

namespace CloudTrailIamTools.Module.Tests
{
    /// <summary>Pipeline requests with a bad policy: the error's target is that policy, found from the reader's own error.</summary>
    public sealed class RequestPolicyLocatorTests
    {
        private const string Good = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
        private const string Bad = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Perhaps\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

        private static string? TargetOf(string request)
        {
            var error = Assert.Throws<PolicyFormatException>(() => new EvaluationRequestReader().Parse(request));
            return RequestPolicyLocator.Find(request, error.PolicyName);
        }

        private static void AssertSameJson(string expected, string? actual)
        {
            Assert.NotNull(actual);
            Assert.Equal(JsonSerializer.Serialize(JsonDocument.Parse(expected).RootElement), JsonSerializer.Serialize(JsonDocument.Parse(actual!).RootElement));
        }

        [Theory]
        [InlineData("\"IdentityPolicies\":[" + Good + "," + Bad + "]")]
        [InlineData("\"IdentityPolicies\":" + Bad)]
        [InlineData("\"PermissionsBoundary\":" + Bad)]
        [InlineData("\"ServiceControlPolicies\":[[" + Good + "],[" + Good + "," + Bad + "]]")]
        [InlineData("\"ServiceControlPolicies\":[" + Good + "," + Bad + "]")]
        [InlineData("\"IdentityPolicies\":[{\"Name\":\"ops-inline\",\"Document\":" + Bad + "}]")]
        public void TheBadPolicyIsFound(string policies)
        {
            string request = "{\"Action\":\"cloudtrail:GetTrail\",\"Principal\":\"arn:aws:iam::111122223333:user/a\"," + policies + "}";

            AssertSameJson(Bad, TargetOf(request));
        }

        [Fact]
        public void UnknownLocationsFindNothing()
        {
            Assert.Null(RequestPolicyLocator.Find("{\"IdentityPolicies\":[]}", "IdentityPolicies[3]"));
            Assert.Null(RequestPolicyLocator.Find("not json", "SessionPolicy"));
        }
    }
}
