using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using CloudTrailIamTools.Core.Aws;
using CloudTrailIamTools.Core.OrganizationTrails;
using CloudTrailIamTools.IntegrationTests.Infrastructure;

namespace CloudTrailIamTools.IntegrationTests
{
    /// <summary>
    /// Repair-OrganizationTrailSlr's runner over the real clients: against moto for organizations, trusted access, the
    /// service-linked role and refusals; against the signing stub for delegated administrators (moto rejects
    /// cloudtrail.amazonaws.com there and lacks CloudTrail's registration).
    /// </summary>
    [Collection(MotoCollection.Name)]
    public sealed class OrganizationTrailRepairTests
    {
        private const string RolePath = "/aws-service-role/cloudtrail.amazonaws.com/";

        private readonly MotoServerFixture _moto;

        public OrganizationTrailRepairTests(MotoServerFixture moto)
        {
            _moto = moto;
        }

        private static readonly OrganizationTrailRepairOptions Quick = new OrganizationTrailRepairOptions { VerificationDelay = TimeSpan.FromMilliseconds(50) };

        private async Task<IReadOnlyList<OrganizationTrailCheckResult>> RepairAsync(IFixApprover? approver = null, ResolvedAwsConnection? connection = null)
        {
            using var api = AwsOrganizationTrailApi.Create(connection ?? _moto.Connection(), MotoServerFixture.FastSettings());
            return await new OrganizationTrailRepairRunner(api, approver ?? FixedDecisionApprover.ApplyAll).RunAsync(Quick);
        }

        private static OrganizationTrailCheckResult Get(IReadOnlyList<OrganizationTrailCheckResult> results, OrganizationTrailCheck check) =>
            results.Single(r => r.Check == check);

        // Set-up and read-back go through the project's clients where they cover the call: each aws CLI run costs a second.
        private bool TrustedAccessEnabled()
        {
            using var organizations = _moto.Connection().CreateOrganizationsClient(MotoServerFixture.FastSettings());
            return organizations.ListAwsServiceAccessForOrganizationAsync().GetAwaiter().GetResult().Any(p => p.ServicePrincipal == "cloudtrail.amazonaws.com");
        }

        private int ServiceLinkedRoles()
        {
            using var iam = _moto.Connection().CreateIamClient(MotoServerFixture.FastSettings());
            return iam.ListRolesAsync(RolePath).GetAwaiter().GetResult().Count;
        }

        private async Task NewOrganizationAsync(string featureSet = "ALL")
        {
            await _moto.ResetAsync();
            _moto.AwsCli("organizations", "create-organization", "--feature-set", featureSet);
        }

        private async Task EnableTrustedAccessAsync()
        {
            using var organizations = _moto.Connection().CreateOrganizationsClient(MotoServerFixture.FastSettings());
            await organizations.EnableAwsServiceAccessAsync("cloudtrail.amazonaws.com");
        }

        private async Task EnsureServiceLinkedRoleAsync()
        {
            using var iam = _moto.Connection().CreateIamClient(MotoServerFixture.FastSettings());
            try
            {
                await iam.CreateServiceLinkedRoleAsync("cloudtrail.amazonaws.com");
            }
            catch (AwsServiceCallException exists) when (exists.ErrorCode == "EntityAlreadyExists")
            {
            }
        }

        [Fact]
        public async Task WithoutAnOrganizationTheOrganizationCheckFailsAndTheRestIsSkipped()
        {
            await _moto.ResetAsync();

            var results = await RepairAsync();

            Assert.Equal(CheckStatus.Passed, Get(results, OrganizationTrailCheck.CallerIdentity).Status);
            OrganizationTrailCheckResult organization = Get(results, OrganizationTrailCheck.Organization);
            Assert.Equal(CheckStatus.Failed, organization.Status);
            Assert.Equal("AWSOrganizationsNotInUseException", organization.ErrorCode);
            Assert.All(results.Where(r => r.Check > OrganizationTrailCheck.Organization), r => Assert.Equal(CheckStatus.Skipped, r.Status));
            Assert.Equal(0, ServiceLinkedRoles());
        }

