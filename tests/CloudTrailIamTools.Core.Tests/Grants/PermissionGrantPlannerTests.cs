using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using CloudTrailIamTools.Core.Catalog;
using CloudTrailIamTools.Core.Diagnostics;
using CloudTrailIamTools.Core.Grants;

namespace CloudTrailIamTools.Core.Tests.Grants
{
    public sealed class PermissionGrantPlannerTests
    {
        private const string UserArn = "arn:aws:iam::123456789012:user/ana";
        private static readonly GrantTarget Ana = new GrantTarget(GrantPrincipalType.User, "ana");

        private static PrincipalPolicyState State(string? inline = null, params string[] attached) =>
            new PrincipalPolicyState(Ana, UserArn, attached, inline);

        private static JsonElement[] Statements(string document) =>
            JsonDocument.Parse(document).RootElement.GetProperty("Statement").EnumerateArray().ToArray();

        private static string[] Strings(JsonElement element) =>
            element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().Select(e => e.GetString()!).ToArray() : new[] { element.GetString()! };

        [Theory]
        [InlineData(GrantAccessLevel.ReadOnly, "arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess")]
        [InlineData(GrantAccessLevel.FullAccess, "arn:aws:iam::aws:policy/AWSCloudTrail_FullAccess")]
        public void AccessLevelAttachesTheCurrentManagedPolicy(GrantAccessLevel level, string arn)
        {
            PermissionGrantPlan plan = PermissionGrantPlanner.Plan(PermissionGrantRequest.ForAccessLevel(Ana, level), State(), "us-east-1");

            Assert.True(plan.NeedsChange);
            Assert.Equal(GrantPolicyType.Managed, plan.PolicyType);
            Assert.Equal(arn, plan.PolicyArn);
            Assert.False(IamCatalog.Default.TryGetRetiredPolicy(plan.PolicyArn!, out _));
            Assert.True(IamCatalog.Default.TryGetManagedPolicy(plan.PolicyArn!, out ManagedPolicyInfo? managed));
            Assert.Equal(managed.Document, plan.Document);
            Assert.NotEmpty(plan.Actions);
            Assert.Contains(arn, plan.WhatIfText);
            Assert.Contains(plan.Document, plan.WhatIfText);
        }

        [Fact]
        public void ManagedPolicyArnFollowsThePartition()
        {
            Assert.Equal("arn:aws-cn:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess", PermissionGrantPlanner.ManagedPolicyArn(GrantAccessLevel.ReadOnly, "aws-cn"));
        }

        [Fact]
        public void AlreadyAttachedPolicyIsUnchanged()
        {
            PermissionGrantPlan plan = PermissionGrantPlanner.Plan(
                PermissionGrantRequest.ForAccessLevel(Ana, GrantAccessLevel.ReadOnly), State(null, "arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess"), "us-east-1");

            Assert.False(plan.NeedsChange);
            Assert.Equal(GrantChange.Unchanged, plan.ToResult(GrantChange.Unchanged).Change);
            Assert.Contains("already attached", plan.Description);
        }

        [Fact]
        public void ActionsBecomeOneLeastPrivilegeStatementInOurInlinePolicy()
        {
            var request = PermissionGrantRequest.ForActions(Ana, new[] { "CLOUDTRAIL:gettrailstatus", "cloudtrail:GetTrail" }, new[] { "arn:aws:cloudtrail:us-east-1:123456789012:trail/main" });

            PermissionGrantPlan plan = PermissionGrantPlanner.Plan(request, State(), "us-east-1");

            Assert.True(plan.NeedsChange);
            Assert.Equal(GrantPolicyType.Inline, plan.PolicyType);
            Assert.Equal("CloudTrailIamTools-Grant", plan.PolicyName);
            Assert.Null(plan.PolicyArn);
            Assert.Null(plan.PreviousDocument);
            JsonElement statement = Assert.Single(Statements(plan.Document));
            Assert.Equal("Allow", statement.GetProperty("Effect").GetString());
            Assert.Equal(new[] { "cloudtrail:GetTrailStatus", "cloudtrail:GetTrail" }, Strings(statement.GetProperty("Action")));
            Assert.Equal("arn:aws:cloudtrail:us-east-1:123456789012:trail/main", statement.GetProperty("Resource").GetString());
            Assert.Equal(new[] { "cloudtrail:GetTrailStatus", "cloudtrail:GetTrail" }, plan.Actions);
        }

