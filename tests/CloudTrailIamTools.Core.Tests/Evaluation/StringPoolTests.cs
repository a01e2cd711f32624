using System;
using CloudTrailIamTools.Core.Evaluation;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    public sealed class StringPoolTests
    {
        [Fact]
        public void TheSameTextGivesTheSameInstanceAndOtherTextsTheirOwn()
        {
            var pool = new StringPool();
            string first = pool.Get("aws:SourceIp".AsSpan());

            Assert.Same(first, pool.Get("xaws:SourceIp".AsSpan(1)));
            Assert.Equal("aws:sourceip", pool.Get("aws:sourceip".AsSpan()));
            Assert.Same(pool.GetContextValue("us-east-1".AsSpan()), pool.GetContextValue("xus-east-1".AsSpan(1)));
            Assert.Equal(new[] { "us-east-1" }, pool.GetContextValue("us-east-1".AsSpan()).Values);
        }

        [Fact]
        public void ManyDistinctAndLongTextsStayCorrect()
        {
            var pool = new StringPool();
            for (int i = 0; i < 20_000; i++)
            {
                string text = "arn:aws:iam::111122223333:user/u" + i;
                Assert.Equal(text, pool.Get(text.AsSpan()));
            }

            string longText = new string('a', 300);
            Assert.Equal(longText, pool.Get(longText.AsSpan()));
        }

        [Fact]
        public void ConsecutiveExplanationsDoNotShareText()
        {
            EvaluationResult allowed = Kit.Run(new EvaluationRequest("s3:GetObject", Kit.User) { IdentityPolicies = new[] { Kit.Policy(Kit.Allow()) } });
            EvaluationResult denied = Kit.Run(new EvaluationRequest("s3:PutObject", Kit.User));

            Assert.StartsWith(Kit.User + " is allowed to perform s3:GetObject", allowed.Explanation);
            Assert.StartsWith(Kit.User + " is implicitly denied s3:PutObject", denied.Explanation);
            Assert.DoesNotContain("GetObject", denied.Explanation);
        }
    }
}
