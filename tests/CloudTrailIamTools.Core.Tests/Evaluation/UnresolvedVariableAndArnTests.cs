using CloudTrailIamTools.Core.Evaluation;
using CloudTrailIamTools.Core.Policies;
using static CloudTrailIamTools.Core.Tests.Evaluation.Kit;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>Unresolved policy variables match in neither polarity; ARN operators go segment by segment and never match non-ARNs.</summary>
    public sealed class UnresolvedVariableAndArnTests
    {
        private static EvaluationResult WithCondition(string principal, string effect, string operatorName, string key, string value, string? context = null)
        {
            string statement = "{\"Effect\":\"" + effect + "\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\",\"Condition\":{\"" + operatorName + "\":{\"" + key + "\":\"" + value + "\"}}}";
            string policies = effect == "Deny"
                ? "[{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}," + statement + "]}]"
                : "[{\"Version\":\"2012-10-17\",\"Statement\":[" + statement + "]}]";
            return RunJson("{\"Action\":\"s3:GetObject\",\"Resource\":\"" + Bucket + "/k\",\"Principal\":\"" + principal + "\"" +
                (context is null ? string.Empty : ",\"Context\":" + context) + ",\"IdentityPolicies\":" + policies + "}");
        }

        [Theory]
        [InlineData("StringNotEquals", "s3:prefix", "home/${aws:username}/")]
        [InlineData("StringNotLike", "s3:prefix", "home/${aws:username}/*")]
        [InlineData("ArnNotEquals", "aws:SourceArn", "arn:aws:s3:::${aws:username}")]
        [InlineData("ForAnyValue:StringNotLike", "s3:prefix", "${aws:PrincipalTag/team}*")]
        [InlineData("StringNotEquals", "aws:SourceAccount", "${aws:SourceAccount}")]
        public void ANegatedConditionWithAnUnresolvedVariableDoesNotTurnADenyOnForEveryone(string operatorName, string key, string value)
        {
            // A role session has no aws:username and no tags here: the Deny must not apply.
            EvaluationResult result = WithCondition(Session, "Deny", operatorName, key, value, "{\"s3:prefix\":\"home/x/\",\"aws:SourceArn\":\"arn:aws:s3:::b\"}");

            Assert.Equal(PolicyDecision.Allowed, result.Decision);
            Assert.NotEmpty(result.MissingContextKeys);
            Assert.Contains("match in neither polarity", result.Explanation);
        }

        [Fact]
        public void ANegatedConditionWithAnUnresolvedVariableDoesNotGrantEither()
        {
            EvaluationResult result = WithCondition(Session, "Allow", "StringNotEquals", "s3:prefix", "home/${aws:username}/", "{\"s3:prefix\":\"other/\"}");

            Assert.Equal(PolicyDecision.ImplicitDeny, result.Decision);
            Assert.Contains("aws:username", result.MissingContextKeys);
        }

        [Fact]
        public void AResolvedVariableStillDecidesANegatedCondition()
        {
            Assert.Equal(PolicyDecision.ExplicitDeny, WithCondition(User, "Deny", "StringNotEquals", "s3:prefix", "home/${aws:username}/", "{\"s3:prefix\":\"home/bob/\"}").Decision);
            Assert.Equal(PolicyDecision.Allowed, WithCondition(User, "Deny", "StringNotEquals", "s3:prefix", "home/${aws:username}/", "{\"s3:prefix\":\"home/alice/\"}").Decision);
        }

        [Fact]
        public void ADefaultStandsInForAnUnresolvedVariableInANegatedCondition()
        {
            EvaluationResult result = WithCondition(Session, "Deny", "StringNotEquals", "s3:prefix", "home/${aws:username, 'shared'}/", "{\"s3:prefix\":\"home/x/\"}");

            Assert.Equal(PolicyDecision.ExplicitDeny, result.Decision);
            Assert.DoesNotContain("aws:username", result.MissingContextKeys);
        }

        [Fact]
        public void ANotResourceWithAnUnresolvedVariableDoesNotApply()
        {
            PolicyDocument policy = Policy(
                Allow("s3:*"),
                "{\"Effect\":\"Deny\",\"Action\":\"s3:GetObject\",\"NotResource\":\"" + Bucket + "/home/${aws:username}/*\"}");
            var session = new EvaluationRequest("s3:GetObject", Session) { Resource = Bucket + "/home/alice/x", IdentityPolicies = new[] { policy } };
            var user = new EvaluationRequest("s3:GetObject", User) { Resource = Bucket + "/home/bob/x", IdentityPolicies = new[] { policy } };

            EvaluationResult result = Run(session);

            Assert.Equal(PolicyDecision.Allowed, result.Decision);
            Assert.Contains("aws:username", result.MissingContextKeys);
            Assert.Equal(PolicyDecision.ExplicitDeny, Run(user).Decision);
        }

        [Theory]
        [InlineData("ArnLike", "ar*", false)]
        [InlineData("ArnLike", "arn:aws:iam*", false)]
        [InlineData("ArnNotLike", "ar*", true)]
        [InlineData("ArnNotLike", "arn:aws:iam*", true)]
        [InlineData("ArnLike", "arn:aws:iam::*:role/*", true)]
        [InlineData("ArnNotLike", "arn:aws:iam::*:role/*", false)]
        [InlineData("ArnLike", "arn:*:*:*:*:*", true)]
        [InlineData("ArnLike", "*", true)]
        [InlineData("ArnLike", "arn:aws:iam:*:role/Admin", false)] // a wildcard never crosses a colon
        public void ArnOperatorsMatchSegmentBySegmentAndTheirNegationsAgree(string operatorName, string pattern, bool holds)
        {
            Assert.Equal(holds, ConditionOperatorTests.Holds(operatorName, "aws:SourceArn", "\"" + pattern + "\"", "\"" + Role + "\""));
        }

        [Theory]
        [InlineData("ArnEquals", false)]
        [InlineData("ArnLike", false)]
        [InlineData("ArnNotEquals", true)]
        [InlineData("ArnNotLike", true)]
        public void AValueThatIsNotAnArnNeverSatisfiesArnEqualsOrArnLike(string operatorName, bool holds)
        {
            Assert.Equal(holds, ConditionOperatorTests.Holds(operatorName, "aws:SourceArn", "\"*\"", "\"not-an-arn\""));
            Assert.Equal(holds, ConditionOperatorTests.Holds(operatorName, "aws:SourceArn", "\"arn:aws:s3\"", "\"arn:aws:s3\""));
        }

        [Fact]
        public void TheExplanationSaysWhenAValueIsNotAnArn()
        {
            EvaluationResult result = WithCondition(User, "Allow", "ArnLike", "aws:SourceArn", "*", "{\"aws:SourceArn\":\"my-bucket\"}");

            Assert.Equal(PolicyDecision.ImplicitDeny, result.Decision);
            Assert.Contains("aws:SourceArn is not an ARN", result.Explanation);
        }

        [Fact]
        public void AVpcEndpointPolicyStatementWithoutAPrincipalIsAClearError()
        {
            PolicyDocument endpoint = Policy(AllowPrincipal("\"*\"", "s3:ListBucket"), Allow("s3:GetObject", "*", "\"Sid\":\"NoPrincipal\""));

            var error = Assert.Throws<PolicyFormatException>(() => new EvaluationRequest("s3:GetObject", User) { VpcEndpointPolicy = endpoint });

            Assert.Equal("VpcEndpointPolicy", error.PolicyName);
            Assert.Equal("Statement[1]", error.Path);
            Assert.Contains("'NoPrincipal'", error.Message);
            Assert.Contains("needs one", error.Message);
        }

        [Fact]
        public void ABatchLineWithAnEndpointStatementWithoutAPrincipalNamesIt()
        {
            var error = Assert.Throws<PolicyFormatException>(() => RunJson(
                "{\"Action\":\"s3:GetObject\",\"Principal\":\"" + User + "\",\"VpcEndpointPolicy\":{\"Version\":\"2012-10-17\",\"Statement\":[" +
                "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}}"));

            Assert.Contains("Statement[0]", error.Message);
            Assert.Contains("VPC endpoint policy", error.Message);
        }
    }
}
