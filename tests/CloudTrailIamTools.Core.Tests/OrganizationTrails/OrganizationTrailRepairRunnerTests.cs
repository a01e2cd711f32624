using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using CloudTrailIamTools.Core.Aws;
using CloudTrailIamTools.Core.OrganizationTrails;

namespace CloudTrailIamTools.Core.Tests.OrganizationTrails
{
    public sealed class OrganizationTrailRepairRunnerTests
    {
        private static readonly OrganizationTrailCheck[] AllChecks = (OrganizationTrailCheck[])Enum.GetValues(typeof(OrganizationTrailCheck));

        private static async Task<IReadOnlyList<OrganizationTrailCheckResult>> RunAsync(
            FakeOrganizationTrailApi api, IFixApprover? approver = null, string? delegated = null, int attempts = 1)
        {
            var streamed = new List<OrganizationTrailCheckResult>();
            var runner = new OrganizationTrailRepairRunner(api, approver ?? new RecordingApprover());
            var results = await runner.RunAsync(
                new OrganizationTrailRepairOptions { DelegatedAdministratorAccountId = delegated, VerificationAttempts = attempts, VerificationDelay = TimeSpan.Zero },
                streamed.Add);
            Assert.Equal(results, streamed);
            Assert.Equal(AllChecks, results.Select(r => r.Check));
            return results;
        }

        private static OrganizationTrailCheckResult Get(IReadOnlyList<OrganizationTrailCheckResult> results, OrganizationTrailCheck check) =>
            results.Single(r => r.Check == check);

        private static CheckStatus[] Statuses(IReadOnlyList<OrganizationTrailCheckResult> results) => results.Select(r => r.Status).ToArray();

        [Fact]
        public async Task EverythingInPlacePassesAndChangesNothing()
        {
            var api = FakeOrganizationTrailApi.Ready();
            var approver = new RecordingApprover();

            var results = await RunAsync(api, approver);

            Assert.Equal(
                new[]
                {
                    CheckStatus.Passed, CheckStatus.Passed, CheckStatus.Passed, CheckStatus.Passed, CheckStatus.Passed,
                    CheckStatus.Passed, CheckStatus.Passed, CheckStatus.NotApplicable, CheckStatus.NotApplicable,
                },
                Statuses(results));
            Assert.Empty(api.Writes);
            Assert.Empty(approver.Proposals);
            Assert.Contains(FakeOrganizationTrailApi.CallerArn, Get(results, OrganizationTrailCheck.CallerIdentity).Detail);
            Assert.Equal("arn:aws:iam::111122223333:role/aws-service-role/cloudtrail.amazonaws.com/AWSServiceRoleForCloudTrail", Get(results, OrganizationTrailCheck.ServiceLinkedRole).Target);
        }

        [Fact]
        public async Task NoOrganizationFailsWithTheErrorCodeAndSkipsTheRest()
        {
            var api = new FakeOrganizationTrailApi { InOrganization = false };

            var results = await RunAsync(api);

            OrganizationTrailCheckResult organization = Get(results, OrganizationTrailCheck.Organization);
            Assert.Equal(CheckStatus.Failed, organization.Status);
            Assert.Equal("AWSOrganizationsNotInUseException", organization.ErrorCode);
            Assert.Equal("DescribeOrganization", organization.Operation);
            Assert.Contains("organizations:CreateOrganization with FeatureSet ALL", organization.Remediation);
            Assert.All(results.SkipWhile(r => r.Check != OrganizationTrailCheck.Organization).Skip(1), r =>
            {
                Assert.Equal(CheckStatus.Skipped, r.Status);
                Assert.Contains("not in an organization", r.Detail);
            });
            Assert.Equal(new[] { "GetCallerIdentity", "DescribeOrganization" }, api.Calls);
        }

