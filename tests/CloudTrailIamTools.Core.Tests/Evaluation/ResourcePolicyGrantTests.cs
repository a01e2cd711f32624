using CloudTrailIamTools.Core.Evaluation;
using CloudTrailIamTools.Core.Policies;
using static CloudTrailIamTools.Core.Tests.Evaluation.Kit;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>Any applying resource-policy Allow that suffices on its own counts, whatever weaker statements match beside it.</summary>
    public sealed class ResourcePolicyGrantTests
    {
        private const string Key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

        [Fact]
        public void AnAccountAllowDoesNotHideAnAllowForEveryoneInTheSamePolicy()
        {
            EvaluationResult result = RunJson(
                "{\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/k\",\"ResourceAccount\":\"111111111111\"," +
                "\"Principal\":\"arn:aws:iam::111111111111:user/alice\"," +
                "\"ResourcePolicy\":{\"Version\":\"2012-10-17\",\"Statement\":[" +
                "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"},\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}," +
                "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}}");

            Assert.Equal(PolicyDecision.Allowed, result.Decision);
            Assert.Equal(new[] { PolicyType.ResourceBased }, result.AllowedBy);
            Assert.Contains("enough on its own", result.Explanation);
        }

        [Theory]
        [InlineData("{\"AWS\":\"arn:aws:iam::111122223333:user/alice\"}")]
        [InlineData("\"*\"")]
        public void AnAccountAllowDoesNotHideANamedPrincipalAllowWhicheverComesFirst(string named)
        {
            string account = AllowPrincipal("{\"AWS\":\"arn:aws:iam::111122223333:root\"}", "s3:GetObject");
            string specific = AllowPrincipal(named, "s3:GetObject");
            foreach (PolicyDocument policy in new[] { Policy(account, specific), Policy(specific, account) })
            {
                var request = new EvaluationRequest("s3:GetObject", User) { Resource = Bucket + "/k", ResourceAccount = Account, ResourcePolicy = policy };

                Assert.Equal(PolicyDecision.Allowed, Run(request).Decision);
            }
        }

        [Fact]
        public void AKeyPolicyThatEnablesIamPermissionsStillGrantsToTheRoleItNames()
        {
            // The most common key policy: "Enable IAM User Permissions" for the account, and a statement for one role.
            var request = new EvaluationRequest("kms:Decrypt", Session)
            {
                Resource = Key,
                ResourcePolicy = Policy(
                    "{\"Sid\":\"Enable IAM User Permissions\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}",
                    "{\"Sid\":\"AllowUseOfTheKey\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:role/Admin\"},\"Action\":[\"kms:Decrypt\",\"kms:Encrypt\"],\"Resource\":\"*\"}"),
            };

            EvaluationResult result = Run(request);

            Assert.Equal(PolicyDecision.Allowed, result.Decision);
            Assert.Equal(new[] { PolicyType.ResourceBased }, result.AllowedBy);
        }

        [Fact]
        public void OnlyTheAccountAllowStillNeedsTheIdentitySide()
        {
            var request = new EvaluationRequest("kms:Decrypt", Session)
            {
                Resource = Key,
                ResourcePolicy = Policy(AllowPrincipal("{\"AWS\":\"arn:aws:iam::111122223333:root\"}", "kms:*")),
            };

            EvaluationResult result = Run(request);

            Assert.Equal(PolicyDecision.ImplicitDeny, result.Decision);
            Assert.Equal(new[] { PolicyType.IdentityBased }, result.DeniedBy);
            Assert.Contains("only delegates", result.Explanation);
        }

        [Fact]
        public void ARoleAllowHeldBackByTheBoundaryDoesNotHideAnAllowForEveryone()
        {
            var request = new EvaluationRequest("s3:GetObject", Session)
            {
                Resource = Bucket + "/k",
                ResourceAccount = Account,
                PermissionsBoundary = Policy(Allow("ec2:*")),
                ResourcePolicy = Policy(AllowPrincipal("{\"AWS\":\"" + Role + "\"}", "s3:GetObject"), AllowPrincipal("\"*\"", "s3:GetObject")),
            };

            Assert.Equal(PolicyDecision.Allowed, Run(request).Decision);
        }
    }
}