        [Fact]
        public async Task AnOrganizationWithoutAllFeaturesFailsThatCheck()
        {
            await NewOrganizationAsync("CONSOLIDATED_BILLING");

            var results = await RepairAsync();

            Assert.Equal(CheckStatus.Passed, Get(results, OrganizationTrailCheck.Organization).Status);
            OrganizationTrailCheckResult features = Get(results, OrganizationTrailCheck.AllFeatures);
            Assert.Equal(CheckStatus.Failed, features.Status);
            Assert.Contains("CONSOLIDATED_BILLING", features.Detail);
            Assert.Equal(CheckStatus.Skipped, Get(results, OrganizationTrailCheck.ServiceLinkedRole).Status);
            Assert.Equal(0, ServiceLinkedRoles());
        }

        [Fact]
        public async Task TrustedAccessOffAndRoleMissingAreFixedAndTheSecondRunChangesNothing()
        {
            await NewOrganizationAsync();

            var first = await RepairAsync();

            Assert.Equal(CheckStatus.Fixed, Get(first, OrganizationTrailCheck.TrustedAccess).Status);
            Assert.Equal(CheckStatus.Fixed, Get(first, OrganizationTrailCheck.ServiceLinkedRole).Status);
            Assert.Equal(CheckStatus.Passed, Get(first, OrganizationTrailCheck.Verification).Status);
            Assert.True(TrustedAccessEnabled());
            Assert.Equal(1, ServiceLinkedRoles());

            var second = await RepairAsync();

            Assert.All(second, r => Assert.Contains(r.Status, new[] { CheckStatus.Passed, CheckStatus.NotApplicable }));
            // moto names the role in lower case; it is found by path and trust.
            Assert.EndsWith(RolePath + "AWSServiceRoleForcloudtrail", Get(second, OrganizationTrailCheck.ServiceLinkedRole).Target);
            Assert.Equal(1, ServiceLinkedRoles());
        }

        [Fact]
        public async Task OnlyTheMissingRoleIsCreatedWhenTrustedAccessIsOn()
        {
            await NewOrganizationAsync();
            await EnableTrustedAccessAsync();

            var results = await RepairAsync();

            Assert.Equal(CheckStatus.Passed, Get(results, OrganizationTrailCheck.TrustedAccess).Status);
            Assert.Equal(CheckStatus.Fixed, Get(results, OrganizationTrailCheck.ServiceLinkedRole).Status);
            Assert.Equal(1, ServiceLinkedRoles());
        }

        [Fact]
        public async Task EverythingInPlacePassesEveryCheck()
        {
            await NewOrganizationAsync();
            await EnableTrustedAccessAsync();
            await EnsureServiceLinkedRoleAsync();

            var results = await RepairAsync();

            Assert.Equal(
                new[] { CheckStatus.Passed, CheckStatus.Passed, CheckStatus.Passed, CheckStatus.Passed, CheckStatus.Passed, CheckStatus.Passed, CheckStatus.Passed, CheckStatus.NotApplicable, CheckStatus.NotApplicable },
                results.Select(r => r.Status));
            Assert.Equal(MotoServerFixture.AccountId, Get(results, OrganizationTrailCheck.ManagementAccount).AccountId);
        }

        [Fact]
        public async Task WhatIfReadsEverythingReportsWouldFixAndChangesNothing()
        {
            await NewOrganizationAsync();

            var results = await RepairAsync(FixedDecisionApprover.WhatIfAll);

            Assert.Equal(CheckStatus.WouldFix, Get(results, OrganizationTrailCheck.TrustedAccess).Status);
            Assert.Equal(CheckStatus.WouldFix, Get(results, OrganizationTrailCheck.ServiceLinkedRole).Status);
            Assert.Equal(CheckStatus.NotApplicable, Get(results, OrganizationTrailCheck.Verification).Status);
            Assert.False(TrustedAccessEnabled());
            Assert.Equal(0, ServiceLinkedRoles());
        }

