using System;
using System.Collections.Generic;
using System.Linq;
using CloudTrailIamTools.Core.Catalog;
using CloudTrailIamTools.Core.Grants;

namespace CloudTrailIamTools.Core.Tests.Grants
{
    public sealed class EscalationGuardTests
    {
        private const string Ops = "arn:aws:iam::123456789012:user/ops";

        public static IEnumerable<object[]> Rows() => EscalationGuard.Checklist.Select(row => new object[] { row.Name });

        private static string Allow(IEnumerable<string> actions, string resource = "*", string? condition = null) =>
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[" + string.Join(",", actions.Select(a => "\"" + a + "\"")) +
            "],\"Resource\":\"" + resource + "\"" + (condition is null ? string.Empty : ",\"Condition\":" + condition) + "}]}";

        private static string[] Rows(string document) => EscalationGuard.Find(document, Ops).Select(f => f.Primitive.Name).ToArray();

        [Theory]
        [MemberData(nameof(Rows))]
        public void EveryRowIsCaughtOnItsOwnActions(string name)
        {
            EscalationPrimitive row = EscalationGuard.Checklist.Single(r => r.Name == name);
            foreach (string action in row.Actions)
            {
                Assert.Contains(name, Rows(Allow(new[] { action }.Concat(row.RequiresAlso))));
            }
        }

        [Theory]
        [MemberData(nameof(Rows))]
        public void EveryRowIsRefusedByEnsureNamingIt(string name)
        {
            EscalationPrimitive row = EscalationGuard.Checklist.Single(r => r.Name == name);
            var refused = Assert.Throws<GrantRefusedException>(() => EscalationGuard.Ensure(Allow(row.Actions.Concat(row.RequiresAlso)), Ops, "IAM user ops"));
            Assert.Equal(GrantRefusalReason.PrivilegeEscalation, refused.Reason);
            Assert.Equal("GrantRefused.PrivilegeEscalation", refused.ErrorId);
            Assert.Contains(name + ":", refused.Message);
            Assert.Contains("about_CloudTrailIamTools_Safety", refused.Message);
        }

        [Theory]
        [InlineData("*")]
        [InlineData("iam:*")]
        [InlineData("iam:Put*")]
        [InlineData("iam:Attach*")]
        [InlineData("iam:*Policy")]
        public void WildcardActionsAreEvaluatedByTheEngine(string pattern)
        {
            Assert.NotEmpty(Rows(Allow(new[] { pattern })));
        }

        [Fact]
        public void NotActionAllowingEverythingButCloudTrailIsCaught()
        {
            string document = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"NotAction\":\"cloudtrail:*\",\"Resource\":\"*\"}]}";
            Assert.Contains("UserPolicyWrite", Rows(document));
        }

        [Fact]
        public void ANamePrefixDoesNotHideRolesTheGranteeCanCreate()
        {
            // The old ConfigureCloudWatchLogs grant: role creation and policy writes on role/CloudTrail_CloudWatchLogs_Role*.
            string document = Allow(new[] { "iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy" }, "arn:aws:iam::123456789012:role/CloudTrail_CloudWatchLogs_Role*");
            string[] rows = Rows(document);
            Assert.Contains("RolePolicyWrite", rows);
            Assert.Contains("RoleCreationWithPolicyWrite", rows);
        }

        [Fact]
        public void PolicyWriteOnTheGranteeItselfIsCaught()
        {
            Assert.Contains("UserPolicyWrite", Rows(Allow(new[] { "iam:AttachUserPolicy" }, Ops)));
            Assert.Contains("UserPolicyWrite", Rows(Allow(new[] { "iam:PutUserPolicy" }, "arn:aws:iam::123456789012:user/${aws:username}")));
        }

        [Fact]
        public void CredentialsForOneselfAreNotAnEscalationButForOthersAre()
        {
            Assert.DoesNotContain("CredentialsForOthers", Rows(Allow(new[] { "iam:CreateAccessKey" }, "arn:aws:iam::123456789012:user/${aws:username}")));
            Assert.Contains("CredentialsForOthers", Rows(Allow(new[] { "iam:CreateAccessKey" }, "arn:aws:iam::123456789012:user/admin")));
        }

