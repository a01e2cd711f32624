using System;
using System.Linq;
using CloudTrailIamTools.Core.Catalog;

namespace CloudTrailIamTools.Core.Tests.Catalog
{
    /// <summary>Scenario grants must not be a way to become administrator.</summary>
    public sealed class ScenarioSafetyTests
    {
        // IAM writes that let their holder give itself more permissions when allowed on any role or user.
        private static readonly string[] EscalatingActions =
        {
            "iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:UpdateAssumeRolePolicy", "iam:PassRole",
            "iam:CreateUser", "iam:PutUserPolicy", "iam:AttachUserPolicy", "iam:PutGroupPolicy", "iam:AttachGroupPolicy",
            "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:CreateAccessKey", "iam:AddUserToGroup",
        };

        [Fact]
        public void NoScenarioGrantsIamWritesOnEveryRoleOrUser()
        {
            foreach (ScenarioInfo scenario in IamCatalog.Default.Scenarios)
            {
                foreach (ScenarioPermission permission in scenario.Permissions.Where(p => EscalatingActions.Contains(p.Action, StringComparer.OrdinalIgnoreCase)))
                {
                    string resource = permission.Resource;
                    bool unbounded = resource == "*" || resource.EndsWith(":role/*", StringComparison.Ordinal) || resource.EndsWith(":user/*", StringComparison.Ordinal) || resource.EndsWith(":group/*", StringComparison.Ordinal);
                    bool limitedByCondition = permission.Condition is not null;
                    Assert.False(unbounded && !limitedByCondition, scenario.Name + " grants " + permission.Action + " on " + resource);
                }
            }
        }

        [Fact]
        public void CloudWatchLogsSetUpOnlyPassesTheExactDeliveryRole()
        {
            Assert.True(IamCatalog.Default.TryGetScenario("ConfigureCloudWatchLogs", out ScenarioInfo? scenario));

            var roleWrites = scenario!.Permissions.Where(p => p.Action is "iam:CreateRole" or "iam:PutRolePolicy" or "iam:AttachRolePolicy" or "iam:PassRole").ToList();
            ScenarioPermission passRole = Assert.Single(roleWrites);
            Assert.Equal("iam:PassRole", passRole.Action);
            Assert.EndsWith(":role/CloudTrail_CloudWatchLogs_Role", passRole.Resource);
            Assert.NotNull(passRole.Condition);
        }
    }
}