        [Fact]
        public async Task RefusedCallsBecomeMissingPermissionResultsWithAPolicy()
        {
            await NewOrganizationAsync();
            string user = "repair-limited";
            _moto.AwsCli("iam", "create-user", "--user-name", user);
            using (var iam = _moto.Connection().CreateIamClient(MotoServerFixture.FastSettings()))
            {
                await iam.PutUserPolicyAsync(user, "identity-and-organization",
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"sts:GetCallerIdentity\",\"organizations:DescribeOrganization\",\"organizations:ListAWSServiceAccessForOrganization\"],\"Resource\":\"*\"}]}");
            }

            using var key = JsonDocument.Parse(_moto.AwsCli("iam", "create-access-key", "--user-name", user));
            ResolvedAwsConnection limited = new AwsConnectionResolver(TestEnvironment.Empty).Resolve(new AwsConnectionOptions
            {
                AccessKey = key.RootElement.GetProperty("AccessKey").GetProperty("AccessKeyId").GetString(),
                SecretKey = key.RootElement.GetProperty("AccessKey").GetProperty("SecretAccessKey").GetString(),
                Region = MotoServerFixture.Region,
                EndpointUrl = _moto.EndpointUrl,
            });

            IReadOnlyList<OrganizationTrailCheckResult> results;
            await _moto.SetAuthorizationAsync(enabled: true);
            try
            {
                results = await RepairAsync(connection: limited);
            }
            finally
            {
                await _moto.SetAuthorizationAsync(enabled: false);
            }

            OrganizationTrailCheckResult permissions = Get(results, OrganizationTrailCheck.Permissions);
            Assert.Equal(CheckStatus.Failed, permissions.Status);
            Assert.Equal(new[] { "iam:ListRoles" }, permissions.MissingPermissions);
            Assert.Contains("iam:ListRoles", permissions.SuggestedPolicy);

            OrganizationTrailCheckResult trusted = Get(results, OrganizationTrailCheck.TrustedAccess);
            Assert.Equal(CheckStatus.Failed, trusted.Status);
            Assert.Equal("AccessDenied", trusted.ErrorCode);
            Assert.Equal("EnableAWSServiceAccess", trusted.Operation);
            Assert.Equal(new[] { "organizations:EnableAWSServiceAccess" }, trusted.MissingPermissions);
            using (var policy = JsonDocument.Parse(trusted.SuggestedPolicy!))
            {
                Assert.Equal("organizations:EnableAWSServiceAccess", policy.RootElement.GetProperty("Statement")[0].GetProperty("Action").GetString());
            }

            OrganizationTrailCheckResult role = Get(results, OrganizationTrailCheck.ServiceLinkedRole);
            Assert.Equal(CheckStatus.Failed, role.Status);
            Assert.Equal("ListRoles", role.Operation);
            Assert.Equal(new[] { "iam:ListRoles" }, role.MissingPermissions);
            Assert.False(TrustedAccessEnabled());
        }

        [Fact]
        public async Task DescribeAccountReadsAMemberAndReportsAnAccountOutsideTheOrganization()
        {
            await NewOrganizationAsync();
            using var created = JsonDocument.Parse(_moto.AwsCli("organizations", "create-account", "--email", "audit@example.com", "--account-name", "audit"));
            string memberId = created.RootElement.GetProperty("CreateAccountStatus").GetProperty("AccountId").GetString()!;
            using var organizations = _moto.Connection().CreateOrganizationsClient(MotoServerFixture.FastSettings());

            OrganizationAccount member = await organizations.DescribeAccountAsync(memberId);
            var missing = await Assert.ThrowsAsync<AwsServiceCallException>(() => organizations.DescribeAccountAsync("999999999999"));

            Assert.Equal(memberId, member.Id);
            Assert.Equal("audit", member.Name);
            Assert.Equal("audit@example.com", member.Email);
            Assert.Equal("ACTIVE", member.Status);
            Assert.NotNull(member.JoinedTimestamp);
            Assert.Equal("AccountNotFoundException", missing.ErrorCode);
            Assert.Equal("DescribeAccount", missing.Operation);
        }

