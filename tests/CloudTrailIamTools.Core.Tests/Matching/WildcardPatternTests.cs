using CloudTrailIamTools.Core.Matching;

namespace CloudTrailIamTools.Core.Tests.Matching
{
    public sealed class WildcardPatternTests
    {
        [Theory]
        [InlineData("cloudtrail:*", "cloudtrail:GetTrailStatus", true, true)]
        [InlineData("cloudtrail:get*", "cloudtrail:GetTrailStatus", true, true)]
        [InlineData("cloudtrail:get*", "cloudtrail:GetTrailStatus", false, false)]
        [InlineData("cloudtrail:Describe?rails", "cloudtrail:DescribeTrails", true, true)]
        [InlineData("*", "", true, true)]
        [InlineData("a*b*c", "aXXbYYc", false, true)]
        [InlineData("a*b*c", "aXXbYY", false, false)]
        [InlineData("?", "", false, false)]
        [InlineData("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/AWSLogs/1/x.json.gz", false, true)]
        public void MatchesLikeIam(string pattern, string text, bool ignoreCase, bool expected)
        {
            Assert.Equal(expected, WildcardPattern.IsMatch(pattern, text, ignoreCase));
        }

        [Fact]
        public void PathologicalPatternsStayFast()
        {
            string text = new string('a', 100_000);
            Assert.False(WildcardPattern.IsMatch("*a*a*a*a*a*a*a*a*b", text, ignoreCase: false));
        }
    }
}
