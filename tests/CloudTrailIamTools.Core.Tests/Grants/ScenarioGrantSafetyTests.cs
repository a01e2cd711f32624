using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using CloudTrailIamTools.Core.Catalog;
using CloudTrailIamTools.Core.Evaluation;
using CloudTrailIamTools.Core.Grants;
using CloudTrailIamTools.Core.Policies;

namespace CloudTrailIamTools.Core.Tests.Grants
{
    /// <summary>Every scenario, access level and explicit action passes the escalation guard before anything is shown or written.</summary>
    public sealed class ScenarioGrantSafetyTests
    {
        private const string OpsArn = "arn:aws:iam::123456789012:user/ops";
        private static readonly GrantTarget Ops = new GrantTarget(GrantPrincipalType.User, "ops");

        public static IEnumerable<object[]> ScenarioNames() => IamCatalog.Default.Scenarios.Select(s => new object[] { s.Name });

        private static PrincipalPolicyState State(GrantTarget target, string arn) => new PrincipalPolicyState(target, arn, Array.Empty<string>(), null);

        [Theory]
        [MemberData(nameof(ScenarioNames))]
        public void EveryScenarioPlansForAUserAndPassesTheGuard(string name)
        {
            PermissionGrantPlan plan = PermissionGrantPlanner.Plan(PermissionGrantRequest.ForScenario(Ops, name), State(Ops, OpsArn), "us-east-1");

            Assert.True(plan.NeedsChange);
            Assert.True(plan.Document.Count(c => !char.IsWhiteSpace(c)) <= 2048, name + " is " + plan.Document.Length + " characters");
            Assert.Empty(EscalationGuard.Find(plan.Document, OpsArn));
        }

        [Fact]
        public void ViewAwsConfigIntegrationIsCompactedWithinItsOwnActions()
        {
            PermissionGrantPlan plan = PermissionGrantPlanner.Plan(PermissionGrantRequest.ForScenario(Ops, "ViewAwsConfigIntegration"), State(Ops, OpsArn), "us-east-1");

            Assert.Contains("config:Get*", plan.Document);
            PolicyDocument granted = PolicyDocument.Parse(plan.Document);
            Assert.True(IamCatalog.Default.TryGetScenario("ViewAwsConfigIntegration", out ScenarioInfo? scenario));
            var asked = new HashSet<string>(scenario.Permissions.Select(p => p.Action), StringComparer.OrdinalIgnoreCase);
            foreach (ActionInfo action in IamCatalog.Default.MatchActions("config:*"))
            {
                bool allowed = PolicyEvaluator.Evaluate(new EvaluationRequest(action.FullName, OpsArn) { Resource = "*", IdentityPolicies = new[] { granted } }).Decision == PolicyDecision.Allowed;
                Assert.Equal(asked.Contains(action.FullName), allowed);
            }
        }

        [Fact]
        public void TooLargeForAUserNamesNoOptionOfOneFrontEnd()
        {
            string big = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Big\",\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::" + new string('b', 1950) + "/*\"}]}";
            var refused = Assert.Throws<GrantRefusedException>(() => PermissionGrantPlanner.Plan(
                PermissionGrantRequest.ForScenario(Ops, "ViewTrails"), new PrincipalPolicyState(Ops, OpsArn, Array.Empty<string>(), big), "us-east-1"));

            Assert.Equal(GrantRefusalReason.PolicyTooLarge, refused.Reason);
            Assert.DoesNotContain("-AccessLevel", refused.Message);
            Assert.DoesNotContain("--", refused.Message);
        }

