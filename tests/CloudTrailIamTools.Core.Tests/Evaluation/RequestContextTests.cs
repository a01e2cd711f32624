using CloudTrailIamTools.Core.Evaluation;
using static CloudTrailIamTools.Core.Tests.Evaluation.Kit;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>Context keys the engine fills in from the request, as AWS would know them.</summary>
    public sealed class RequestContextTests
    {
        private static bool Equals(string principal, string key, string expected, string? resourceAccount = null)
        {
            string condition = "\"Condition\":{\"StringEquals\":{\"" + key + "\":\"" + expected + "\"}}";
            return Run(new EvaluationRequest("s3:GetObject", principal)
            {
                Resource = Bucket + "/k",
                ResourceAccount = resourceAccount,
                IdentityPolicies = new[] { Policy(Allow("*", "*", condition)) },
                ResourcePolicy = Policy(AllowPrincipal("\"*\"", "*", "*", condition)),
            }).Decision == PolicyDecision.Allowed;
        }

        [Theory]
        [InlineData(User, "aws:PrincipalArn", User)]
        [InlineData(User, "aws:PrincipalAccount", Account)]
        [InlineData(User, "aws:PrincipalType", "User")]
        [InlineData(User, "aws:username", "alice")]
        [InlineData(User, "aws:PrincipalIsAWSService", "false")]
        [InlineData(Session, "aws:PrincipalArn", Role)] // a session's principal ARN is its role's
        [InlineData(Session, "aws:PrincipalType", "AssumedRole")]
        [InlineData(Role, "aws:PrincipalType", "AssumedRole")]
        [InlineData("arn:aws:sts::111122223333:federated-user/carol", "aws:PrincipalType", "FederatedUser")]
        [InlineData("arn:aws:sts::111122223333:federated-user/carol", "aws:userid", "111122223333:carol")]
        [InlineData("arn:aws:iam::111122223333:root", "aws:PrincipalType", "Account")]
        [InlineData("arn:aws:iam::111122223333:root", "aws:userid", "111122223333")]
        [InlineData("Anonymous", "aws:PrincipalType", "Anonymous")]
        [InlineData("Anonymous", "aws:userid", "anonymous")]
        [InlineData("cloudtrail.amazonaws.com", "aws:PrincipalServiceName", "cloudtrail.amazonaws.com")]
        [InlineData("cloudtrail.amazonaws.com", "aws:PrincipalIsAWSService", "true")]
        public void FillsPrincipalKeys(string principal, string key, string expected)
        {
            Assert.True(Equals(principal, key, expected));
        }

        [Fact]
        public void FillsTheResourceAccountFromTheRequestOrTheArn()
        {
            Assert.True(Equals(User, "aws:ResourceAccount", OtherAccount, OtherAccount)); // both sides allow this cross-account call
            Assert.False(Equals(User, "aws:ResourceAccount", Account, OtherAccount));
            var fromArn = new EvaluationRequest("cloudtrail:GetTrail", User)
            {
                Resource = Trail,
                IdentityPolicies = new[] { Policy(Allow("*", "*", "\"Condition\":{\"StringEquals\":{\"aws:ResourceAccount\":\"111122223333\"}}")) },
            };

            Assert.Equal(PolicyDecision.Allowed, Run(fromArn).Decision);
        }

        [Fact]
        public void SuppliedContextWinsOverDerivedKeys()
        {
            var request = new EvaluationRequest("s3:GetObject", User)
            {
                IdentityPolicies = new[] { Policy(Allow("*", "*", "\"Condition\":{\"StringEquals\":{\"aws:username\":\"override\"}}")) },
                Context = new System.Collections.Generic.Dictionary<string, System.Collections.Generic.IReadOnlyList<string>> { ["AWS:UserName"] = new[] { "override" } },
            };

            Assert.Equal(PolicyDecision.Allowed, Run(request).Decision);
        }

        [Theory]
        [InlineData("aws:username", Session)] // sessions have no user name
        [InlineData("aws:userid", User)] // unique ids are not knowable offline
        [InlineData("aws:SourceIp", User)]
        public void KeysTheEngineCannotKnowAreReportedMissing(string key, string principal)
        {
            EvaluationResult result = Run(new EvaluationRequest("s3:GetObject", principal)
            {
                IdentityPolicies = new[] { Policy(Allow("*", "*", "\"Condition\":{\"StringLike\":{\"" + key + "\":\"*\"}}")) },
            });

            Assert.Equal(PolicyDecision.ImplicitDeny, result.Decision);
            Assert.Equal(new[] { key }, result.MissingContextKeys);
        }

        [Theory]
        [InlineData("", "Action")]
        [InlineData("GetTrail", "Action")]
        public void RejectsBadActions(string action, string location)
        {
            InvalidInputException error = Assert.Throws<InvalidInputException>(() => new EvaluationRequest(action, User));
            Assert.Equal(location, error.Location);
        }

        [Theory]
        [InlineData("")]
        [InlineData("bob")]
        [InlineData("arn:aws:s3:::bucket")]
        public void RejectsPrincipalsThatAreNone(string principal)
        {
            InvalidInputException error = Assert.Throws<InvalidInputException>(() => new EvaluationRequest("s3:GetObject", principal));
            Assert.Equal("Principal", error.Location);
        }

        [Fact]
        public void RejectsAResourceAccountThatIsNotAnAccountId()
        {
            InvalidInputException error = Assert.Throws<InvalidInputException>(() => new EvaluationRequest("s3:GetObject", User) { ResourceAccount = "12345" });
            Assert.Equal("ResourceAccount", error.Location);
        }
    }
}
