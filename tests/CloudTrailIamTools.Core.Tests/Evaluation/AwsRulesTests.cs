using System.Collections.Generic;
using CloudTrailIamTools.Core.Evaluation;
using static CloudTrailIamTools.Core.Tests.Evaluation.Kit;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>Rules AWS applies whatever the customer's policies say.</summary>
    public sealed class AwsRulesTests
    {
        private const string Root = "arn:aws:iam::111122223333:root";
        private const string ServiceLinkedRole = "arn:aws:iam::111122223333:role/aws-service-role/sso.amazonaws.com/AWSServiceRoleForSSO";

        [Theory]
        [InlineData(User)]
        [InlineData(Session)]
        [InlineData(Root)]
        public void GetCallerIdentityIsAllowedWithoutAnyPolicyAndDespiteAnExplicitDeny(string principal)
        {
            EvaluationResult bare = Run(new EvaluationRequest("sts:GetCallerIdentity", principal));
            EvaluationResult denied = Run(new EvaluationRequest("sts:GetCallerIdentity", principal)
            {
                IdentityPolicies = new[] { Policy(Deny("sts:*")) },
                ServiceControlPolicies = new[] { new[] { Policy(Deny()) } },
            });

            Assert.Equal(PolicyDecision.Allowed, bare.Decision);
            Assert.Equal(PolicyDecision.Allowed, denied.Decision);
            Assert.Empty(denied.DeniedBy);
            Assert.Contains("AWS rule: sts:GetCallerIdentity needs no permission", denied.Explanation);
            Assert.Contains("have no effect", denied.Explanation);
        }

        [Fact]
        public void TheRootUserCannotAssumeARoleWhateverThePoliciesSay()
        {
            const string Target = "arn:aws:iam::111122223333:role/Deploy";
            var request = new EvaluationRequest("sts:AssumeRole", Root)
            {
                Resource = Target,
                ResourcePolicy = Policy(AllowPrincipal("{\"AWS\":\"" + Root + "\"}", "sts:AssumeRole", string.Empty)),
            };

            EvaluationResult result = Run(request);

            Assert.Equal(PolicyDecision.ImplicitDeny, result.Decision);
            Assert.Equal(new[] { PolicyType.RootUserRestriction }, result.DeniedBy);
            Assert.Contains("AWS rule: the account's root user cannot call sts:AssumeRole", result.Explanation);
            Assert.Contains("No grant can fix this", result.Explanation);
            Assert.Equal(PolicyDecision.Allowed, Run(new EvaluationRequest("sts:AssumeRole", User) { Resource = Target, ResourcePolicy = request.ResourcePolicy, IdentityPolicies = new[] { Policy(Allow("sts:AssumeRole")) } }).Decision);
        }

        public static IEnumerable<object[]> OwnedResources() => new[]
        {
            new object[] { "iam:CreatePolicyVersion", "arn:aws:iam::aws:policy/AdministratorAccess", "AWS managed policy" },
            new object[] { "iam:DeletePolicy", "arn:aws:iam::aws:policy/ReadOnlyAccess", "AWS managed policy" },
            new object[] { "iam:SetDefaultPolicyVersion", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess", "AWS managed policy" },
            new object[] { "iam:AttachRolePolicy", "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef", "IAM Identity Center" },
            new object[] { "iam:UpdateAssumeRolePolicy", "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Ops_0123", "IAM Identity Center" },
            new object[] { "iam:DeleteRole", "arn:aws:iam::111122223333:role/aws-service-role/cloudtrail.amazonaws.com/AWSServiceRoleForCloudTrail", "service-linked role" },
            new object[] { "iam:PutRolePolicy", "arn:aws:iam::111122223333:role/aws-service-role/cloudtrail.amazonaws.com/AWSServiceRoleForCloudTrail", "service-linked role" },
            new object[] { "kms:DeleteAlias", "arn:aws:kms:us-east-1:111122223333:alias/aws/s3", "alias/aws/" },
            new object[] { "kms:CreateAlias", "arn:aws:kms:us-east-1:111122223333:alias/aws/mine", "alias/aws/" },
        };

        [Theory]
        [MemberData(nameof(OwnedResources))]
        public void ChangingAnAwsOwnedResourceIsRefusedEvenToAnAdministrator(string action, string resource, string named)
        {
            var request = new EvaluationRequest(action, User) { Resource = resource, IdentityPolicies = new[] { Policy(Allow()) } };

            EvaluationResult result = Run(request);

            Assert.Equal(PolicyDecision.ImplicitDeny, result.Decision);
            Assert.Equal(new[] { PolicyType.AwsOwnedResource }, result.DeniedBy);
            Assert.Contains("AWS rule: AWS-owned resource.", result.Explanation);
            Assert.Contains(named, result.Explanation);
            Assert.Contains("\"DeniedBy\":[\"AwsOwnedResource\"]", EvaluationResultWriter.ToJson(result));
            Assert.NotNull(AwsOwnedResource.Refusal(action, resource));
        }

        [Theory]
        [InlineData("iam:AttachRolePolicy", "arn:aws:iam::111122223333:role/Admin")]
        [InlineData("iam:GetPolicy", "arn:aws:iam::aws:policy/AdministratorAccess")]
        [InlineData("iam:AttachUserPolicy", "arn:aws:iam::111122223333:user/alice")]
        [InlineData("iam:UpdateRoleDescription", "arn:aws:iam::111122223333:role/aws-service-role/cloudtrail.amazonaws.com/AWSServiceRoleForCloudTrail")]
        [InlineData("iam:DeleteServiceLinkedRole", "arn:aws:iam::111122223333:role/aws-service-role/cloudtrail.amazonaws.com/AWSServiceRoleForCloudTrail")]
        [InlineData("kms:CreateAlias", "arn:aws:kms:us-east-1:111122223333:alias/awsome")]
        [InlineData("kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:alias/aws/s3")]
        public void CustomerResourcesAndReadsAreNotAwsOwned(string action, string resource)
        {
            Assert.Null(AwsOwnedResource.Refusal(action, resource));
            Assert.Equal(PolicyDecision.Allowed, Run(new EvaluationRequest(action, User) { Resource = resource, IdentityPolicies = new[] { Policy(Allow()) } }).Decision);
        }

        [Fact]
        public void TheServiceLinkedRoleOfIdentityCenterManagesItsReservedRoles()
        {
            var request = new EvaluationRequest("iam:AttachRolePolicy", "arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForSSO/sso")
            {
                Resource = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123",
                IdentityPolicies = new[] { Policy(Allow("iam:AttachRolePolicy")) },
            };

            Assert.Equal(PolicyDecision.Allowed, Run(request).Decision);
            Assert.NotNull(ServiceLinkedRole);
        }

        [Fact]
        public void AnExplicitDenyOnAnAwsOwnedResourceStaysExplicitAndNamesTheRuleToo()
        {
            var request = new EvaluationRequest("iam:DeletePolicy", User)
            {
                Resource = "arn:aws:iam::aws:policy/ReadOnlyAccess",
                IdentityPolicies = new[] { Policy(Deny("iam:DeletePolicy")) },
            };

            EvaluationResult result = Run(request);

            Assert.Equal(PolicyDecision.ExplicitDeny, result.Decision);
            Assert.Contains("Even without it, AWS would refuse the request", result.Explanation);
        }

        [Fact]
        public void AScenarioDoesNotOfferAGrantForAnAwsOwnedResource()
        {
            var permissions = new[]
            {
                new RequiredPermission("iam:DeleteRole", "arn:aws:iam::111122223333:role/aws-service-role/cloudtrail.amazonaws.com/AWSServiceRoleForCloudTrail"),
            };

            ScenarioResult result = ScenarioEvaluator.Evaluate("RemoveTrailRole", new EvaluationRequest("iam:GetRole", User), permissions, Options);

            Assert.Equal(PolicyDecision.ImplicitDeny, result.Decision);
            Assert.Single(result.MissingPermissions);
            Assert.Null(result.MissingPermissionsPolicy);
            Assert.Contains("refused by AWS whatever the policies say", result.Explanation);
        }
    }
}
