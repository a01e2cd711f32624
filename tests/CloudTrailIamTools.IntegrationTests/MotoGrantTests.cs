using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using CloudTrailIamTools.Core.Aws;
using CloudTrailIamTools.Core.Diagnostics;
using CloudTrailIamTools.Core.Grants;
using CloudTrailIamTools.IntegrationTests.Infrastructure;

namespace CloudTrailIamTools.IntegrationTests
{
    /// <summary>Grant-CloudTrailPermission's core against moto: every change is proved by reading the account back.</summary>
    [Collection(MotoCollection.Name)]
    public sealed class MotoGrantTests
    {
        private const string ReadOnlyArn = "arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess";
        private const string OtherPolicy =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"NotOurs\",\"Effect\":\"Allow\",\"Action\":\"s3:ListAllMyBuckets\",\"Resource\":\"*\"}]}";

        private const string TrustEc2 =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

        private readonly MotoServerFixture _moto;

        public MotoGrantTests(MotoServerFixture moto)
        {
            _moto = moto;
        }

        private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N").Substring(0, 10);

        private IamClient Iam() => _moto.Connection().CreateIamClient(MotoServerFixture.FastSettings());

        private static PermissionGranter Granter(IamClient iam) => new PermissionGranter(iam, MotoServerFixture.Region);