        [Fact]
        public void PassRoleIsLimitedToCloudTrail()
        {
            var request = PermissionGrantRequest.ForActions(Ana, new[] { "iam:PassRole" }, new[] { "arn:aws:iam::123456789012:role/CloudTrail_CloudWatchLogs_Role" });

            JsonElement statement = Assert.Single(Statements(PermissionGrantPlanner.Plan(request, State(), "us-east-1").Document));

            Assert.Equal("iam:PassRole", statement.GetProperty("Action").GetString());
            Assert.Equal("cloudtrail.amazonaws.com", statement.GetProperty("Condition").GetProperty("StringEquals").GetProperty("iam:PassedToService").GetString());
        }

        [Fact]
        public void ActionThatTakesOnlyStarNeedsNoResource()
        {
            var request = PermissionGrantRequest.ForActions(Ana, new[] { "cloudtrail:LookupEvents" }, null);

            JsonElement statement = Assert.Single(Statements(PermissionGrantPlanner.Plan(request, State(), "us-east-1").Document));

            Assert.Equal("*", statement.GetProperty("Resource").GetString());
            Assert.Equal("AllowCloudtrailLookupEvents", statement.GetProperty("Sid").GetString());
        }

        [Fact]
        public void ScopableActionWithoutResourceAsksForOne()
        {
            var invalid = Assert.Throws<InvalidInputException>(() => PermissionGrantRequest.ForActions(Ana, new[] { "cloudtrail:GetTrailStatus" }, null));

            Assert.Equal("Resource", invalid.Location);
            Assert.Contains("-Resource '*'", invalid.Message);
        }

        [Theory]
        [InlineData("cloudtrail:*")]
        [InlineData("cloudtrail:Get*")]
        public void WildcardActionsAreRefused(string action)
        {
            var invalid = Assert.Throws<InvalidInputException>(() => PermissionGrantRequest.ForActions(Ana, new[] { action }, new[] { "*" }));

            Assert.Equal("Action", invalid.Location);
        }

        [Fact]
        public void UnknownActionIsRefusedWithSuggestions()
        {
            var refused = Assert.Throws<GrantRefusedException>(() => PermissionGrantRequest.ForActions(Ana, new[] { "cloudtrail:GetTrailStatu" }, new[] { "*" }));

            Assert.Equal(GrantRefusalReason.UnknownAction, refused.Reason);
            Assert.Equal("GrantRefused.UnknownAction", refused.ErrorId);
            Assert.Contains("cloudtrail:GetTrailStatus", refused.Message);
        }

        [Theory]
        [InlineData("not-an-arn")]
        [InlineData("arn:aws")]
        public void MalformedResourcesAreRefused(string resource)
        {
            Assert.Throws<InvalidInputException>(() => PermissionGrantRequest.ForActions(Ana, new[] { "cloudtrail:GetTrail" }, new[] { resource }));
        }

        [Fact]
        public void ScenarioFillsPlaceholdersAndKeepsThePassRoleCondition()
        {
            var request = PermissionGrantRequest.ForScenario(Ana, "configurecloudwatchlogs");

            PermissionGrantPlan plan = PermissionGrantPlanner.Plan(request, State(), "eu-west-1");

            Assert.DoesNotContain("{Partition}", plan.Document);
            Assert.DoesNotContain("{Account}", plan.Document);
            Assert.DoesNotContain("{Region}", plan.Document);
            JsonElement[] statements = Statements(plan.Document);
            JsonElement passRole = statements.Single(s => Strings(s.GetProperty("Action")).Contains("iam:PassRole"));
            Assert.Equal(new[] { "iam:PassRole" }, Strings(passRole.GetProperty("Action")));
            Assert.Equal("arn:aws:iam::123456789012:role/CloudTrail_CloudWatchLogs_Role", passRole.GetProperty("Resource").GetString());
            Assert.Equal("cloudtrail.amazonaws.com", passRole.GetProperty("Condition").GetProperty("StringEquals").GetProperty("iam:PassedToService").GetString());
            JsonElement updateTrail = statements.Single(s => Strings(s.GetProperty("Action")).Contains("cloudtrail:UpdateTrail"));
            Assert.Equal("arn:aws:cloudtrail:eu-west-1:123456789012:trail/*", updateTrail.GetProperty("Resource").GetString());
            Assert.True(IamCatalog.Default.TryGetScenario("ConfigureCloudWatchLogs", out ScenarioInfo? scenario));
            Assert.Equal(scenario.Permissions.Select(p => p.Action).OrderBy(a => a), plan.Actions.OrderBy(a => a));
            Assert.All(statements, s => Assert.False(s.TryGetProperty("Condition", out _) && !Strings(s.GetProperty("Action")).SequenceEqual(new[] { "iam:PassRole" })));
        }

