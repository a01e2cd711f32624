using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using CloudTrailIamTools.Core.Aws;
using CloudTrailIamTools.Core.Grants;
using CloudTrailIamTools.IntegrationTests.Infrastructure;

namespace CloudTrailIamTools.IntegrationTests
{
    /// <summary>Grant-CloudTrailCrossAccountRole's core against moto: create, Unchanged, refuse a different role, -Force, -WhatIf.</summary>
    [Collection(MotoCollection.Name)]
    public sealed class MotoCrossAccountRoleTests
    {
        private const string Trusted = "111122223333";

        private readonly MotoServerFixture _moto;

        public MotoCrossAccountRoleTests(MotoServerFixture moto)
        {
            _moto = moto;
        }

        private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N").Substring(0, 10);

        private static void AssertSameJson(string expected, string? actual)
        {
            Assert.NotNull(actual);
            Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(expected).RootElement, JsonDocument.Parse(actual!).RootElement), "Expected " + expected + " but found " + actual);
        }

        private (IamClient Iam, StsClient Sts, CrossAccountRoleGranter Granter) Clients()
        {
            ResolvedAwsConnection connection = _moto.Connection();
            IamClient iam = connection.CreateIamClient(MotoServerFixture.FastSettings());
            StsClient sts = connection.CreateStsClient(MotoServerFixture.FastSettings());
            return (iam, sts, new CrossAccountRoleGranter(iam, sts));
        }

        [Fact]
        public async Task AWriteCutShortAfterCreateRoleSaysWhatExistsAndTheSameCommandFinishesIt()
        {
            using var proxy = new FaultyProxy(_moto.EndpointUrl);
            ResolvedAwsConnection connection = new AwsConnectionResolver(TestEnvironment.Empty).Resolve(new AwsConnectionOptions
            {
                AccessKey = MotoServerFixture.AccessKey,
                SecretKey = MotoServerFixture.SecretKey,
                Region = MotoServerFixture.Region,
                EndpointUrl = proxy.EndpointUrl,
            });
            using IamClient iam = connection.CreateIamClient(MotoServerFixture.FastSettings());
            using StsClient sts = connection.CreateStsClient(MotoServerFixture.FastSettings());
            var granter = new CrossAccountRoleGranter(iam, sts);
            string name = Unique("cut");
            var request = new CrossAccountRoleRequest(new[] { Trusted }, name, externalId: "partner-7", thirdParty: true, requireMfa: false,
                maxSessionDuration: null, logBucketName: null, organizationId: null);
            proxy.Fail("PutRolePolicy", times: 2);

            var cut = await Assert.ThrowsAsync<AwsServiceCallException>(() => granter.GrantAsync(request, force: false, whatIf: false));

            Assert.Equal(2, proxy.FailedActions.Count);
            Assert.Equal("PutRolePolicy", cut.Operation);
            Assert.Contains($"Role arn:aws:iam::{MotoServerFixture.AccountId}:role/{name} now exists", cut.Message);
            Assert.Contains(CrossAccountRolePlanner.PermissionPolicyName, cut.Message);
            Assert.Contains("Run the same command again to finish it", cut.Message);
            Assert.Empty(await iam.ListRolePoliciesAsync(name));

            CrossAccountRoleResult finished = await granter.GrantAsync(request, force: false, whatIf: false);
            CrossAccountRoleResult again = await granter.GrantAsync(request, force: false, whatIf: false);

            Assert.Equal(CrossAccountRoleChange.Updated, finished.Change);
            Assert.Equal(CrossAccountRoleChange.Unchanged, again.Change);
            AssertSameJson(finished.PermissionPolicy, (await iam.GetRolePolicyAsync(name, CrossAccountRolePlanner.PermissionPolicyName)).PolicyDocument);
        }

        [Fact]
        public async Task CreatesTheRoleWithTrustPolicyInlinePolicyAndTagThenReportsUnchanged()
        {
            var (iam, sts, granter) = Clients();
            using (iam)
            using (sts)
            {
                string name = Unique("reader");
                var request = new CrossAccountRoleRequest(new[] { Trusted }, name, externalId: "partner-7", thirdParty: true, requireMfa: true,
                    maxSessionDuration: 7200, logBucketName: "central-logs", organizationId: "o-abcdef1234");

                CrossAccountRoleResult created = await granter.GrantAsync(request, force: false, whatIf: false);
                CrossAccountRoleResult again = await granter.GrantAsync(request, force: false, whatIf: false);

                Assert.Equal(CrossAccountRoleChange.Created, created.Change);
                Assert.Equal($"arn:aws:iam::{MotoServerFixture.AccountId}:role/{name}", created.RoleArn);
                Assert.Equal(CrossAccountRoleChange.Unchanged, again.Change);

                IamRole role = await iam.GetRoleAsync(name);
                AssertSameJson(created.TrustPolicy, role.AssumeRolePolicyDocument);
                Assert.Equal("CrossAccountRole", role.Tags["CloudTrailIamTools"]);
                Assert.Equal(7200, role.MaxSessionDuration);
                Assert.Equal(new[] { CrossAccountRolePlanner.PermissionPolicyName }, await iam.ListRolePoliciesAsync(name));
                string stored = (await iam.GetRolePolicyAsync(name, CrossAccountRolePlanner.PermissionPolicyName)).PolicyDocument;
                AssertSameJson(created.PermissionPolicy, stored);
                Assert.Contains("arn:aws:s3:::central-logs/AWSLogs/o-abcdef1234/111122223333/*", stored);
                Assert.Empty(await iam.ListAttachedRolePoliciesAsync(name));
            }
        }

        [Fact]
        public async Task WhatIfShowsBothDocumentsAndCreatesNothing()
        {
            var (iam, sts, granter) = Clients();
            using (iam)
            using (sts)
            {
                string name = Unique("reader-whatif");

                CrossAccountRoleResult preview = await granter.GrantAsync(new CrossAccountRoleRequest(new[] { Trusted }, name), force: false, whatIf: true);

                Assert.Equal(CrossAccountRoleChange.WouldChange, preview.Change);
                Assert.Contains("sts:AssumeRole", preview.TrustPolicy);
                Assert.Contains("cloudtrail:LookupEvents", preview.PermissionPolicy);
                Assert.Equal($"arn:aws:iam::{MotoServerFixture.AccountId}:role/{name}", preview.RoleArn);
                var missing = await Assert.ThrowsAsync<AwsServiceCallException>(() => iam.GetRoleAsync(name));
                Assert.Equal("NoSuchEntity", missing.ErrorCode);
            }
        }

        [Fact]
        public async Task AnUnfinishedCreationIsFinishedWithoutForceByPuttingOnlyTheInlinePolicy()
        {
            var (iam, sts, granter) = Clients();
            using (iam)
            using (sts)
            {
                string name = Unique("reader-resume");
                var request = new CrossAccountRoleRequest(new[] { Trusted }, name);
                // What an earlier run left when it stopped after CreateRole: our trust policy and tag, no inline policy.
                string trust = CrossAccountRolePlanner.TrustPolicy(request, "aws");
                await iam.CreateRoleAsync(name, trust, tags: new Dictionary<string, string> { ["CloudTrailIamTools"] = "CrossAccountRole" });

                CrossAccountRoleResult finished = await granter.GrantAsync(request, force: false, whatIf: false);

                Assert.Equal(CrossAccountRoleChange.Updated, finished.Change);
                Assert.Equal(new[] { CrossAccountRolePlanner.PermissionPolicyName }, await iam.ListRolePoliciesAsync(name));
                AssertSameJson(finished.PermissionPolicy, (await iam.GetRolePolicyAsync(name, CrossAccountRolePlanner.PermissionPolicyName)).PolicyDocument);
                AssertSameJson(trust, (await iam.GetRoleAsync(name)).AssumeRolePolicyDocument);
                Assert.Equal(CrossAccountRoleChange.Unchanged, (await granter.GrantAsync(request, force: false, whatIf: false)).Change);
            }
        }

        [Fact]
        public async Task ADifferentMaxSessionDurationIsRefusedThenForceSetsItWithUpdateRole()
        {
            var (iam, sts, granter) = Clients();
            using (iam)
            using (sts)
            {
                string name = Unique("reader-session");
                Assert.Equal(CrossAccountRoleChange.Created, (await granter.GrantAsync(new CrossAccountRoleRequest(new[] { Trusted }, name), force: false, whatIf: false)).Change);
                var longer = new CrossAccountRoleRequest(new[] { Trusted }, name, maxSessionDuration: 14400);

                var conflict = await Assert.ThrowsAsync<CrossAccountRoleConflictException>(() => granter.GrantAsync(longer, force: false, whatIf: false));
                Assert.Contains("MaxSessionDuration", Assert.Single(conflict.Planned.Differences));
                Assert.Equal(3600, (await iam.GetRoleAsync(name)).MaxSessionDuration);

                CrossAccountRoleResult updated = await granter.GrantAsync(longer, force: true, whatIf: false);

                Assert.Equal(CrossAccountRoleChange.Updated, updated.Change);
                Assert.Equal(14400, (await iam.GetRoleAsync(name)).MaxSessionDuration);
                Assert.Equal(CrossAccountRoleChange.Unchanged, (await granter.GrantAsync(longer, force: false, whatIf: false)).Change);
            }
        }

        [Fact]
        public async Task ARoleWithoutOurTagIsRefusedUntouchedEvenWithForce()
        {
            var (iam, sts, granter) = Clients();
            using (iam)
            using (sts)
            {
                string name = Unique("reader-theirs");
                const string oldTrust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::444455556666:root\"},\"Action\":\"sts:AssumeRole\"}]}";
                const string other = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:ListAllMyBuckets\",\"Resource\":\"*\"}]}";
                await iam.CreateRoleAsync(name, oldTrust, tags: new Dictionary<string, string> { ["team"] = "audit" });
                await iam.PutRolePolicyAsync(name, "kept-policy", other);
                var request = new CrossAccountRoleRequest(new[] { Trusted }, name, externalId: "ext-1");

                var conflict = await Assert.ThrowsAsync<CrossAccountRoleConflictException>(() => granter.GrantAsync(request, force: false, whatIf: false));
                var forced = await Assert.ThrowsAsync<CrossAccountRoleConflictException>(() => granter.GrantAsync(request, force: true, whatIf: false));
                var forcedPreview = await Assert.ThrowsAsync<CrossAccountRoleConflictException>(() => granter.GrantAsync(request, force: true, whatIf: true));

                Assert.Equal(3, conflict.Planned.Differences.Count);
                Assert.Equal("CrossAccountRoleNotOurs", forced.ErrorId);
                Assert.Equal("CrossAccountRoleNotOurs", forcedPreview.ErrorId);
                IamRole role = await iam.GetRoleAsync(name);
                AssertSameJson(oldTrust, role.AssumeRolePolicyDocument);
                Assert.False(role.Tags.ContainsKey("CloudTrailIamTools"));
                Assert.Equal(new[] { "kept-policy" }, await iam.ListRolePoliciesAsync(name));
            }
        }

        [Fact]
        public async Task OurRoleThatDiffersIsRefusedUntouchedAndForceUpdatesItOnlyWhenItHoldsNothingButOurPolicy()
        {
            var (iam, sts, granter) = Clients();
            using (iam)
            using (sts)
            {
                string name = Unique("reader-existing");
                const string other = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:ListAllMyBuckets\",\"Resource\":\"*\"}]}";
                CrossAccountRoleResult first = await granter.GrantAsync(new CrossAccountRoleRequest(new[] { "444455556666" }, name), force: false, whatIf: false);
                await iam.TagRoleAsync(name, new Dictionary<string, string> { ["team"] = "audit" });
                await iam.PutRolePolicyAsync(name, "kept-policy", other);
                var request = new CrossAccountRoleRequest(new[] { Trusted }, name, externalId: "ext-1");

                var conflict = await Assert.ThrowsAsync<CrossAccountRoleConflictException>(() => granter.GrantAsync(request, force: false, whatIf: false));
                var conflictUnderWhatIf = await Assert.ThrowsAsync<CrossAccountRoleConflictException>(() => granter.GrantAsync(request, force: false, whatIf: true));
                Assert.Contains("Trust policy differs", Assert.Single(conflict.Planned.Differences));
                Assert.Equal("CrossAccountRoleNotOurs", conflictUnderWhatIf.ErrorId);
                AssertSameJson(first.TrustPolicy, (await iam.GetRoleAsync(name)).AssumeRolePolicyDocument);

                // Forcing never trusts another account with a role that holds policies we did not write.
                var refusedForce = await Assert.ThrowsAsync<CrossAccountRoleConflictException>(() => granter.GrantAsync(request, force: true, whatIf: false));
                Assert.False(refusedForce.ForceCanUpdate);
                Assert.Contains("kept-policy", refusedForce.Message);
                AssertSameJson(first.TrustPolicy, (await iam.GetRoleAsync(name)).AssumeRolePolicyDocument);
                _moto.AwsCli("iam", "delete-role-policy", "--role-name", name, "--policy-name", "kept-policy");
                await iam.AttachRolePolicyAsync(name, "arn:aws:iam::aws:policy/AdministratorAccess");
                var refusedAdmin = await Assert.ThrowsAsync<CrossAccountRoleConflictException>(() => granter.GrantAsync(request, force: true, whatIf: false));
                Assert.Contains("AdministratorAccess", refusedAdmin.Message);
                AssertSameJson(first.TrustPolicy, (await iam.GetRoleAsync(name)).AssumeRolePolicyDocument);
                _moto.AwsCli("iam", "detach-role-policy", "--role-name", name, "--policy-arn", "arn:aws:iam::aws:policy/AdministratorAccess");

                CrossAccountRoleResult forcedPreview = await granter.GrantAsync(request, force: true, whatIf: true);
                Assert.Equal(CrossAccountRoleChange.WouldChange, forcedPreview.Change);
                AssertSameJson(first.TrustPolicy, (await iam.GetRoleAsync(name)).AssumeRolePolicyDocument);

                CrossAccountRoleResult updated = await granter.GrantAsync(request, force: true, whatIf: false);
                Assert.Equal(CrossAccountRoleChange.Updated, updated.Change);
                IamRole role = await iam.GetRoleAsync(name);
                AssertSameJson(updated.TrustPolicy, role.AssumeRolePolicyDocument);
                Assert.Equal("audit", role.Tags["team"]);
                Assert.Equal("CrossAccountRole", role.Tags["CloudTrailIamTools"]);
                Assert.Equal(new[] { CrossAccountRolePlanner.PermissionPolicyName }, await iam.ListRolePoliciesAsync(name));

                Assert.Equal(CrossAccountRoleChange.Unchanged, (await granter.GrantAsync(request, force: false, whatIf: false)).Change);
            }
        }
    }
}