        [Fact]
        public async Task ADelegatedAdministratorIsRegisteredThroughCloudTrailNotOrganizations()
        {
            using var organization = new StubOrganization();
            await EnsureServiceLinkedRoleAsync();

            var first = await organization.RepairAsync(_moto, StubOrganization.Member);

            OrganizationTrailCheckResult delegated = Get(first, OrganizationTrailCheck.DelegatedAdministrator);
            Assert.Equal(CheckStatus.Fixed, delegated.Status);
            Assert.Equal(CheckStatus.Passed, Get(first, OrganizationTrailCheck.Verification).Status);
            StubRequest register = Assert.Single(organization.CloudTrail.RequestsFor("RegisterOrganizationDelegatedAdmin"));
            Assert.Contains("\"MemberAccountId\":\"" + StubOrganization.Member + "\"", register.Body);
            Assert.Empty(organization.Organizations.RequestsFor("RegisterDelegatedAdministrator"));
            Assert.All(organization.Organizations.Requests.Concat(organization.CloudTrail.Requests), r => Assert.Null(r.SignatureProblem));

            var second = await organization.RepairAsync(_moto, StubOrganization.Member);

            Assert.Equal(CheckStatus.Passed, Get(second, OrganizationTrailCheck.DelegatedAdministrator).Status);
            Assert.Single(organization.CloudTrail.RequestsFor("RegisterOrganizationDelegatedAdmin"));
        }

        [Fact]
        public async Task AFourthDelegatedAdministratorIsRefusedBeforeAnyRegistration()
        {
            using var organization = new StubOrganization();
            organization.Administrators.AddRange(new[] { "210987654321", "321098765432", "432109876543" });
            await EnsureServiceLinkedRoleAsync();

            var results = await organization.RepairAsync(_moto, StubOrganization.Member);

            OrganizationTrailCheckResult delegated = Get(results, OrganizationTrailCheck.DelegatedAdministrator);
            Assert.Equal(CheckStatus.Failed, delegated.Status);
            Assert.Contains("at most 3", delegated.Detail);
            Assert.Empty(organization.CloudTrail.RequestsFor("RegisterOrganizationDelegatedAdmin"));
        }

        [Fact]
        public async Task CloudTrailsOwnLimitErrorIsReportedWithItsCode()
        {
            using var organization = new StubOrganization { RefuseRegistrationWith = "DelegatedAdminAccountLimitExceededException" };
            await EnsureServiceLinkedRoleAsync();

            var results = await organization.RepairAsync(_moto, StubOrganization.Member);

            OrganizationTrailCheckResult delegated = Get(results, OrganizationTrailCheck.DelegatedAdministrator);
            Assert.Equal(CheckStatus.Failed, delegated.Status);
            Assert.Equal("DelegatedAdminAccountLimitExceededException", delegated.ErrorCode);
            Assert.Contains("cloudtrail:DeregisterOrganizationDelegatedAdmin", delegated.Remediation);
        }

        [Fact]
        public async Task TheManagementAccountIsRefusedAsDelegatedAdministrator()
        {
            using var organization = new StubOrganization();
            await EnsureServiceLinkedRoleAsync();

            var results = await organization.RepairAsync(_moto, MotoServerFixture.AccountId);

            OrganizationTrailCheckResult delegated = Get(results, OrganizationTrailCheck.DelegatedAdministrator);
            Assert.Equal(CheckStatus.Failed, delegated.Status);
            Assert.Contains("management account", delegated.Detail);
            Assert.Empty(organization.CloudTrail.Requests);
        }

        /// <summary>
        /// Organizations and CloudTrail as SigV4-checking stubs sharing one organization whose management account is
        /// moto's; STS and IAM stay on moto (which accepts the stub's keys while authorization is off).
        /// </summary>
        private sealed class StubOrganization : IDisposable
        {
            public const string Member = "222233334444";

            public StubOrganization()
            {
                Organizations = new AwsStubServer(StubProtocol.Json, "organizations", MotoServerFixture.Region, AnswerOrganizations);
                CloudTrail = new AwsStubServer(StubProtocol.Json, "cloudtrail", MotoServerFixture.Region, AnswerCloudTrail);
            }

            public AwsStubServer Organizations { get; }
            public AwsStubServer CloudTrail { get; }
            public List<string> Administrators { get; } = new List<string>();
            public string? RefuseRegistrationWith { get; init; }

