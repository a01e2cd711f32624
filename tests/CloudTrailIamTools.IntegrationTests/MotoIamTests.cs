using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using CloudTrailIamTools.Core;
using CloudTrailIamTools.Core.Aws;
using CloudTrailIamTools.IntegrationTests.Infrastructure;

namespace CloudTrailIamTools.IntegrationTests
{
    [Collection(MotoCollection.Name)]
    public sealed class MotoIamTests
    {
        private const string TrustCloudTrail =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"cloudtrail.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

        private const string ReadTrails =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"ReadTrails\",\"Effect\":\"Allow\",\"Action\":[\"cloudtrail:DescribeTrails\",\"cloudtrail:GetTrail\"],\"Resource\":\"*\"}]}";

        private readonly MotoServerFixture _moto;

        public MotoIamTests(MotoServerFixture moto)
        {
            _moto = moto;
        }

        private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N").Substring(0, 10);

        [Fact]
        public async Task UserWithGroupsInlineAndAttachedPoliciesReadsBackThroughEveryListAndGet()
        {
            string user = Unique("user");
            string group = Unique("group");
            _moto.AwsCli("iam", "create-user", "--user-name", user);
            _moto.AwsCli("iam", "create-group", "--group-name", group);
            _moto.AwsCli("iam", "add-user-to-group", "--user-name", user, "--group-name", group);
            using var iam = _moto.Connection().CreateIamClient(MotoServerFixture.FastSettings());

            await iam.PutUserPolicyAsync(user, "user-inline", ReadTrails);
            await iam.PutGroupPolicyAsync(group, "group-inline", ReadTrails);
            await iam.AttachUserPolicyAsync(user, "arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess");
            await iam.AttachGroupPolicyAsync(group, "arn:aws:iam::aws:policy/AWSCloudTrail_FullAccess");

            IamUser fetched = await iam.GetUserAsync(user);
            Assert.Equal(user, fetched.UserName);
            Assert.Equal($"arn:aws:iam::{MotoServerFixture.AccountId}:user/{user}", fetched.Arn);
            Assert.Equal("/", fetched.Path);
            Assert.NotNull(fetched.CreateDate);

            Assert.Equal(new[] { group }, (await iam.ListGroupsForUserAsync(user)).Select(g => g.GroupName));
            Assert.Equal(new[] { "user-inline" }, await iam.ListUserPoliciesAsync(user));
            Assert.Equal(new[] { "group-inline" }, await iam.ListGroupPoliciesAsync(group));

            IamInlinePolicy userPolicy = await iam.GetUserPolicyAsync(user, "user-inline");
            AssertSameJson(ReadTrails, userPolicy.PolicyDocument);
            IamInlinePolicy groupPolicy = Assert.Single(await iam.GetGroupInlinePoliciesAsync(group));
            AssertSameJson(ReadTrails, groupPolicy.PolicyDocument);
            Assert.Equal("group-inline", groupPolicy.PolicyName);

            var userAttached = Assert.Single(await iam.ListAttachedUserPoliciesAsync(user));
            Assert.Equal("AWSCloudTrail_ReadOnlyAccess", userAttached.PolicyName);
            Assert.Equal("arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess", userAttached.PolicyArn);
            var groupAttached = Assert.Single(await iam.ListAttachedGroupPoliciesAsync(group));
            Assert.Equal("AWSCloudTrail_FullAccess", groupAttached.PolicyName);
        }

        [Fact]
        public async Task GetUserWithoutNameReturnsTheCaller()
        {
            using var iam = _moto.Connection().CreateIamClient(MotoServerFixture.FastSettings());

            IamUser caller = await iam.GetUserAsync();

            Assert.StartsWith($"arn:aws:iam::{MotoServerFixture.AccountId}:", caller.Arn);
        }