        [Fact]
        public async Task ARefusedDescribeOrganizationIsAMissingPermissionThatBlocksTheRest()
        {
            var api = FakeOrganizationTrailApi.Ready();
            api.DeniedOperations.Add("DescribeOrganization");

            var results = await RunAsync(api);

            OrganizationTrailCheckResult organization = Get(results, OrganizationTrailCheck.Organization);
            Assert.Equal(CheckStatus.Failed, organization.Status);
            Assert.Equal("AccessDeniedException", organization.ErrorCode);
            Assert.Equal(new[] { "organizations:DescribeOrganization" }, organization.MissingPermissions);
            Assert.Contains("organizations:DescribeOrganization", organization.SuggestedPolicy);
            Assert.All(results.Where(r => r.Check > OrganizationTrailCheck.Organization), r => Assert.Equal(CheckStatus.Skipped, r.Status));
        }

        [Fact]
        public async Task AnExplicitDenyIsNamedAndNotAnsweredWithAGrantAlone()
        {
            var api = FakeOrganizationTrailApi.Ready();
            api.Failures["DescribeOrganization"] = FakeOrganizationTrailApi.Error(AwsService.Organizations, "DescribeOrganization", "AccessDeniedException",
                $"User: {FakeOrganizationTrailApi.CallerArn} is not authorized to perform: organizations:DescribeOrganization with an explicit deny in a service control policy", System.Net.HttpStatusCode.Forbidden);

            var results = await RunAsync(api);

            OrganizationTrailCheckResult organization = Get(results, OrganizationTrailCheck.Organization);
            Assert.Contains("explicit deny", organization.Detail);
            Assert.Contains("ServiceControl", organization.Detail);
            Assert.StartsWith("An explicit deny wins", organization.Remediation);
        }

        [Fact]
        public async Task AnUnreadableCallerIdentityFailsTheFirstCheckAndSkipsTheRest()
        {
            var api = FakeOrganizationTrailApi.Ready();
            api.Failures["GetCallerIdentity"] = FakeOrganizationTrailApi.Error(AwsService.Sts, "GetCallerIdentity", "ConnectionFailure", "Connection refused");

            var results = await RunAsync(api);

            Assert.Equal(CheckStatus.Failed, results[0].Status);
            Assert.Equal("ConnectionFailure", results[0].ErrorCode);
            Assert.All(results.Skip(1), r => Assert.Equal(CheckStatus.Skipped, r.Status));
            Assert.Equal(new[] { "GetCallerIdentity" }, api.Calls);
        }

        [Fact]
        public async Task ConsolidatedBillingOnlyFailsAllFeaturesWithoutTryingToChangeIt()
        {
            var api = new FakeOrganizationTrailApi { FeatureSet = "CONSOLIDATED_BILLING" };

            var results = await RunAsync(api);

            OrganizationTrailCheckResult features = Get(results, OrganizationTrailCheck.AllFeatures);
            Assert.Equal(CheckStatus.Failed, features.Status);
            Assert.Contains("CONSOLIDATED_BILLING", features.Detail);
            Assert.Contains("organizations:EnableAllFeatures", features.Remediation);
            Assert.Equal(CheckStatus.Skipped, Get(results, OrganizationTrailCheck.TrustedAccess).Status);
            Assert.Empty(api.Writes);
        }

        [Theory]
        [InlineData(true, "is a member account registered as a CloudTrail delegated administrator")]
        [InlineData(false, "not a CloudTrail delegated administrator")]
        public async Task FromAMemberAccountItSaysWhatCanBeDoneThereAndStops(bool delegated, string expected)
        {
            var api = FakeOrganizationTrailApi.Ready();
            api.CallerAccount = FakeOrganizationTrailApi.Member;
            if (delegated)
            {
                api.DelegatedAdministrators.Add(FakeOrganizationTrailApi.Member);
            }

            var results = await RunAsync(api);

            OrganizationTrailCheckResult management = Get(results, OrganizationTrailCheck.ManagementAccount);
            Assert.Equal(CheckStatus.Failed, management.Status);
            Assert.Contains(expected, management.Detail);
            Assert.Contains(delegated ? "cannot enable trusted access" : "managed from the management account", management.Detail);
            Assert.Contains(FakeOrganizationTrailApi.Management, management.Remediation);
            Assert.Equal(CheckStatus.Skipped, Get(results, OrganizationTrailCheck.ServiceLinkedRole).Status);
            Assert.Empty(api.Writes);
        }