            public async Task<IReadOnlyList<OrganizationTrailCheckResult>> RepairAsync(MotoServerFixture moto, string delegatedAccount)
            {
                ResolvedAwsConnection Connect(string endpoint) => new AwsConnectionResolver(TestEnvironment.Empty).Resolve(new AwsConnectionOptions
                {
                    AccessKey = AwsStubServer.AccessKey,
                    SecretKey = AwsStubServer.SecretKey,
                    Region = MotoServerFixture.Region,
                    EndpointUrl = endpoint,
                });
                var settings = MotoServerFixture.FastSettings();
                ResolvedAwsConnection onMoto = Connect(moto.EndpointUrl);
                using var api = new AwsOrganizationTrailApi(
                    onMoto.CreateStsClient(settings), onMoto.CreateIamClient(settings),
                    Connect(Organizations.EndpointUrl).CreateOrganizationsClient(settings), Connect(CloudTrail.EndpointUrl).CreateCloudTrailClient(settings));
                return await new OrganizationTrailRepairRunner(api, FixedDecisionApprover.ApplyAll).RunAsync(new OrganizationTrailRepairOptions
                {
                    DelegatedAdministratorAccountId = delegatedAccount,
                    VerificationDelay = TimeSpan.FromMilliseconds(50),
                });
            }

            public void Dispose()
            {
                Organizations.Dispose();
                CloudTrail.Dispose();
            }

            private StubResponse AnswerOrganizations(StubRequest request)
            {
                using var body = JsonDocument.Parse(string.IsNullOrEmpty(request.Body) ? "{}" : request.Body);
                switch (request.Operation)
                {
                    case "DescribeOrganization":
                        return new StubResponse(200, $"{{\"Organization\":{{\"Id\":\"o-stub12345\",\"FeatureSet\":\"ALL\",\"MasterAccountId\":\"{MotoServerFixture.AccountId}\"}}}}");
                    case "ListAWSServiceAccessForOrganization":
                        return new StubResponse(200, "{\"EnabledServicePrincipals\":[{\"ServicePrincipal\":\"cloudtrail.amazonaws.com\",\"DateEnabled\":1700000000}]}");
                    case "DescribeAccount":
                        string id = body.RootElement.GetProperty("AccountId").GetString()!;
                        return id == Member || Administrators.Contains(id)
                            ? new StubResponse(200, $"{{\"Account\":{{\"Id\":\"{id}\",\"Name\":\"security\",\"Status\":\"ACTIVE\"}}}}")
                            : new StubResponse(400, Organizations.ErrorBody("AccountNotFoundException", "You specified an account that doesn't exist.", "stub"));
                    case "ListDelegatedAdministrators":
                        lock (Administrators)
                        {
                            string items = string.Join(",", Administrators.Select(a => $"{{\"Id\":\"{a}\",\"Status\":\"ACTIVE\",\"DelegationEnabledDate\":1700000000}}"));
                            return new StubResponse(200, $"{{\"DelegatedAdministrators\":[{items}]}}");
                        }

                    default:
                        return new StubResponse(400, Organizations.ErrorBody("UnsupportedAPIEndpointException", "Stub does not answer " + request.Operation, "stub"));
                }
            }

            private StubResponse AnswerCloudTrail(StubRequest request)
            {
                if (request.Operation != "RegisterOrganizationDelegatedAdmin")
                {
                    return new StubResponse(400, CloudTrail.ErrorBody("UnsupportedOperationException", "Stub does not answer " + request.Operation, "stub"));
                }

                if (RefuseRegistrationWith is not null)
                {
                    return new StubResponse(400, CloudTrail.ErrorBody(RefuseRegistrationWith, "Refused by the stub.", "stub"));
                }

                using var body = JsonDocument.Parse(request.Body);
                string account = body.RootElement.GetProperty("MemberAccountId").GetString()!;
                lock (Administrators)
                {
                    if (account == MotoServerFixture.AccountId)
                    {
                        return new StubResponse(400, CloudTrail.ErrorBody("CannotDelegateManagementAccountException", "You cannot delegate the management account.", "stub"));
                    }

                    if (Administrators.Count >= 3)
                    {
                        return new StubResponse(400, CloudTrail.ErrorBody("DelegatedAdminAccountLimitExceededException", "The limit is three.", "stub"));
                    }

                    Administrators.Add(account);
                }

                return new StubResponse(200, "{}");
            }
        }
    }
}
