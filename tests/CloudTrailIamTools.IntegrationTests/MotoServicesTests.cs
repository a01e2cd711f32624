using System;
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
    public sealed class MotoServicesTests
    {
        private readonly MotoServerFixture _moto;

        public MotoServicesTests(MotoServerFixture moto)
        {
            _moto = moto;
        }

        [Fact]
        public async Task ConcurrentResetsAreTakenOneAtATimeAndLeaveAnAnsweringMoto()
        {
            // Each reset reloads every AWS managed policy; on a busy machine one takes longer than a short HTTP timeout.
            await Task.WhenAll(_moto.ResetAsync(), _moto.ResetAsync(), _moto.SetAuthorizationAsync(false));

            using var sts = _moto.Connection().CreateStsClient(MotoServerFixture.FastSettings());
            Assert.Equal(MotoServerFixture.AccountId, (await sts.GetCallerIdentityAsync()).Account);
        }

        [Fact]
        public async Task StsGetCallerIdentityGoesThroughTheSdkClientToTheEndpoint()
        {
            using var sts = _moto.Connection().CreateStsClient(MotoServerFixture.FastSettings());

            CallerIdentity identity = await sts.GetCallerIdentityAsync();

            Assert.Equal(MotoServerFixture.AccountId, identity.Account);
            Assert.StartsWith($"arn:aws:", identity.Arn);
            Assert.False(string.IsNullOrEmpty(identity.UserId));
        }

        [Fact]
        public async Task CloudTrailTrailsAreDescribedFetchedAndTheirStatusRead()
        {
            string bucket = "trail-bucket-" + Guid.NewGuid().ToString("N").Substring(0, 12);
            string trail = "trail-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            _moto.AwsCli("s3api", "create-bucket", "--bucket", bucket);
            _moto.AwsCli("cloudtrail", "create-trail", "--name", trail, "--s3-bucket-name", bucket, "--is-multi-region-trail");
            _moto.AwsCli("cloudtrail", "start-logging", "--name", trail);
            using var cloudTrail = _moto.Connection().CreateCloudTrailClient(MotoServerFixture.FastSettings());

            var all = await cloudTrail.DescribeTrailsAsync();
            CloudTrailTrail described = Assert.Single(all, t => t.Name == trail);
            Assert.Equal(bucket, described.S3BucketName);
            Assert.True(described.IsMultiRegionTrail);
            Assert.Equal($"arn:aws:cloudtrail:{MotoServerFixture.Region}:{MotoServerFixture.AccountId}:trail/{trail}", described.TrailArn);

            var byName = await cloudTrail.DescribeTrailsAsync(new[] { trail });
            Assert.Equal(trail, Assert.Single(byName).Name);

            CloudTrailTrail fetched = await cloudTrail.GetTrailAsync(described.TrailArn!);
            Assert.Equal(trail, fetched.Name);
            Assert.Equal(described.TrailArn, fetched.TrailArn);

            CloudTrailTrailStatus status = await cloudTrail.GetTrailStatusAsync(trail);
            Assert.True(status.IsLogging);
            Assert.NotNull(status.StartLoggingTime);
        }

        [Fact]
        public async Task CloudTrailErrorsCarryTheJsonErrorTypeAndStatus()
        {
            using var cloudTrail = _moto.Connection().CreateCloudTrailClient(MotoServerFixture.FastSettings());

            var error = await Assert.ThrowsAsync<AwsServiceCallException>(() => cloudTrail.GetTrailAsync("no-such-trail"));

            Assert.Equal("TrailNotFoundException", error.ErrorCode);
            Assert.Equal(HttpStatusCode.BadRequest, error.HttpStatusCode);
            Assert.Equal(AwsService.CloudTrail, error.Service);
            Assert.Equal("GetTrail", error.Operation);
            Assert.Contains("no-such-trail", error.ServiceMessage);
            Assert.Equal(FailureCategory.ObjectNotFound, error.Category);
            Assert.Contains("(TrailNotFoundException) when calling the CloudTrail GetTrail operation", error.Message);
        }

        [Fact]
        public async Task OrganizationsFromNoOrganizationToTrustedAccessAndDelegatedAdministrators()
        {
            await _moto.ResetAsync();
            using var organizations = _moto.Connection().CreateOrganizationsClient(MotoServerFixture.FastSettings(pageSize: 1));

            var notInUse = await Assert.ThrowsAsync<AwsServiceCallException>(() => organizations.DescribeOrganizationAsync());
            Assert.Equal("AWSOrganizationsNotInUseException", notInUse.ErrorCode);
            Assert.Equal(FailureCategory.ObjectNotFound, notInUse.Category);
            Assert.Equal("Your account is not a member of an organization.", notInUse.ServiceMessage);

            _moto.AwsCli("organizations", "create-organization", "--feature-set", "ALL");
            string created = _moto.AwsCli("organizations", "create-account", "--email", "member@example.com", "--account-name", "member");
            string memberId = WaitForAccountId(created);

            AwsOrganization organization = await organizations.DescribeOrganizationAsync();
            Assert.StartsWith("o-", organization.Id);
            Assert.True(organization.AllFeaturesEnabled);
            Assert.Equal(MotoServerFixture.AccountId, organization.ManagementAccountId);

            Assert.Empty(await organizations.ListAwsServiceAccessForOrganizationAsync());
            await organizations.EnableAwsServiceAccessAsync("cloudtrail.amazonaws.com");
            await organizations.EnableAwsServiceAccessAsync("config.amazonaws.com");
            var enabled = await organizations.ListAwsServiceAccessForOrganizationAsync();
            Assert.Equal(new[] { "cloudtrail.amazonaws.com", "config.amazonaws.com" }, enabled.Select(p => p.ServicePrincipal).OrderBy(p => p, StringComparer.Ordinal));
            Assert.All(enabled, p => Assert.NotNull(p.DateEnabled));

            var unknown = await Assert.ThrowsAsync<AwsServiceCallException>(() => organizations.EnableAwsServiceAccessAsync("nothing.example.com"));
            Assert.Equal("InvalidInputException", unknown.ErrorCode);

            Assert.Empty(await organizations.ListDelegatedAdministratorsAsync());
            _moto.AwsCli("organizations", "register-delegated-administrator", "--account-id", memberId, "--service-principal", "ssm.amazonaws.com");
            DelegatedAdministrator administrator = Assert.Single(await organizations.ListDelegatedAdministratorsAsync());
            Assert.Equal(memberId, administrator.AccountId);
            Assert.Equal("member", administrator.Name);
            Assert.Equal(memberId, Assert.Single(await organizations.ListDelegatedAdministratorsAsync("ssm.amazonaws.com")).AccountId);
        }

        [Fact]
        public async Task WithAuthorizationOnDeniedCallsMapToAccessDeniedForBothProtocols()
        {
            string user = "limited-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            _moto.AwsCli("iam", "create-user", "--user-name", user);
            _moto.AwsCli("iam", "put-user-policy", "--user-name", user, "--policy-name", "only-sts", "--policy-document",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:GetCallerIdentity\",\"Resource\":\"*\"}]}");
            using var key = JsonDocument.Parse(_moto.AwsCli("iam", "create-access-key", "--user-name", user));
            string accessKey = key.RootElement.GetProperty("AccessKey").GetProperty("AccessKeyId").GetString()!;
            string secretKey = key.RootElement.GetProperty("AccessKey").GetProperty("SecretAccessKey").GetString()!;
            ResolvedAwsConnection limited = new AwsConnectionResolver(TestEnvironment.Empty).Resolve(new AwsConnectionOptions
            {
                AccessKey = accessKey,
                SecretKey = secretKey,
                Region = MotoServerFixture.Region,
                EndpointUrl = _moto.EndpointUrl,
            });
            using var sts = limited.CreateStsClient(MotoServerFixture.FastSettings());
            using var iam = limited.CreateIamClient(MotoServerFixture.FastSettings());
            using var cloudTrail = limited.CreateCloudTrailClient(MotoServerFixture.FastSettings());

            await _moto.SetAuthorizationAsync(enabled: true);
            try
            {
                Assert.EndsWith(":user/" + user, (await sts.GetCallerIdentityAsync()).Arn);

                var iamDenied = await Assert.ThrowsAsync<AwsServiceCallException>(() => iam.GetRoleAsync("anything"));
                Assert.Equal("AccessDenied", iamDenied.ErrorCode);
                Assert.True(iamDenied.IsAccessDenied);
                Assert.Equal(HttpStatusCode.Forbidden, iamDenied.HttpStatusCode);
                Assert.Contains("iam:GetRole", iamDenied.ServiceMessage);

                // moto answers JSON services' denials in XML; the code must still come through.
                var trailDenied = await Assert.ThrowsAsync<AwsServiceCallException>(() => cloudTrail.DescribeTrailsAsync());
                Assert.Equal("AccessDenied", trailDenied.ErrorCode);
                Assert.Equal(FailureCategory.PermissionDenied, trailDenied.Category);
                Assert.Contains("cloudtrail:DescribeTrails", trailDenied.ServiceMessage);
            }
            finally
            {
                await _moto.SetAuthorizationAsync(enabled: false);
            }
        }

        private string WaitForAccountId(string createAccountOutput)
        {
            using var document = JsonDocument.Parse(createAccountOutput);
            JsonElement status = document.RootElement.GetProperty("CreateAccountStatus");
            if (status.TryGetProperty("AccountId", out JsonElement id))
            {
                return id.GetString()!;
            }

            string requestId = status.GetProperty("Id").GetString()!;
            using var described = JsonDocument.Parse(_moto.AwsCli("organizations", "describe-create-account-status", "--create-account-request-id", requestId));
            return described.RootElement.GetProperty("CreateAccountStatus").GetProperty("AccountId").GetString()!;
        }
    }
}