        [Fact]
        public void PassRoleConditionedOnCloudTrailIsSafeAndAnyOtherServiceIsNot()
        {
            const string role = "arn:aws:iam::123456789012:role/CloudTrail_CloudWatchLogs_Role";
            Assert.Empty(Rows(Allow(new[] { "iam:PassRole" }, role, "{\"StringEquals\":{\"iam:PassedToService\":\"cloudtrail.amazonaws.com\"}}")));
            Assert.Contains("PassRoleToCompute", Rows(Allow(new[] { "iam:PassRole" }, role)));
            Assert.Contains("PassRoleToCompute", Rows(Allow(new[] { "iam:PassRole" }, role, "{\"StringEquals\":{\"iam:PassedToService\":\"lambda.amazonaws.com\"}}")));
            Assert.Contains("PassRoleToCompute", Rows(Allow(new[] { "iam:PassRole" }, role, "{\"StringNotEquals\":{\"iam:PassedToService\":\"lambda.amazonaws.com\"}}")));
            Assert.Contains("PassRoleToCompute", Rows(Allow(new[] { "iam:PassRole" }, role, "{\"StringLike\":{\"iam:PassedToService\":\"*\"}}")));
            Assert.Contains("PassRoleToCompute", Rows(Allow(new[] { "iam:PassRole" }, role, "{\"StringEquals\":{\"iam:PassedToService\":\"bedrock.amazonaws.com\"}}")));
        }

        [Fact]
        public void AssumeRoleOnOneRoleIsSafeOnAPatternItIsNot()
        {
            Assert.Empty(Rows(Allow(new[] { "sts:AssumeRole" }, "arn:aws:iam::123456789012:role/CloudTrailReader")));
            Assert.Contains("AssumeRoleWildcard", Rows(Allow(new[] { "sts:AssumeRole" }, "arn:aws:iam::123456789012:role/*")));
            Assert.Contains("AssumeRoleWildcard", Rows(Allow(new[] { "sts:AssumeRole" }, "arn:aws:iam::123456789012:role/Cloud*")));
        }

        [Fact]
        public void RoleCreationAloneIsNotAnEscalation()
        {
            Assert.Empty(Rows(Allow(new[] { "iam:CreateRole" })));
        }

        [Fact]
        public void CloudTrailReadAndWriteActionsAreSafe()
        {
            Assert.Empty(Rows(Allow(new[] { "cloudtrail:*" })));
            Assert.Empty(Rows(Allow(new[] { "iam:Get*", "iam:List*" })));
        }

        [Theory]
        [InlineData("AWSCloudTrail_ReadOnlyAccess")]
        [InlineData("AWSCloudTrail_FullAccess")]
        public void TheCloudTrailManagedPoliciesPass(string name)
        {
            Assert.True(IamCatalog.Default.TryGetManagedPolicy(name, out ManagedPolicyInfo? policy));
            Assert.True(EscalationGuard.IsSafeManagedPolicy(policy));
        }

        [Theory]
        [InlineData("IAMFullAccess")]
        [InlineData("AdministratorAccess")]
        [InlineData("AdministratorAccess-Amplify")]
        [InlineData("PowerUserAccess")]
        public void BroadManagedPoliciesFail(string name)
        {
            Assert.True(IamCatalog.Default.TryGetManagedPolicy(name, out ManagedPolicyInfo? policy));
            Assert.False(EscalationGuard.IsSafeManagedPolicy(policy));
        }

        [Fact]
        public void EveryRowCitesItsSource()
        {
            Assert.All(EscalationGuard.Checklist, row => Assert.Matches("Rhino|PMapper", row.Source));
            Assert.Equal(EscalationGuard.Checklist.Count, EscalationGuard.Checklist.Select(r => r.Name).Distinct(StringComparer.Ordinal).Count());
        }
    }
}