        [Fact]
        public async Task FromAMemberAccountThatCannotListAdministratorsItSaysItCouldNotTell()
        {
            var api = FakeOrganizationTrailApi.Ready();
            api.CallerAccount = FakeOrganizationTrailApi.Member;
            api.DeniedOperations.Add("ListDelegatedAdministrators");

            var results = await RunAsync(api);

            Assert.Contains("could not be read from here", Get(results, OrganizationTrailCheck.ManagementAccount).Detail);
        }

        [Fact]
        public async Task TrustedAccessOffAndRoleMissingAreFixedVerifiedAndASecondRunChangesNothing()
        {
            var api = new FakeOrganizationTrailApi();
            var approver = new RecordingApprover();

            var first = await RunAsync(api, approver);

            Assert.Equal(CheckStatus.Fixed, Get(first, OrganizationTrailCheck.TrustedAccess).Status);
            Assert.Equal(CheckStatus.Fixed, Get(first, OrganizationTrailCheck.ServiceLinkedRole).Status);
            Assert.Contains("role/aws-service-role/cloudtrail.amazonaws.com/AWSServiceRoleForCloudTrail", Get(first, OrganizationTrailCheck.ServiceLinkedRole).Detail);
            OrganizationTrailCheckResult verification = Get(first, OrganizationTrailCheck.Verification);
            Assert.Equal(CheckStatus.Passed, verification.Status);
            Assert.Contains("TrustedAccess, ServiceLinkedRole", verification.Detail);
            Assert.Equal(new[] { "EnableAWSServiceAccess", "CreateServiceLinkedRole" }, api.Writes);
            Assert.Equal(new[] { OrganizationTrailCheck.TrustedAccess, OrganizationTrailCheck.ServiceLinkedRole }, approver.Proposals.Select(p => p.Check));
            Assert.Contains("o-exampleorg", approver.Proposals[0].Target);
            Assert.Contains("organizations:EnableAWSServiceAccess", approver.Proposals[0].Action);
            Assert.Contains("iam:CreateServiceLinkedRole", approver.Proposals[1].Action);

            api.Writes.Clear();
            var second = await RunAsync(api, approver);

            Assert.Empty(api.Writes);
            Assert.DoesNotContain(second, r => r.Status == CheckStatus.Fixed || r.Status == CheckStatus.Failed);
            Assert.Equal(2, approver.Proposals.Count);
        }

        [Theory]
        [InlineData(FixDecision.WhatIf, "Would:")]
        [InlineData(FixDecision.Declined, "declined")]
        public async Task PreviewOrDeclineReadsEverythingReportsWouldFixAndWritesNothing(FixDecision decision, string wording)
        {
            var api = new FakeOrganizationTrailApi();

            var results = await RunAsync(api, new RecordingApprover(decision), delegated: FakeOrganizationTrailApi.Member);

            Assert.Empty(api.Writes);
            Assert.Contains("ListAWSServiceAccessForOrganization", api.Calls);
            Assert.Contains("ListRoles", api.Calls);
            Assert.Contains("ListDelegatedAdministrators", api.Calls);
            foreach (var check in new[] { OrganizationTrailCheck.TrustedAccess, OrganizationTrailCheck.ServiceLinkedRole })
            {
                Assert.Equal(CheckStatus.WouldFix, Get(results, check).Status);
                Assert.Contains(wording, Get(results, check).Detail);
            }

            // A preview shows the registration would follow; a declined trusted access stops it (Skipped, with the reason).
            OrganizationTrailCheckResult delegated = Get(results, OrganizationTrailCheck.DelegatedAdministrator);
            Assert.Equal(decision == FixDecision.WhatIf ? CheckStatus.WouldFix : CheckStatus.Skipped, delegated.Status);
            Assert.Contains(wording, delegated.Detail);

            OrganizationTrailCheckResult verification = Get(results, OrganizationTrailCheck.Verification);
            Assert.Equal(CheckStatus.NotApplicable, verification.Status);
            Assert.Contains("still missing", verification.Detail);
        }