        private static void AssertSameJson(string expected, string actual)
        {
            Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(expected).RootElement, JsonDocument.Parse(actual).RootElement), "Expected " + expected + " but found " + actual);
        }

        [Fact]
        public async Task AccessLevelAttachesTheManagedPolicyOnceAndThenReportsUnchanged()
        {
            string user = Unique("grant-user");
            _moto.AwsCli("iam", "create-user", "--user-name", user);
            using IamClient iam = Iam();
            var request = PermissionGrantRequest.ForAccessLevel(new GrantTarget(GrantPrincipalType.User, user), GrantAccessLevel.ReadOnly);

            PermissionGrantResult first = await Granter(iam).GrantAsync(request, whatIf: false);
            PermissionGrantResult second = await Granter(iam).GrantAsync(request, whatIf: false);

            Assert.Equal(GrantChange.Attached, first.Change);
            Assert.Equal(ReadOnlyArn, first.PolicyArn);
            Assert.Equal($"arn:aws:iam::{MotoServerFixture.AccountId}:user/{user}", first.PrincipalArn);
            Assert.Equal(GrantChange.Unchanged, second.Change);
            IamAttachedPolicy attached = Assert.Single(await iam.ListAttachedUserPoliciesAsync(user));
            Assert.Equal(ReadOnlyArn, attached.PolicyArn);
            Assert.Empty(await iam.ListUserPoliciesAsync(user));
        }

        [Fact]
        public async Task FullAccessAttachesToAGroup()
        {
            string group = Unique("grant-group");
            _moto.AwsCli("iam", "create-group", "--group-name", group);
            using IamClient iam = Iam();

            PermissionGrantResult result = await Granter(iam).GrantAsync(
                PermissionGrantRequest.ForAccessLevel(new GrantTarget(GrantPrincipalType.Group, group), GrantAccessLevel.FullAccess), whatIf: false);

            Assert.Equal(GrantChange.Attached, result.Change);
            Assert.Equal("AWSCloudTrail_FullAccess", Assert.Single(await iam.ListAttachedGroupPoliciesAsync(group)).PolicyName);
        }

        [Fact]
        public async Task InlineGrantsArePutMergedAndIdempotentAndNeverTouchOtherPolicies()
        {
            string role = Unique("grant-role");
            using IamClient iam = Iam();
            await iam.CreateRoleAsync(role, TrustEc2);
            await iam.PutRolePolicyAsync(role, "someone-elses-policy", OtherPolicy);
            await iam.AttachRolePolicyAsync(role, ReadOnlyArn);
            var target = new GrantTarget(GrantPrincipalType.Role, role);
            var lookup = PermissionGrantRequest.ForActions(target, new[] { "cloudtrail:LookupEvents" }, null);

            PermissionGrantResult put = await Granter(iam).GrantAsync(lookup, whatIf: false);
            PermissionGrantResult again = await Granter(iam).GrantAsync(lookup, whatIf: false);
            PermissionGrantResult merged = await Granter(iam).GrantAsync(PermissionGrantRequest.ForScenario(target, "ViewTrails"), whatIf: false);
            PermissionGrantResult mergedAgain = await Granter(iam).GrantAsync(PermissionGrantRequest.ForScenario(target, "ViewTrails"), whatIf: false);

            Assert.Equal(GrantChange.PutInline, put.Change);
            Assert.Null(put.PreviousDocument);
            Assert.Equal(GrantChange.Unchanged, again.Change);
            Assert.Equal(GrantChange.PutInline, merged.Change);
            AssertSameJson(put.Document!, merged.PreviousDocument!);
            Assert.Equal(GrantChange.Unchanged, mergedAgain.Change);

            string stored = (await iam.GetRolePolicyAsync(role, PermissionGrantPlanner.InlinePolicyName)).PolicyDocument;
            AssertSameJson(merged.Document!, stored);
            var statements = JsonDocument.Parse(stored).RootElement.GetProperty("Statement").EnumerateArray().ToList();
            Assert.Equal("cloudtrail:LookupEvents", statements[0].GetProperty("Action").GetString());
            Assert.Contains(statements, s => s.GetProperty("Action").ToString().Contains("cloudtrail:GetTrailStatus"));

            Assert.Equal(new[] { PermissionGrantPlanner.InlinePolicyName, "someone-elses-policy" }, (await iam.ListRolePoliciesAsync(role)).OrderBy(n => n, StringComparer.Ordinal));
            AssertSameJson(OtherPolicy, (await iam.GetRolePolicyAsync(role, "someone-elses-policy")).PolicyDocument);
            Assert.Equal(ReadOnlyArn, Assert.Single(await iam.ListAttachedRolePoliciesAsync(role)).PolicyArn);
        }

        [Fact]
        public async Task OurPolicyEditedByHandKeepsItsStatementsWhenMerged()
        {
            string group = Unique("grant-merge");
            _moto.AwsCli("iam", "create-group", "--group-name", group);
            using IamClient iam = Iam();
            const string handEdited = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"AddedByHand\",\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::trail-logs/AWSLogs/*\"}]}";
            await iam.PutGroupPolicyAsync(group, PermissionGrantPlanner.InlinePolicyName, handEdited);

            PermissionGrantResult result = await Granter(iam).GrantAsync(
                PermissionGrantRequest.ForScenario(new GrantTarget(GrantPrincipalType.Group, group), "ConfigureCloudWatchLogs"), whatIf: false);

            Assert.Equal(GrantChange.PutInline, result.Change);
            string stored = (await iam.GetGroupPolicyAsync(group, PermissionGrantPlanner.InlinePolicyName)).PolicyDocument;
            var statements = JsonDocument.Parse(stored).RootElement.GetProperty("Statement").EnumerateArray().ToList();
            Assert.Equal("AddedByHand", statements[0].GetProperty("Sid").GetString());
            JsonElement passRole = statements.Single(s => s.GetProperty("Action").ToString() == "iam:PassRole");
            Assert.Equal($"arn:aws:iam::{MotoServerFixture.AccountId}:role/CloudTrail_CloudWatchLogs_Role", passRole.GetProperty("Resource").GetString());
            Assert.Equal("cloudtrail.amazonaws.com", passRole.GetProperty("Condition").GetProperty("StringEquals").GetProperty("iam:PassedToService").GetString());
        }

        [Fact]
        public async Task ConfigureCloudWatchLogsCreatesTheDeliveryRoleAndTheGranteeMayOnlyPassIt()
        {
            string user = Unique("grant-cwl");
            _moto.AwsCli("iam", "create-user", "--user-name", user);
            using IamClient iam = Iam();
            var request = PermissionGrantRequest.ForScenario(new GrantTarget(GrantPrincipalType.User, user), "ConfigureCloudWatchLogs");

            PermissionGrantResult result = await Granter(iam).GrantAsync(request, whatIf: false);

            Assert.Equal($"arn:aws:iam::{MotoServerFixture.AccountId}:role/CloudTrail_CloudWatchLogs_Role", result.ServiceRoleArn);
            IamRole role = await iam.GetRoleAsync("CloudTrail_CloudWatchLogs_Role");
            Assert.Contains("cloudtrail.amazonaws.com", role.AssumeRolePolicyDocument);
            Assert.Contains("aws:SourceAccount", role.AssumeRolePolicyDocument);
            string rolePolicy = (await iam.GetRolePolicyAsync("CloudTrail_CloudWatchLogs_Role", ServiceRolePlan.PermissionPolicyName)).PolicyDocument;
            Assert.Contains("logs:PutLogEvents", rolePolicy);
            string granted = (await iam.GetUserPolicyAsync(user, PermissionGrantPlanner.InlinePolicyName)).PolicyDocument;
            Assert.DoesNotContain("iam:CreateRole", granted);
            Assert.DoesNotContain("iam:PutRolePolicy", granted);
            Assert.DoesNotContain("iam:AttachRolePolicy", granted);
            Assert.Empty(EscalationGuard.Find(granted, result.PrincipalArn!));

            // A second grant uses the role as it is.
            string second = Unique("grant-cwl");
            _moto.AwsCli("iam", "create-user", "--user-name", second);
            PermissionGrantResult again = await Granter(iam).GrantAsync(PermissionGrantRequest.ForScenario(new GrantTarget(GrantPrincipalType.User, second), "ConfigureCloudWatchLogs"), whatIf: true);
            Assert.Contains("existing role", again.Description);
        }

        [Theory]
        [InlineData("iam:AttachUserPolicy", "arn:aws:iam::123456789012:user/{user}")]
        [InlineData("iam:CreateAccessKey", "arn:aws:iam::123456789012:user/admin")]
        [InlineData("sts:AssumeRole", "arn:aws:iam::123456789012:role/*")]
        public async Task EscalatingErrorTextIsRefusedAndNothingIsWritten(string action, string resource)
        {
            string user = Unique("grant-evidence");
            _moto.AwsCli("iam", "create-user", "--user-name", user);
            using IamClient iam = Iam();
            string text = "User: arn:aws:iam::" + MotoServerFixture.AccountId + ":user/" + user + " is not authorized to perform: " + action +
                          " on resource: " + resource.Replace("{user}", user).Replace("123456789012", MotoServerFixture.AccountId);
            AccessErrorDiagnosis diagnosis = AccessErrorResolver.Default.Resolve(text).Single();

            Assert.Throws<GrantRefusedException>(() => PermissionGrantRequest.FromDiagnosis(diagnosis));
            var explicitRequest = PermissionGrantRequest.ForActions(new GrantTarget(GrantPrincipalType.User, user), new[] { action }, new[] { diagnosis.Resource! });
            var refused = await Assert.ThrowsAsync<GrantRefusedException>(() => Granter(iam).GrantAsync(explicitRequest, whatIf: true));
            Assert.Equal(GrantRefusalReason.PrivilegeEscalation, refused.Reason);
            Assert.Empty(await iam.ListUserPoliciesAsync(user));
            Assert.Empty(await iam.ListAttachedUserPoliciesAsync(user));
        }

        [Fact]
        public async Task WhatIfReportsTheExactDocumentAndChangesNothing()
        {
            string user = Unique("grant-whatif");
            _moto.AwsCli("iam", "create-user", "--user-name", user);
            using IamClient iam = Iam();
            var target = new GrantTarget(GrantPrincipalType.User, user);

            PermissionGrantResult managed = await Granter(iam).GrantAsync(PermissionGrantRequest.ForAccessLevel(target, GrantAccessLevel.ReadOnly), whatIf: true);
            PermissionGrantResult inline = await Granter(iam).GrantAsync(PermissionGrantRequest.ForScenario(target, "LookupEvents"), whatIf: true);

            Assert.Equal(GrantChange.WouldChange, managed.Change);
            Assert.Equal(ReadOnlyArn, managed.PolicyArn);
            Assert.Contains("cloudtrail:LookupEvents", managed.Document);
            Assert.Equal(GrantChange.WouldChange, inline.Change);
            Assert.Contains("cloudtrail:LookupEvents", inline.Document);
            Assert.Empty(await iam.ListAttachedUserPoliciesAsync(user));
            Assert.Empty(await iam.ListUserPoliciesAsync(user));
        }

        [Fact]
        public async Task DiagnosisOfAnAssumedRoleGrantsTheDeniedActionToTheRole()
        {
            string role = Unique("grant-diag");
            using IamClient iam = Iam();
            await iam.CreateRoleAsync(role, TrustEc2);
            AccessErrorDiagnosis diagnosis = AccessErrorResolver.Default.ResolveMessage(
                $"User: arn:aws:sts::{MotoServerFixture.AccountId}:assumed-role/{role}/session-1 is not authorized to perform: cloudtrail:GetTrailStatus on resource: arn:aws:cloudtrail:us-east-1:{MotoServerFixture.AccountId}:trail/main because no identity-based policy allows the cloudtrail:GetTrailStatus action");

            PermissionGrantResult result = await Granter(iam).GrantAsync(PermissionGrantRequest.FromDiagnosis(diagnosis), whatIf: false);

            Assert.Equal(GrantChange.PutInline, result.Change);
            Assert.Equal(GrantPrincipalType.Role, result.PrincipalType);
            JsonElement statement = Assert.Single(JsonDocument.Parse((await iam.GetRolePolicyAsync(role, PermissionGrantPlanner.InlinePolicyName)).PolicyDocument)
                .RootElement.GetProperty("Statement").EnumerateArray());
            Assert.Equal("cloudtrail:GetTrailStatus", statement.GetProperty("Action").GetString());
            Assert.Equal($"arn:aws:cloudtrail:us-east-1:{MotoServerFixture.AccountId}:trail/main", statement.GetProperty("Resource").GetString());
        }

        [Fact]
        public async Task RefusedDiagnosesChangeNothing()
        {
            string user = Unique("grant-refuse");
            _moto.AwsCli("iam", "create-user", "--user-name", user);
            using IamClient iam = Iam();
            AccessErrorDiagnosis scp = AccessErrorResolver.Default.ResolveMessage(
                $"User: arn:aws:iam::{MotoServerFixture.AccountId}:user/{user} is not authorized to perform: cloudtrail:StopLogging on resource: arn:aws:cloudtrail:us-east-1:{MotoServerFixture.AccountId}:trail/main with an explicit deny in a service control policy");
            AccessErrorDiagnosis elsewhere = AccessErrorResolver.Default.ResolveMessage(
                $"User: arn:aws:iam::999999999999:user/{user} is not authorized to perform: cloudtrail:LookupEvents because no identity-based policy allows the cloudtrail:LookupEvents action");

            var refused = Assert.Throws<GrantRefusedException>(() => PermissionGrantRequest.FromDiagnosis(scp));
            var wrongAccount = await Assert.ThrowsAsync<GrantRefusedException>(() => Granter(iam).GrantAsync(PermissionGrantRequest.FromDiagnosis(elsewhere), whatIf: false));

            Assert.Equal(GrantRefusalReason.ServiceControlPolicy, refused.Reason);
            Assert.Equal(GrantRefusalReason.DifferentAccount, wrongAccount.Reason);
            Assert.Empty(await iam.ListUserPoliciesAsync(user));
            Assert.Empty(await iam.ListAttachedUserPoliciesAsync(user));
        }

        [Fact]
        public async Task MissingPrincipalIsAServiceErrorNamingIt()
        {
            using IamClient iam = Iam();

            var missing = await Assert.ThrowsAsync<AwsServiceCallException>(() => Granter(iam).GrantAsync(
                PermissionGrantRequest.ForAccessLevel(new GrantTarget(GrantPrincipalType.User, Unique("nobody")), GrantAccessLevel.ReadOnly), whatIf: true));

            Assert.Equal("NoSuchEntity", missing.ErrorCode);
        }

        [Fact]
        public async Task GetGroupReadsTheGroup()
        {
            string group = Unique("get-group");
            _moto.AwsCli("iam", "create-group", "--group-name", group);
            using IamClient iam = Iam();

            IamGroup fetched = await iam.GetGroupAsync(group);

            Assert.Equal(group, fetched.GroupName);
            Assert.Equal($"arn:aws:iam::{MotoServerFixture.AccountId}:group/{group}", fetched.Arn);
        }
    }
}