        [Fact]
        public async Task RoleLifecycleDecodesTrustPolicyAndKeepsTagsAndInlineAndAttachedPolicies()
        {
            string role = Unique("role");
            using var iam = _moto.Connection().CreateIamClient(MotoServerFixture.FastSettings());

            IamRole created = await iam.CreateRoleAsync(role, TrustCloudTrail, path: "/test/", description: "integration", tags: new Dictionary<string, string> { ["team"] = "audit" });
            Assert.Equal(role, created.RoleName);
            Assert.Equal("/test/", created.Path);
            Assert.Equal($"arn:aws:iam::{MotoServerFixture.AccountId}:role/test/{role}", created.Arn);

            const string trustAccount = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"sts:AssumeRole\"}]}";
            await iam.UpdateAssumeRolePolicyAsync(role, trustAccount);
            await iam.TagRoleAsync(role, new Dictionary<string, string> { ["owner"] = "secops" });
            await iam.PutRolePolicyAsync(role, "role-inline", ReadTrails);
            await iam.AttachRolePolicyAsync(role, "arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess");

            IamRole fetched = await iam.GetRoleAsync(role);
            // GetRole answers URL-encoded (as AWS does); the client hands back JSON.
            Assert.StartsWith("{", fetched.AssumeRolePolicyDocument);
            AssertSameJson(trustAccount, fetched.AssumeRolePolicyDocument!);
            Assert.Equal("audit", fetched.Tags["team"]);
            Assert.Equal("secops", fetched.Tags["owner"]);
            Assert.Equal("integration", fetched.Description);

            Assert.Equal(new[] { "role-inline" }, await iam.ListRolePoliciesAsync(role));
            AssertSameJson(ReadTrails, (await iam.GetRolePolicyAsync(role, "role-inline")).PolicyDocument);
            Assert.Single(await iam.GetRoleInlinePoliciesAsync(role));
            Assert.Equal("AWSCloudTrail_ReadOnlyAccess", Assert.Single(await iam.ListAttachedRolePoliciesAsync(role)).PolicyName);
        }

        [Fact]
        public async Task UpdateRoleChangesOnlyTheMaxSessionDuration()
        {
            string role = Unique("role-session");
            using var iam = _moto.Connection().CreateIamClient(MotoServerFixture.FastSettings());
            await iam.CreateRoleAsync(role, TrustCloudTrail, maxSessionDuration: 3600, tags: new Dictionary<string, string> { ["team"] = "audit" });

            await iam.UpdateRoleAsync(role, 7200);

            // moto also clears the description when UpdateRole leaves it out, so the description is not asserted.
            IamRole fetched = await iam.GetRoleAsync(role);
            Assert.Equal(7200, fetched.MaxSessionDuration);
            Assert.Equal("audit", fetched.Tags["team"]);
            AssertSameJson(TrustCloudTrail, fetched.AssumeRolePolicyDocument!);
        }

        [Fact]
        public async Task ManagedPolicyAndItsDefaultVersionDocumentAreRead()
        {
            using var iam = _moto.Connection().CreateIamClient(MotoServerFixture.FastSettings());

            IamManagedPolicy policy = await iam.GetPolicyAsync("arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess");
            Assert.Equal("AWSCloudTrail_ReadOnlyAccess", policy.PolicyName);
            Assert.False(string.IsNullOrEmpty(policy.DefaultVersionId));

            IamPolicyVersion version = await iam.GetPolicyVersionAsync(policy.Arn, policy.DefaultVersionId!);
            Assert.True(version.IsDefaultVersion);
            using var document = JsonDocument.Parse(version.Document!);
            Assert.Contains("cloudtrail:LookupEvents", version.Document);

            IamPolicyVersion viaDefault = await iam.GetDefaultPolicyVersionAsync(policy.Arn);
            Assert.Equal(version.VersionId, viaDefault.VersionId);
        }

        [Fact]
        public async Task CustomerManagedPolicyCreatedWithCliIsReadWithVersions()
        {
            string name = Unique("policy");
            string output = _moto.AwsCli("iam", "create-policy", "--policy-name", name, "--policy-document", ReadTrails);
            string arn = JsonDocument.Parse(output).RootElement.GetProperty("Policy").GetProperty("Arn").GetString()!;
            using var iam = _moto.Connection().CreateIamClient(MotoServerFixture.FastSettings());

            IamManagedPolicy policy = await iam.GetPolicyAsync(arn);
            IamPolicyVersion version = await iam.GetPolicyVersionAsync(arn, policy.DefaultVersionId!);

            Assert.Equal(name, policy.PolicyName);
            AssertSameJson(ReadTrails, version.Document!);
        }

        [Fact]
        public async Task ListRolesFollowsMarkersAcrossSmallPagesAndHonoursPathPrefix()
        {
            string path = "/" + Unique("paging") + "/";
            using var iam = _moto.Connection().CreateIamClient(MotoServerFixture.FastSettings(pageSize: 2));
            var names = Enumerable.Range(1, 7).Select(i => Unique("paged" + i)).ToList();
            foreach (string name in names)
            {
                await iam.CreateRoleAsync(name, TrustCloudTrail, path: path);
            }

            await iam.CreateRoleAsync(Unique("elsewhere"), TrustCloudTrail, path: "/other/");

            IReadOnlyList<IamRole> roles = await iam.ListRolesAsync(path);

            Assert.Equal(names.OrderBy(n => n, StringComparer.Ordinal), roles.Select(r => r.RoleName).OrderBy(n => n, StringComparer.Ordinal));
            Assert.All(roles, r => Assert.Equal(path, r.Path));
        }