        [Fact]
        public async Task TheRoleIsFoundByPathAndTrustNotByName()
        {
            var api = FakeOrganizationTrailApi.Ready();
            api.Roles.Clear();
            api.Roles.Add(FakeOrganizationTrailApi.ServiceLinkedRole(name: "AWSServiceRoleForCloudTrail", path: "/elsewhere/"));
            api.Roles.Add(FakeOrganizationTrailApi.ServiceLinkedRole(name: "AWSServiceRoleForcloudtrail"));

            var results = await RunAsync(api);

            OrganizationTrailCheckResult role = Get(results, OrganizationTrailCheck.ServiceLinkedRole);
            Assert.Equal(CheckStatus.Passed, role.Status);
            Assert.EndsWith("/aws-service-role/cloudtrail.amazonaws.com/AWSServiceRoleForcloudtrail", role.Target);
            Assert.Empty(api.Writes);
        }

        [Fact]
        public async Task ARoleUnderThePathThatDoesNotTrustCloudTrailFailsWithoutAFix()
        {
            var api = FakeOrganizationTrailApi.Ready();
            api.Roles.Clear();
            api.Roles.Add(FakeOrganizationTrailApi.ServiceLinkedRole(trust: "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"config.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"));

            var results = await RunAsync(api);

            Assert.Equal(CheckStatus.Failed, Get(results, OrganizationTrailCheck.ServiceLinkedRole).Status);
            Assert.Empty(api.Writes);
        }

        [Fact]
        public async Task RefusedReadsBecomeMissingPermissionsWithAPolicyNeverAnException()
        {
            var api = new FakeOrganizationTrailApi();
            api.DeniedOperations.Add("ListRoles");
            api.DeniedOperations.Add("ListAWSServiceAccessForOrganization");

            var results = await RunAsync(api);

            OrganizationTrailCheckResult permissions = Get(results, OrganizationTrailCheck.Permissions);
            Assert.Equal(CheckStatus.Failed, permissions.Status);
            Assert.Equal(new[] { "organizations:ListAWSServiceAccessForOrganization", "iam:ListRoles" }, permissions.MissingPermissions);
            Assert.Equal(new[] { "organizations:ListAWSServiceAccessForOrganization", "iam:ListRoles" }, PolicyActions(permissions.SuggestedPolicy!));

            OrganizationTrailCheckResult role = Get(results, OrganizationTrailCheck.ServiceLinkedRole);
            Assert.Equal(CheckStatus.Failed, role.Status);
            Assert.Equal("AccessDenied", role.ErrorCode);
            Assert.Equal("ListRoles", role.Operation);
            Assert.Equal(new[] { "iam:ListRoles" }, role.MissingPermissions);
            Assert.Contains("Grant " + FakeOrganizationTrailApi.CallerArn, role.Remediation);
            Assert.Equal("AccessDeniedException", Get(results, OrganizationTrailCheck.TrustedAccess).ErrorCode);
            Assert.Empty(api.Writes);
        }

        [Fact]
        public async Task ARefusedFixNamesThePermissionAndLimitsTheRoleGrantToCloudTrail()
        {
            var api = FakeOrganizationTrailApi.Ready();
            api.Roles.Clear();
            api.DeniedOperations.Add("CreateServiceLinkedRole");

            var results = await RunAsync(api);

            Assert.Equal(CheckStatus.Passed, Get(results, OrganizationTrailCheck.Permissions).Status);
            OrganizationTrailCheckResult role = Get(results, OrganizationTrailCheck.ServiceLinkedRole);
            Assert.Equal(CheckStatus.Failed, role.Status);
            Assert.Equal(new[] { "iam:CreateServiceLinkedRole" }, role.MissingPermissions);
            using var policy = JsonDocument.Parse(role.SuggestedPolicy!);
            JsonElement statement = Assert.Single(policy.RootElement.GetProperty("Statement").EnumerateArray());
            Assert.Equal("cloudtrail.amazonaws.com", statement.GetProperty("Condition").GetProperty("StringEquals").GetProperty("iam:AWSServiceName").GetString());
            Assert.Equal(CheckStatus.NotApplicable, Get(results, OrganizationTrailCheck.Verification).Status);
        }

        [Fact]
        public async Task OtherServiceErrorsCarryTheCodeAndTheResolversAdvice()
        {
            var api = new FakeOrganizationTrailApi { };
            api.Failures["EnableAWSServiceAccess"] = FakeOrganizationTrailApi.Error(AwsService.Organizations, "EnableAWSServiceAccess", "ConstraintViolationException", "Something is off.");

            var results = await RunAsync(api);

            OrganizationTrailCheckResult trusted = Get(results, OrganizationTrailCheck.TrustedAccess);
            Assert.Equal(CheckStatus.Failed, trusted.Status);
            Assert.Equal("ConstraintViolationException", trusted.ErrorCode);
            Assert.Contains("Something is off.", trusted.Detail);
            Assert.Empty(trusted.MissingPermissions);
            Assert.NotNull(trusted.Remediation);
        }

        [Fact]
        public async Task AFixThatDoesNotShowUpFailsVerification()
        {
            var api = new FakeOrganizationTrailApi { WritesAreLost = true };
            api.Roles.Add(FakeOrganizationTrailApi.ServiceLinkedRole());

            var results = await RunAsync(api, attempts: 2);

            Assert.Equal(CheckStatus.Fixed, Get(results, OrganizationTrailCheck.TrustedAccess).Status);
            OrganizationTrailCheckResult verification = Get(results, OrganizationTrailCheck.Verification);
            Assert.Equal(CheckStatus.Failed, verification.Status);
            Assert.Contains("trusted access", verification.Detail);
            Assert.Equal(3, api.Calls.Count(c => c == "ListAWSServiceAccessForOrganization"));
        }

        [Fact]
        public async Task ADelegatedAdministratorIsRegisteredThroughCloudTrailAndVerified()
        {
            var api = FakeOrganizationTrailApi.Ready();
            api.DelegatedAdministrators.Add("777788889999");

            var results = await RunAsync(api, delegated: FakeOrganizationTrailApi.Member);

            OrganizationTrailCheckResult delegated = Get(results, OrganizationTrailCheck.DelegatedAdministrator);
            Assert.Equal(CheckStatus.Fixed, delegated.Status);
            Assert.Equal(FakeOrganizationTrailApi.Member, delegated.AccountId);
            Assert.Equal(new[] { "RegisterOrganizationDelegatedAdmin" }, api.Writes);
            Assert.Equal(CheckStatus.Passed, Get(results, OrganizationTrailCheck.Verification).Status);

            api.Writes.Clear();
            var again = await RunAsync(api, delegated: FakeOrganizationTrailApi.Member);
            Assert.Equal(CheckStatus.Passed, Get(again, OrganizationTrailCheck.DelegatedAdministrator).Status);
            Assert.Empty(api.Writes);
        }

        [Fact]
        public async Task RegisteringTheFirstAdministratorAlsoCreatesTheRoleAsAwsIntends()
        {
            var api = new FakeOrganizationTrailApi();
            api.TrustedServices.Add("cloudtrail.amazonaws.com");
            api.DeniedOperations.Add("CreateServiceLinkedRole");

            var results = await RunAsync(api, delegated: FakeOrganizationTrailApi.Member);

            Assert.Equal(CheckStatus.Failed, Get(results, OrganizationTrailCheck.ServiceLinkedRole).Status);
            Assert.Equal(CheckStatus.Fixed, Get(results, OrganizationTrailCheck.DelegatedAdministrator).Status);
            Assert.Contains(api.Roles, r => r.Path == OrganizationTrailRepairRunner.ServiceLinkedRolePath);
        }

        [Fact]
        public async Task TheThreeAdministratorLimitIsReportedBeforeAnyCall()
        {
            var api = FakeOrganizationTrailApi.Ready();
            api.DelegatedAdministrators.AddRange(new[] { "777788889999", "121212121212", "343434343434" });

            var results = await RunAsync(api, delegated: FakeOrganizationTrailApi.Member);

            OrganizationTrailCheckResult delegated = Get(results, OrganizationTrailCheck.DelegatedAdministrator);
            Assert.Equal(CheckStatus.Failed, delegated.Status);
            Assert.Contains("at most 3", delegated.Detail);
            Assert.Contains("343434343434", delegated.Detail);
            Assert.Empty(api.Writes);
        }

        [Fact]
        public async Task TheManagementAccountCannotBeItsOwnDelegatedAdministrator()
        {
            var api = FakeOrganizationTrailApi.Ready();

            var results = await RunAsync(api, delegated: FakeOrganizationTrailApi.Management);

            OrganizationTrailCheckResult delegated = Get(results, OrganizationTrailCheck.DelegatedAdministrator);
            Assert.Equal(CheckStatus.Failed, delegated.Status);
            Assert.Contains("management account", delegated.Detail);
            Assert.DoesNotContain("DescribeAccount", api.Calls);
            Assert.Empty(api.Writes);
        }

        [Fact]
        public async Task AnAccountOutsideTheOrganizationIsNotRegistered()
        {
            var api = FakeOrganizationTrailApi.Ready();

            var results = await RunAsync(api, delegated: "999999999999");

            OrganizationTrailCheckResult delegated = Get(results, OrganizationTrailCheck.DelegatedAdministrator);
            Assert.Equal(CheckStatus.Failed, delegated.Status);
            Assert.Equal("AccountNotFoundException", delegated.ErrorCode);
            Assert.Empty(api.Writes);
        }

        [Fact]
        public async Task RegistrationWaitsForTrustedAccessWhenThatFixFailed()
        {
            var api = new FakeOrganizationTrailApi();
            api.Roles.Add(FakeOrganizationTrailApi.ServiceLinkedRole());
            api.DeniedOperations.Add("EnableAWSServiceAccess");

            var results = await RunAsync(api, delegated: FakeOrganizationTrailApi.Member);

            Assert.Equal(new[] { "organizations:EnableAWSServiceAccess" }, Get(results, OrganizationTrailCheck.TrustedAccess).MissingPermissions);
            OrganizationTrailCheckResult delegated = Get(results, OrganizationTrailCheck.DelegatedAdministrator);
            Assert.Equal(CheckStatus.Skipped, delegated.Status);
            Assert.Contains("trusted access", delegated.Detail);
            Assert.Empty(api.Writes);
        }

        [Fact]
        public async Task DecliningTrustedAccessSkipsTheRegistrationThatNeedsIt()
        {
            var api = new FakeOrganizationTrailApi();
            api.Roles.Add(FakeOrganizationTrailApi.ServiceLinkedRole());
            var approver = new DecliningApprover(OrganizationTrailCheck.TrustedAccess);

            var results = await RunAsync(api, approver, delegated: FakeOrganizationTrailApi.Member);

            Assert.Equal(CheckStatus.WouldFix, Get(results, OrganizationTrailCheck.TrustedAccess).Status);
            OrganizationTrailCheckResult delegated = Get(results, OrganizationTrailCheck.DelegatedAdministrator);
            Assert.Equal(CheckStatus.Skipped, delegated.Status);
            Assert.Contains("trusted access", delegated.Detail);
            Assert.Contains("declined", delegated.Detail);
            Assert.Equal(new[] { OrganizationTrailCheck.TrustedAccess }, approver.Asked);
            Assert.Empty(api.Writes);
        }

        [Fact]
        public async Task ARefusedRegistrationListsEveryPermissionCloudTrailNeedsFromTheCaller()
        {
            var api = FakeOrganizationTrailApi.Ready();
            api.DeniedOperations.Add("RegisterOrganizationDelegatedAdmin");

            var results = await RunAsync(api, delegated: FakeOrganizationTrailApi.Member);

            OrganizationTrailCheckResult delegated = Get(results, OrganizationTrailCheck.DelegatedAdministrator);
            Assert.Equal(CheckStatus.Failed, delegated.Status);
            Assert.Contains("cloudtrail:RegisterOrganizationDelegatedAdmin", delegated.MissingPermissions);
            Assert.Contains("organizations:RegisterDelegatedAdministrator", delegated.MissingPermissions);
            Assert.Contains("iam:CreateServiceLinkedRole", delegated.MissingPermissions);
        }

        [Theory]
        [InlineData("12345")]
        [InlineData("1234567890123")]
        [InlineData("abcdefghijkl")]
        [InlineData("")]
        public async Task ABadAccountIdIsRejectedBeforeAnyCall(string account)
        {
            var api = FakeOrganizationTrailApi.Ready();
            var runner = new OrganizationTrailRepairRunner(api, new RecordingApprover());

            var error = await Assert.ThrowsAsync<InvalidInputException>(() => runner.RunAsync(new OrganizationTrailRepairOptions { DelegatedAdministratorAccountId = account }));

            Assert.Contains("12 digits", error.Message);
            Assert.Empty(api.Calls);
        }

        [Theory]
        [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"cloudtrail.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}", true)]
        [InlineData("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"Service\":[\"config.amazonaws.com\",\"cloudtrail.amazonaws.com\"]}}}", true)]
        [InlineData("{\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":{\"Service\":\"cloudtrail.amazonaws.com\"}}]}", false)]
        [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"cloudtrail.amazonaws.com\"}}]}", false)]
        [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\"}]}", false)]
        [InlineData("not json", false)]
        [InlineData(null, false)]
        public void TrustIsReadFromTheStatementsServicePrincipals(string? trust, bool expected)
        {
            Assert.Equal(expected, OrganizationTrailRepairRunner.TrustsService(trust, "cloudtrail.amazonaws.com"));
        }