        [Fact]
        public void UnknownScenarioListsTheKnownOnes()
        {
            var invalid = Assert.Throws<InvalidInputException>(() => PermissionGrantRequest.ForScenario(Ana, "BakeACake"));

            Assert.Contains("ViewTrails", invalid.Message);
        }

        [Fact]
        public void ExistingInlinePolicyIsMergedNotReplaced()
        {
            const string existing = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Kept\",\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\"}]}";
            var request = PermissionGrantRequest.ForActions(Ana, new[] { "cloudtrail:LookupEvents" }, null);

            PermissionGrantPlan plan = PermissionGrantPlanner.Plan(request, State(existing), "us-east-1");

            Assert.True(plan.NeedsChange);
            Assert.Equal(existing, plan.PreviousDocument);
            JsonElement[] statements = Statements(plan.Document);
            Assert.Equal(2, statements.Length);
            Assert.Equal("{\"Sid\":\"Kept\",\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\"}", statements[0].GetRawText());
            Assert.Equal("cloudtrail:LookupEvents", statements[1].GetProperty("Action").GetString());
            Assert.Contains("Merge 1 statement", plan.Description);
        }

        [Fact]
        public void MergeKeepsTheExistingVersionAndId()
        {
            const string existing = "{\"Version\":\"2008-10-17\",\"Id\":\"hand-made\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/${aws:username}/*\"}]}";

            PermissionGrantPlan plan = PermissionGrantPlanner.Plan(PermissionGrantRequest.ForScenario(Ana, "LookupEvents"), State(existing), "us-east-1");

            using JsonDocument merged = JsonDocument.Parse(plan.Document);
            Assert.Equal("2008-10-17", merged.RootElement.GetProperty("Version").GetString());
            Assert.Equal("hand-made", merged.RootElement.GetProperty("Id").GetString());
            Assert.Equal(2, merged.RootElement.GetProperty("Statement").GetArrayLength());
        }

        [Fact]
        public void StatementAlreadyPresentIsNotRepeated()
        {
            var request = PermissionGrantRequest.ForActions(Ana, new[] { "cloudtrail:LookupEvents" }, null);
            string first = PermissionGrantPlanner.Plan(request, State(), "us-east-1").Document;

            PermissionGrantPlan second = PermissionGrantPlanner.Plan(request, State(first), "us-east-1");

            Assert.False(second.NeedsChange);
            Assert.Equal(first, second.Document);
        }

        [Fact]
        public void CoverageIsByMeaningOfActionsResourcesAndCondition()
        {
            const string existing = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":[\"CloudTrail:GetTrail\",\"cloudtrail:gettrailstatus\",\"s3:ListBucket\"],\"Resource\":[\"arn:aws:cloudtrail:us-east-1:123456789012:trail/a\",\"arn:aws:cloudtrail:us-east-1:123456789012:trail/b\"]}}";

            var covered = PermissionGrantRequest.ForActions(Ana, new[] { "cloudtrail:GetTrailStatus" }, new[] { "arn:aws:cloudtrail:us-east-1:123456789012:trail/b" });
            var otherResource = PermissionGrantRequest.ForActions(Ana, new[] { "cloudtrail:GetTrailStatus" }, new[] { "arn:aws:cloudtrail:us-east-1:123456789012:trail/c" });
            var conditioned = PermissionGrantRequest.ForActions(Ana, new[] { "iam:PassRole" }, new[] { "*" });

            Assert.False(PermissionGrantPlanner.Plan(covered, State(existing), "us-east-1").NeedsChange);
            Assert.True(PermissionGrantPlanner.Plan(otherResource, State(existing), "us-east-1").NeedsChange);
            Assert.True(PermissionGrantPlanner.Plan(conditioned, State(existing), "us-east-1").NeedsChange);
        }

        [Fact]
        public void DenyOrNotActionStatementsNeverCountAsCoverage()
        {
            const string existing = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"cloudtrail:LookupEvents\",\"Resource\":\"*\"},{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"Action\":\"cloudtrail:LookupEvents\",\"Resource\":\"*\"}]}";

            PermissionGrantPlan plan = PermissionGrantPlanner.Plan(PermissionGrantRequest.ForActions(Ana, new[] { "cloudtrail:LookupEvents" }, null), State(existing), "us-east-1");

            Assert.True(plan.NeedsChange);
            Assert.Equal(3, Statements(plan.Document).Length);
        }