        [Fact]
        public async Task ServiceLinkedRoleForCloudTrailIsCreatedOnceAndFoundByPath()
        {
            await _moto.ResetAsync();
            using var iam = _moto.Connection().CreateIamClient(MotoServerFixture.FastSettings());

            IamRole role = await iam.CreateServiceLinkedRoleAsync("cloudtrail.amazonaws.com");
            Assert.Equal("/aws-service-role/cloudtrail.amazonaws.com/", role.Path);
            Assert.Contains("cloudtrail.amazonaws.com", role.AssumeRolePolicyDocument);

            var byPath = await iam.ListRolesAsync("/aws-service-role/cloudtrail.amazonaws.com/");
            Assert.Equal(role.Arn, Assert.Single(byPath).Arn);

            var again = await Assert.ThrowsAsync<AwsServiceCallException>(() => iam.CreateServiceLinkedRoleAsync("cloudtrail.amazonaws.com"));
            Assert.Equal("EntityAlreadyExists", again.ErrorCode);
            Assert.Equal(FailureCategory.ResourceExists, again.Category);
        }

        [Fact]
        public async Task AccountAuthorizationDetailsFiltersByEntityAndDecodesDocuments()
        {
            string user = Unique("gaad-user");
            string role = Unique("gaad-role");
            _moto.AwsCli("iam", "create-user", "--user-name", user);
            using var iam = _moto.Connection().CreateIamClient(MotoServerFixture.FastSettings(pageSize: 3));
            await iam.PutUserPolicyAsync(user, "inline", ReadTrails);
            await iam.CreateRoleAsync(role, TrustCloudTrail);
            await iam.AttachRolePolicyAsync(role, "arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess");

            IamAccountAuthorizationDetails details = await iam.GetAccountAuthorizationDetailsAsync(new[] { IamEntityFilter.User, IamEntityFilter.Role });

            IamUserDetail userDetail = Assert.Single(details.Users, u => u.User.UserName == user);
            AssertSameJson(ReadTrails, Assert.Single(userDetail.InlinePolicies).PolicyDocument);
            IamRoleDetail roleDetail = Assert.Single(details.Roles, r => r.Role.RoleName == role);
            Assert.StartsWith("{", roleDetail.Role.AssumeRolePolicyDocument);
            Assert.Equal("AWSCloudTrail_ReadOnlyAccess", Assert.Single(roleDetail.AttachedPolicies).PolicyName);
            Assert.Empty(details.Policies);
        }

        [Fact]
        public async Task MissingEntitiesSurfaceAsOneExceptionTypeWithCodeStatusAndRequestId()
        {
            using var iam = _moto.Connection().CreateIamClient(MotoServerFixture.FastSettings());

            var roleError = await Assert.ThrowsAsync<AwsServiceCallException>(() => iam.GetRoleAsync("no-such-role"));
            Assert.Equal("NoSuchEntity", roleError.ErrorCode);
            Assert.Equal(HttpStatusCode.NotFound, roleError.HttpStatusCode);
            Assert.Equal(AwsService.Iam, roleError.Service);
            Assert.Equal("GetRole", roleError.Operation);
            Assert.Contains("no-such-role", roleError.ServiceMessage);
            Assert.False(string.IsNullOrEmpty(roleError.RequestId));
            Assert.Equal(FailureCategory.ObjectNotFound, roleError.Category);
            Assert.IsAssignableFrom<Amazon.Runtime.AmazonServiceException>(roleError.InnerException);
            Assert.IsAssignableFrom<CloudTrailIamToolsException>(roleError);

            var policyError = await Assert.ThrowsAsync<AwsServiceCallException>(
                () => iam.GetPolicyAsync($"arn:aws:iam::{MotoServerFixture.AccountId}:policy/absent"));
            Assert.Equal("NoSuchEntity", policyError.ErrorCode);

            var userError = await Assert.ThrowsAsync<AwsServiceCallException>(() => iam.PutUserPolicyAsync("nobody-here", "p", ReadTrails));
            Assert.Equal("NoSuchEntity", userError.ErrorCode);
        }

        [Fact]
        public async Task EmptyNamesAreRejectedBeforeAnyCall()
        {
            using var iam = _moto.Connection().CreateIamClient(MotoServerFixture.FastSettings());

            var error = await Assert.ThrowsAsync<InvalidInputException>(() => iam.GetRoleAsync(" "));

            Assert.Equal("roleName", error.Location);
        }

        internal static void AssertSameJson(string expected, string actual)
        {
            using var left = JsonDocument.Parse(expected);
            using var right = JsonDocument.Parse(actual);
            Assert.Equal(JsonSerializer.Serialize(left.RootElement), JsonSerializer.Serialize(right.RootElement));
        }
    }
}