        [Fact]
        public void ThePolicyForEveryPermissionIsValidAndScopesTheRoleGrantAndTrustedAccessToCloudTrail()
        {
            string policy = RepairPermissions.PolicyFor(RepairPermissions.All)!;

            using var document = JsonDocument.Parse(policy);
            var statements = document.RootElement.GetProperty("Statement").EnumerateArray().ToList();
            Assert.Equal(3, statements.Count);
            string[] plain = statements[0].GetProperty("Action").EnumerateArray().Select(a => a.GetString()!).ToArray();
            Assert.DoesNotContain("iam:CreateServiceLinkedRole", plain);
            Assert.DoesNotContain("organizations:EnableAWSServiceAccess", plain);
            Assert.Equal("*", statements[0].GetProperty("Resource").GetString());
            Assert.Equal("organizations:EnableAWSServiceAccess", statements[1].GetProperty("Action").GetString());
            Assert.Equal("cloudtrail.amazonaws.com", statements[1].GetProperty("Condition").GetProperty("StringEquals").GetProperty("organizations:ServicePrincipal").GetString());
            Assert.Equal("arn:aws:iam::*:role/aws-service-role/cloudtrail.amazonaws.com/*", statements[2].GetProperty("Resource").GetString());
            Assert.Null(RepairPermissions.PolicyFor(Array.Empty<string>()));
            Assert.DoesNotContain('\n', policy);
        }

