using CloudTrailIamTools.Core.Evaluation;
using CloudTrailIamTools.Core.Policies;
using static CloudTrailIamTools.Core.Tests.Evaluation.Kit;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>Policy variables, from the IAM reference on policy variables.</summary>
    public sealed class PolicyVariableTests
    {
        private static EvaluationResult Get(string principal, string resource, PolicyDocument policy, string? context = null) =>
            Run(new EvaluationRequest("s3:GetObject", principal)
            {
                Resource = resource,
                IdentityPolicies = new[] { policy },
                Context = context is null ? null : new EvaluationRequestReader().Parse(
                    "{\"Action\":\"s3:GetObject\",\"Principal\":\"" + principal + "\",\"Context\":" + context + "}").Context,
            });

        [Theory]
        [InlineData(Bucket + "/home/alice/notes.txt", true)]
        [InlineData(Bucket + "/home/bob/notes.txt", false)]
        public void UsernameIsSubstitutedInResources(string resource, bool allowed)
        {
            PolicyDocument policy = Policy(Allow("s3:GetObject", Bucket + "/home/${aws:username}/*"));

            Assert.Equal(allowed ? PolicyDecision.Allowed : PolicyDecision.ImplicitDeny, Get(User, resource, policy).Decision);
        }

        [Fact]
        public void A2008PolicyReadsVariablesLiterally()
        {
            PolicyDocument policy = PolicyDocument.Parse(
                "{\"Version\":\"2008-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"" + Bucket + "/home/${aws:username}/*\"}]}");

            Assert.Equal(PolicyDecision.ImplicitDeny, Get(User, Bucket + "/home/alice/x", policy).Decision);
            Assert.Equal(PolicyDecision.Allowed, Get(User, Bucket + "/home/${aws:username}/x", policy).Decision);
        }

        [Fact]
        public void AMissingVariableMatchesNothingAndIsReported()
        {
            // An assumed-role session has no aws:username.
            EvaluationResult result = Get(Session, Bucket + "/home/alice/x", Policy(Allow("s3:GetObject", Bucket + "/home/${aws:username}/*")));

            Assert.Equal(PolicyDecision.ImplicitDeny, result.Decision);
            Assert.Contains("aws:username", result.MissingContextKeys);
        }

        [Fact]
        public void ADefaultValueStandsInForAMissingKey()
        {
            PolicyDocument policy = Policy(Allow("s3:GetObject", Bucket + "/home/${aws:username, 'shared'}/*"));

            Assert.Equal(PolicyDecision.Allowed, Get(Session, Bucket + "/home/shared/x", policy).Decision);
            Assert.Equal(PolicyDecision.Allowed, Get(User, Bucket + "/home/alice/x", policy).Decision);
            Assert.Equal(PolicyDecision.ImplicitDeny, Get(User, Bucket + "/home/shared/x", policy).Decision);
        }

        [Fact]
        public void TagsCanBeVariablesInConditions()
        {
            PolicyDocument policy = Policy(Allow("s3:GetObject", "*",
                "\"Condition\":{\"StringEquals\":{\"aws:ResourceTag/team\":\"${aws:PrincipalTag/team}\"}}"));

            Assert.Equal(PolicyDecision.Allowed, Get(User, Bucket + "/x", policy, """{"aws:PrincipalTag/team":"ops","aws:ResourceTag/team":"ops"}""").Decision);
            Assert.Equal(PolicyDecision.ImplicitDeny, Get(User, Bucket + "/x", policy, """{"aws:PrincipalTag/team":"ops","aws:ResourceTag/team":"dev"}""").Decision);
        }

        [Theory]
        [InlineData(Bucket + "/literal*star", true)]
        [InlineData(Bucket + "/literalXstar", false)]
        public void EscapedAsteriskMatchesOnlyAnAsterisk(string resource, bool allowed)
        {
            PolicyDocument policy = Policy(Allow("s3:GetObject", Bucket + "/literal${*}star"));

            Assert.Equal(allowed ? PolicyDecision.Allowed : PolicyDecision.ImplicitDeny, Get(User, resource, policy).Decision);
        }

        [Theory]
        [InlineData(Bucket + "/what?", true)]
        [InlineData(Bucket + "/whatX", false)]
        public void EscapedQuestionMarkMatchesOnlyAQuestionMark(string resource, bool allowed)
        {
            PolicyDocument policy = Policy(Allow("s3:GetObject", Bucket + "/what${?}"));

            Assert.Equal(allowed ? PolicyDecision.Allowed : PolicyDecision.ImplicitDeny, Get(User, resource, policy).Decision);
        }

        [Fact]
        public void EscapedDollarMatchesADollarSign()
        {
            PolicyDocument policy = Policy(Allow("s3:GetObject", Bucket + "/cost${$}report"));

            Assert.Equal(PolicyDecision.Allowed, Get(User, Bucket + "/cost$report", policy).Decision);
        }

        [Fact]
        public void SubstitutedValuesAreLiteralEvenWithWildcardCharacters()
        {
            PolicyDocument policy = Policy(Allow("s3:GetObject", Bucket + "/${aws:PrincipalTag/prefix}/x"));

            Assert.Equal(PolicyDecision.Allowed, Get(User, Bucket + "/a*/x", policy, """{"aws:PrincipalTag/prefix":"a*"}""").Decision);
            Assert.Equal(PolicyDecision.ImplicitDeny, Get(User, Bucket + "/abc/x", policy, """{"aws:PrincipalTag/prefix":"a*"}""").Decision);
        }

        [Fact]
        public void VariablesWorkInArnConditions()
        {
            PolicyDocument policy = Policy(Allow("iam:PassRole", "*",
                "\"Condition\":{\"ArnLike\":{\"iam:AssociatedResourceArn\":\"arn:aws:cloudtrail:*:${aws:PrincipalAccount}:trail/*\"}}"));
            var request = new EvaluationRequest("iam:PassRole", User)
            {
                IdentityPolicies = new[] { policy },
                Context = new System.Collections.Generic.Dictionary<string, System.Collections.Generic.IReadOnlyList<string>> { ["iam:AssociatedResourceArn"] = new[] { Trail } },
            };

            Assert.Equal(PolicyDecision.Allowed, Run(request).Decision);
        }
    }
}