        [Fact]
        public void ConfigureCloudWatchLogsLetsTheAdministratorCreateTheRoleAndTheGranteeOnlyPassIt()
        {
            PermissionGrantPlan plan = PermissionGrantPlanner.Plan(PermissionGrantRequest.ForScenario(Ops, "ConfigureCloudWatchLogs"), State(Ops, OpsArn), "us-east-1");

            Assert.DoesNotContain("iam:CreateRole", plan.Document);
            Assert.DoesNotContain("iam:PutRolePolicy", plan.Document);
            Assert.DoesNotContain("iam:AttachRolePolicy", plan.Document);
            ServiceRolePlan role = Assert.IsType<ServiceRolePlan>(plan.ServiceRole);
            Assert.False(role.Exists);
            Assert.Equal("arn:aws:iam::123456789012:role/CloudTrail_CloudWatchLogs_Role", role.RoleArn);
            using (JsonDocument trust = JsonDocument.Parse(role.TrustPolicy))
            {
                JsonElement statement = trust.RootElement.GetProperty("Statement")[0];
                Assert.Equal("cloudtrail.amazonaws.com", statement.GetProperty("Principal").GetProperty("Service").GetString());
                Assert.Equal("123456789012", statement.GetProperty("Condition").GetProperty("StringEquals").GetProperty("aws:SourceAccount").GetString());
                Assert.Equal("arn:aws:cloudtrail:*:123456789012:trail/*", statement.GetProperty("Condition").GetProperty("ArnLike").GetProperty("aws:SourceArn").GetString());
            }

            Assert.Contains("logs:PutLogEvents", role.PermissionPolicy);
            Assert.DoesNotContain("iam:", role.PermissionPolicy);
            Assert.Contains(role.RoleArn, plan.WhatIfText);

            // The reproduction from the issue: the granted policy must not allow making a backdoor role.
            PolicyDocument granted = PolicyDocument.Parse(plan.Document);
            foreach (string action in new[] { "iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy" })
            {
                var request = new EvaluationRequest(action, OpsArn) { Resource = "arn:aws:iam::123456789012:role/CloudTrail_CloudWatchLogs_RoleBackdoor", IdentityPolicies = new[] { granted } };
                Assert.NotEqual(PolicyDecision.Allowed, PolicyEvaluator.Evaluate(request).Decision);
            }

            var passToLambda = new EvaluationRequest("iam:PassRole", OpsArn)
            {
                Resource = role.RoleArn,
                Context = new Dictionary<string, IReadOnlyList<string>> { ["iam:PassedToService"] = new[] { "lambda.amazonaws.com" } },
                IdentityPolicies = new[] { granted },
            };
            Assert.NotEqual(PolicyDecision.Allowed, PolicyEvaluator.Evaluate(passToLambda).Decision);
        }

        [Fact]
        public void AnExistingServiceRoleIsUsedAsItIs()
        {
            PermissionGrantPlan plan = PermissionGrantPlanner.Plan(
                PermissionGrantRequest.ForScenario(Ops, "ConfigureCloudWatchLogs"), State(Ops, OpsArn), "us-east-1", serviceRoleExists: true);

            Assert.True(plan.ServiceRole!.Exists);
            Assert.Contains("existing role", plan.Description);
        }

        [Theory]
        [InlineData("iam:AttachUserPolicy", "arn:aws:iam::123456789012:user/ops")]
        [InlineData("iam:PutRolePolicy", "arn:aws:iam::123456789012:role/CloudTrail_CloudWatchLogs_Role*")]
        [InlineData("iam:CreatePolicyVersion", "*")]
        [InlineData("iam:CreateAccessKey", "arn:aws:iam::123456789012:user/admin")]
        [InlineData("iam:UpdateAssumeRolePolicy", "arn:aws:iam::123456789012:role/Admin")]
        [InlineData("iam:AddUserToGroup", "arn:aws:iam::123456789012:group/Admins")]
        [InlineData("sts:AssumeRole", "arn:aws:iam::123456789012:role/*")]
        [InlineData("lambda:UpdateFunctionCode", "*")]
        public void ExplicitActionsThatEscalateAreRefusedBeforeAnythingIsShown(string action, string resource)
        {
            var refused = Assert.Throws<GrantRefusedException>(() =>
                PermissionGrantPlanner.Plan(PermissionGrantRequest.ForActions(Ops, new[] { action }, new[] { resource }), State(Ops, OpsArn), "us-east-1"));

            Assert.Equal(GrantRefusalReason.PrivilegeEscalation, refused.Reason);
            Assert.Contains(action, refused.Message);
        }

        [Fact]
        public void ExplicitPassRoleIsLimitedToCloudTrailAndPasses()
        {
            PermissionGrantPlan plan = PermissionGrantPlanner.Plan(
                PermissionGrantRequest.ForActions(Ops, new[] { "iam:PassRole" }, new[] { "arn:aws:iam::123456789012:role/CloudTrail_CloudWatchLogs_Role" }), State(Ops, OpsArn), "us-east-1");

            Assert.Contains("cloudtrail.amazonaws.com", plan.Document);
        }

        [Theory]
        [InlineData(GrantAccessLevel.ReadOnly)]
        [InlineData(GrantAccessLevel.FullAccess)]
        public void AccessLevelsPassTheGuard(GrantAccessLevel level)
        {
            Assert.True(PermissionGrantPlanner.Plan(PermissionGrantRequest.ForAccessLevel(Ops, level), State(Ops, OpsArn), "us-east-1").NeedsChange);
        }

        [Fact]
        public void AnIdentityCenterRoleTargetIsRefusedAtPlanTime()
        {
            var target = new GrantTarget(GrantPrincipalType.Role, "AWSReservedSSO_Admins_0123456789abcdef");
            var request = PermissionGrantRequest.ForScenario(Ops, "ViewTrails");
            var refused = Assert.Throws<GrantRefusedException>(() =>
                PermissionGrantPlanner.Plan(request, State(target, "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admins_0123456789abcdef"), "us-east-1"));
            Assert.Equal(GrantRefusalReason.IdentityCenterRole, refused.Reason);
            Assert.Contains("'Admins'", refused.Message);
        }
    }
}