        [Fact]
        public void SidCollisionsGetANumber()
        {
            const string existing = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"AllowCloudtrailLookupEvents\",\"Effect\":\"Allow\",\"Action\":\"cloudtrail:LookupEvents\",\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"true\"}}}]}";

            PermissionGrantPlan plan = PermissionGrantPlanner.Plan(PermissionGrantRequest.ForActions(Ana, new[] { "cloudtrail:LookupEvents" }, null), State(existing), "us-east-1");

            Assert.Equal(new[] { "AllowCloudtrailLookupEvents", "AllowCloudtrailLookupEvents2" }, Statements(plan.Document).Select(s => s.GetProperty("Sid").GetString()));
        }

        [Fact]
        public void MergedPolicyOverTheUserQuotaIsRefused()
        {
            string big = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Big\",\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::" + new string('b', 1950) + "/*\"}]}";

            var refused = Assert.Throws<GrantRefusedException>(() =>
                PermissionGrantPlanner.Plan(PermissionGrantRequest.ForScenario(Ana, "ViewTrails"), State(big), "us-east-1"));

            Assert.Equal(GrantRefusalReason.PolicyTooLarge, refused.Reason);
        }

        [Fact]
        public void InvalidExistingPolicyIsNotOverwritten()
        {
            Assert.Throws<InvalidInputException>(() =>
                PermissionGrantPlanner.Plan(PermissionGrantRequest.ForScenario(Ana, "LookupEvents"), State("{not json"), "us-east-1"));
        }

        [Theory]
        [InlineData("arn:aws:iam::123456789012:user/ana")]
        [InlineData("user/ana")]
        [InlineData("")]
        [InlineData("a b")]
        public void TargetNamesAreValidated(string name)
        {
            Assert.Throws<InvalidInputException>(() => new GrantTarget(GrantPrincipalType.User, name));
        }

        private static AccessErrorDiagnosis Diagnose(string message) => AccessErrorResolver.Default.ResolveMessage(message);

        [Fact]
        public void DiagnosisGrantsExactlyTheDeniedActionOnTheDeniedResource()
        {
            var request = PermissionGrantRequest.FromDiagnosis(Diagnose(
                "User: arn:aws:iam::123456789012:user/ana is not authorized to perform: cloudtrail:GetTrailStatus on resource: arn:aws:cloudtrail:us-east-1:123456789012:trail/main because no identity-based policy allows the cloudtrail:GetTrailStatus action"));

            Assert.Equal(GrantPrincipalType.User, request.Target.PrincipalType);
            Assert.Equal("ana", request.Target.Name);
            JsonElement statement = Assert.Single(Statements(PermissionGrantPlanner.Plan(request, State(), "us-east-1").Document));
            Assert.Equal("cloudtrail:GetTrailStatus", statement.GetProperty("Action").GetString());
            Assert.Equal("arn:aws:cloudtrail:us-east-1:123456789012:trail/main", statement.GetProperty("Resource").GetString());
        }

        [Fact]
        public void AssumedRoleDiagnosisGrantsToTheRole()
        {
            var request = PermissionGrantRequest.FromDiagnosis(Diagnose(
                "User: arn:aws:sts::123456789012:assumed-role/Auditors/jane is not authorized to perform: cloudtrail:LookupEvents because no identity-based policy allows the cloudtrail:LookupEvents action"));

            Assert.Equal(GrantPrincipalType.Role, request.Target.PrincipalType);
            Assert.Equal("Auditors", request.Target.Name);
        }

        [Fact]
        public void PassRoleDiagnosisKeepsItsCondition()
        {
            var request = PermissionGrantRequest.FromDiagnosis(Diagnose(
                "User: arn:aws:iam::123456789012:user/ana is not authorized to perform: iam:PassRole on resource: arn:aws:iam::123456789012:role/CloudTrail_CloudWatchLogs_Role"));

            JsonElement statement = Assert.Single(Statements(PermissionGrantPlanner.Plan(request, State(), "us-east-1").Document));
            Assert.Equal("cloudtrail.amazonaws.com", statement.GetProperty("Condition").GetProperty("StringEquals").GetProperty("iam:PassedToService").GetString());
        }