        [Theory]
        [InlineData("aws-cn")]
        [InlineData("aws-us-gov")]
        public async Task TheSuggestedPolicyNamesRolesInTheCallersPartition(string partition)
        {
            var api = FakeOrganizationTrailApi.Ready();
            api.Partition = partition;
            api.Roles.Clear();
            api.DeniedOperations.Add("CreateServiceLinkedRole");

            var results = await RunAsync(api);

            using var policy = JsonDocument.Parse(Get(results, OrganizationTrailCheck.ServiceLinkedRole).SuggestedPolicy!);
            JsonElement statement = Assert.Single(policy.RootElement.GetProperty("Statement").EnumerateArray());
            Assert.Equal($"arn:{partition}:iam::*:role/aws-service-role/cloudtrail.amazonaws.com/*", statement.GetProperty("Resource").GetString());
        }

        /// <summary>Declines the fixes of the named checks and applies the others.</summary>
        private sealed class DecliningApprover : IFixApprover
        {
            private readonly OrganizationTrailCheck[] declined;

            public DecliningApprover(params OrganizationTrailCheck[] declined)
            {
                this.declined = declined;
            }

            public List<OrganizationTrailCheck> Asked { get; } = new List<OrganizationTrailCheck>();

            public FixDecision Decide(FixProposal proposal)
            {
                Asked.Add(proposal.Check);
                return declined.Contains(proposal.Check) ? FixDecision.Declined : FixDecision.Apply;
            }
        }

        private static string[] PolicyActions(string policy)
        {
            using var document = JsonDocument.Parse(policy);
            JsonElement action = document.RootElement.GetProperty("Statement")[0].GetProperty("Action");
            return action.ValueKind == JsonValueKind.Array ? action.EnumerateArray().Select(a => a.GetString()!).ToArray() : new[] { action.GetString()! };
        }
    }
}
