using System;
using CloudTrailIamTools.Core.Evaluation;
using CloudTrailIamTools.Core.Policies;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>The batch cache finds a policy by its whole text, however many cached policies share its beginning.</summary>
    public sealed class PolicyCacheTests
    {
        private static string PolicyText(int i) =>
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::bucket-" + i + "/*\"}]}";

        [Fact]
        public void ManyPoliciesWithTheSamePrefixAreEachFoundInPlace()
        {
            var cache = new PolicyCache();
            var parsed = new PolicyDocument[500];
            for (int i = 0; i < parsed.Length; i++)
            {
                parsed[i] = cache.GetOrParse(PolicyText(i));
            }

            for (int i = 0; i < parsed.Length; i++)
            {
                string line = "{\"IdentityPolicies\":[" + PolicyText(i) + "]}";
                Assert.True(cache.TryMatchAt(line, 21, null, out PolicyDocument? found, out int length));
                Assert.Same(parsed[i], found);
                Assert.Equal(PolicyText(i).Length, length);
            }
        }

        [Fact]
        public void AnUncachedOrDifferentlyNamedTextIsNotFound()
        {
            var cache = new PolicyCache();
            cache.GetOrParse(PolicyText(1));
            cache.GetOrParse(PolicyText(2), "named");

            Assert.False(cache.TryMatchAt(PolicyText(3), 0, null, out _, out _));
            Assert.False(cache.TryMatchAt(PolicyText(2), 0, null, out _, out _));
            Assert.True(cache.TryMatchAt(PolicyText(2), 0, "named", out _, out _));
        }

        [Theory]
        [InlineData("{\"a\":\"}\"}", 9)]
        [InlineData("{\"a\":\"\\\"}\"}tail", 11)]
        [InlineData("[{\"a\":[1,2]},{}]x", 16)]
        [InlineData("{\"a\":1", 0)]
        [InlineData("\"text\"", 0)]
        public void TheValueExtentSkipsStringsAndEscapes(string json, int expected)
        {
            Assert.Equal(expected, PolicyCache.ValueLength(json.AsSpan()));
        }

        [Fact]
        public void TheFastPathReadsALineOfCachedPoliciesAsTheFullReaderDoes()
        {
            var reader = new EvaluationRequestReader();
            string line = "{\"Action\":\"s3:GetObject\",\"Principal\":\"arn:aws:iam::111122223333:user/alice\",\"IdentityPolicies\":[" + PolicyText(7) + "," + PolicyText(8) + "]}";
            EvaluationRequest first = reader.Parse(line);
            EvaluationRequest second = reader.Parse(line);

            Assert.Same(first.IdentityPolicies[0], second.IdentityPolicies[0]);
            Assert.Same(first.IdentityPolicies[1], second.IdentityPolicies[1]);
        }
    }
}