        public static TheoryData<string, GrantRefusalReason> Refusals => new TheoryData<string, GrantRefusalReason>
        {
            { "User: arn:aws:iam::123456789012:user/ana is not authorized to perform: cloudtrail:DeleteTrail on resource: arn:aws:cloudtrail:us-east-1:123456789012:trail/main with an explicit deny in an identity-based policy", GrantRefusalReason.ExplicitDeny },
            { "User: arn:aws:iam::123456789012:user/ana is not authorized to perform: cloudtrail:DeleteTrail on resource: arn:aws:cloudtrail:us-east-1:123456789012:trail/main with an explicit deny in a service control policy: arn:aws:organizations::111111111111:policy/o-abc123/service_control_policy/p-deny1234", GrantRefusalReason.ServiceControlPolicy },
            { "User: arn:aws:iam::123456789012:user/ana is not authorized to perform: s3:GetObject on resource: \"arn:aws:s3:::logs/x\" with an explicit deny in a resource control policy", GrantRefusalReason.ResourceControlPolicy },
            { "User: arn:aws:iam::123456789012:user/ana is not authorized to perform: cloudtrail:CreateTrail on resource: arn:aws:cloudtrail:us-east-1:123456789012:trail/t because no permissions boundary allows the cloudtrail:CreateTrail action", GrantRefusalReason.PermissionsBoundary },
            { "User: arn:aws:sts::123456789012:assumed-role/Ops/s is not authorized to perform: cloudtrail:CreateTrail on resource: arn:aws:cloudtrail:us-east-1:123456789012:trail/t because no session policy allows the cloudtrail:CreateTrail action", GrantRefusalReason.SessionPolicy },
            { "User: arn:aws:iam::123456789012:user/ana is not authorized to perform: s3:GetObject on resource: \"arn:aws:s3:::logs/x\" because no VPC endpoint policy allows the s3:GetObject action", GrantRefusalReason.VpcEndpointPolicy },
            { "User: arn:aws:iam::123456789012:user/ana is not authorized to perform: cloudtrail:GetTrailStatuss on resource: arn:aws:cloudtrail:us-east-1:123456789012:trail/main", GrantRefusalReason.UnknownAction },
            { "User: arn:aws:iam::123456789012:root is not authorized to perform: cloudtrail:DeleteTrail on resource: arn:aws:cloudtrail:us-east-1:123456789012:trail/main", GrantRefusalReason.NoGrantablePrincipal },
            { "this is not an error message at all", GrantRefusalReason.NotAPermissionProblem },
        };

        [Theory]
        [MemberData(nameof(Refusals))]
        public void DiagnosesAGrantCannotFixAreRefusedWithTheReason(string message, GrantRefusalReason reason)
        {
            var refused = Assert.Throws<GrantRefusedException>(() => PermissionGrantRequest.FromDiagnosis(Diagnose(message)));

            Assert.Equal(reason, refused.Reason);
            Assert.Equal("GrantRefused." + reason, refused.ErrorId);
            Assert.False(string.IsNullOrWhiteSpace(refused.Message));
        }

        [Fact]
        public void DiagnosisFromAnotherAccountIsRefusedAtPlanning()
        {
            var request = PermissionGrantRequest.FromDiagnosis(Diagnose(
                "User: arn:aws:iam::999999999999:user/ana is not authorized to perform: cloudtrail:LookupEvents because no identity-based policy allows the cloudtrail:LookupEvents action"));

            var refused = Assert.Throws<GrantRefusedException>(() => PermissionGrantPlanner.Plan(request, State(), "us-east-1"));

            Assert.Equal(GrantRefusalReason.DifferentAccount, refused.Reason);
        }

        [Fact]
        public void WhatIfResultCarriesTheDocumentAndSaysWould()
        {
            PermissionGrantPlan plan = PermissionGrantPlanner.Plan(PermissionGrantRequest.ForScenario(Ana, "LookupEvents"), State(), "us-east-1");

            PermissionGrantResult result = plan.ToResult(GrantChange.WouldChange);

            Assert.Equal(GrantChange.WouldChange, result.Change);
            Assert.Equal(plan.Document, result.Document);
            Assert.StartsWith("Would put inline policy", result.Description);
            Assert.Equal(UserArn, result.PrincipalArn);
            string json = JsonSerializer.Serialize(result, Serialization.CoreJson.Output);
            using JsonDocument parsed = JsonDocument.Parse(json);
            Assert.Equal("WouldChange", parsed.RootElement.GetProperty("Change").GetString());
            Assert.Equal(JsonValueKind.Object, parsed.RootElement.GetProperty("Document").ValueKind);
            Assert.Equal(JsonValueKind.Null, parsed.RootElement.GetProperty("PolicyArn").ValueKind);
        }
    }
}
