using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CloudTrailIamTools.Cli.Commands;
using CloudTrailIamTools.Core.Aws;
using CloudTrailIamTools.Core.OrganizationTrails;

namespace CloudTrailIamTools.Cli.Tests
{
    public sealed class RepairOrganizationTrailSlrCommandTests
    {
        private static CliResult Run(SmallOrganization api, bool whatIf = false, bool json = false, string? delegated = null)
        {
            var output = new StringWriter();
            var error = new StringWriter();
            var console = new CliConsole(new StringReader(string.Empty), output, error, inputRedirected: true);
            int exitCode = RepairOrganizationTrailSlrCommand.Run(console, api, delegated, whatIf, json);
            return new CliResult(exitCode, output.ToString().Replace("\r\n", "\n"), error.ToString());
        }

        [Fact]
        public void JsonWritesOneObjectPerCheckWithTheCmdletsPropertyNames()
        {
            var result = Run(SmallOrganization.Ready(), json: true);

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(9, result.OutputLines.Length);
            string[] contract = { "Check", "Status", "Detail", "Remediation", "ErrorCode", "Operation", "MissingPermissions", "SuggestedPolicy", "AccountId", "Target" };
            var checks = new List<string>();
            foreach (string line in result.OutputLines)
            {
                using var document = JsonDocument.Parse(line);
                JsonElement root = document.RootElement;
                Assert.Equal(contract.OrderBy(n => n), root.EnumerateObject().Select(p => p.Name).OrderBy(n => n));
                Assert.Equal(JsonValueKind.Array, root.GetProperty("MissingPermissions").ValueKind);
                checks.Add(root.GetProperty("Check").GetString()!);
            }

            Assert.Equal(Enum.GetNames(typeof(OrganizationTrailCheck)), checks);
            Assert.Equal("Passed", JsonDocument.Parse(result.OutputLines[0]).RootElement.GetProperty("Status").GetString());
        }

        [Fact]
        public void AFailedCheckMakesTheExitCodeNonZero()
        {
            var result = Run(new SmallOrganization { InOrganization = false }, json: true);

            Assert.Equal(1, result.ExitCode);
            using var organization = JsonDocument.Parse(result.OutputLines[1]);
            Assert.Equal("Failed", organization.RootElement.GetProperty("Status").GetString());
            Assert.Equal("AWSOrganizationsNotInUseException", organization.RootElement.GetProperty("ErrorCode").GetString());
        }

        [Fact]
        public void ARefusalCarriesTheSuggestedPolicyAsAJsonObject()
        {
            var api = SmallOrganization.Ready();
            api.Roles.Clear();
            api.DenyCreateRole = true;

            var result = Run(api, json: true);

            Assert.Equal(1, result.ExitCode);
            using var role = JsonDocument.Parse(result.OutputLines.Single(l => l.Contains("\"Check\":\"ServiceLinkedRole\"")));
            Assert.Equal(JsonValueKind.Object, role.RootElement.GetProperty("SuggestedPolicy").ValueKind);
            Assert.Equal("iam:CreateServiceLinkedRole", role.RootElement.GetProperty("MissingPermissions")[0].GetString());
        }

        [Fact]
        public void WhatIfReportsWouldFixChangesNothingAndExitsZero()
        {
            var api = new SmallOrganization();

            var result = Run(api, whatIf: true);

            Assert.Equal(0, result.ExitCode);
            Assert.Empty(api.Writes);
            Assert.Contains("TrustedAccess", result.Output);
            Assert.Matches(@"TrustedAccess\s+WouldFix", result.Output);
            Assert.Matches(@"ServiceLinkedRole\s+WouldFix", result.Output);
            Assert.Contains("0 failed, 0 fixed, 2 would be fixed.", result.Output);
        }

        [Fact]
        public void TheTableShowsOneRowPerCheckThenTheFixes()
        {
            var result = Run(new SmallOrganization());

            Assert.Equal(0, result.ExitCode);
            Assert.StartsWith("CHECK", result.OutputLines[0]);
            Assert.Contains("STATUS", result.OutputLines[0]);
            Assert.Matches(@"TrustedAccess\s+Fixed", result.Output);
            Assert.Matches(@"Verification\s+Passed", result.Output);
            Assert.Contains("0 failed, 2 fixed, 0 would be fixed.", result.Output);
        }

        [Fact]
        public void SkippedRowsDoNotRepeatTheFixOfTheFailureAboveThem()
        {
            var result = Run(new SmallOrganization { InOrganization = false });

            Assert.Equal(1, result.ExitCode);
            Assert.Matches(@"Organization\s+Failed", result.Output);
            Assert.Matches(@"Verification\s+Skipped", result.Output);
            Assert.Single(result.OutputLines, line => line.TrimStart().StartsWith("Fix: ", StringComparison.Ordinal));
            Assert.Contains("Error: AWSOrganizationsNotInUseException on DescribeOrganization", result.Output);
        }

        [Theory]
        [InlineData("123")]
        [InlineData("12345678901a")]
        public void ABadDelegatedAdministratorIsAUsageErrorBeforeAnyCall(string account)
        {
            var result = CliRunner.Run(null, "repair-organization-trail-slr", "--delegated-admin", account);

            Assert.Equal(2, result.ExitCode);
            Assert.StartsWith("error: ", result.Error);
            Assert.Contains("12 digits", result.Error);
            Assert.DoesNotContain("   at ", result.Error);
        }

        [Fact]
        public void HelpListsTheOptions()
        {
            var result = CliRunner.Run(null, "repair-organization-trail-slr", "--help");

            Assert.Equal(0, result.ExitCode);
            foreach (string option in new[] { "--what-if", "--delegated-admin", "--json", "--profile", "--region", "--endpoint-url" })
            {
                Assert.Contains(option, result.Output);
            }
        }

        /// <summary>Just enough of an organization for the command: trusted access, one role list, a refusal switch.</summary>
        private sealed class SmallOrganization : IOrganizationTrailApi
        {
            private const string Management = "111122223333";

            public bool InOrganization { get; set; } = true;
            public bool TrustedAccess { get; set; }
            public bool DenyCreateRole { get; set; }
            public List<IamRole> Roles { get; } = new List<IamRole>();
            public List<string> Writes { get; } = new List<string>();

            public static SmallOrganization Ready()
            {
                var api = new SmallOrganization { TrustedAccess = true };
                api.Roles.Add(Role());
                return api;
            }

            private static IamRole Role() => new IamRole(
                "AWSServiceRoleForCloudTrail", null, $"arn:aws:iam::{Management}:role/aws-service-role/cloudtrail.amazonaws.com/AWSServiceRoleForCloudTrail",
                OrganizationTrailRepairRunner.ServiceLinkedRolePath, null,
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"cloudtrail.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}",
                null, null, null, new Dictionary<string, string>());

            public Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken) =>
                Task.FromResult(new CallerIdentity(Management, $"arn:aws:iam::{Management}:user/admin", "AIDA"));

            public Task<AwsOrganization> DescribeOrganizationAsync(CancellationToken cancellationToken) => InOrganization
                ? Task.FromResult(new AwsOrganization("o-cli", null, "ALL", null, Management, null))
                : throw new AwsServiceCallException(AwsService.Organizations, "DescribeOrganization", "AWSOrganizationsNotInUseException",
                    "Your account is not a member of an organization.", null, HttpStatusCode.BadRequest, "not in use", null);

            public Task<OrganizationAccount> DescribeAccountAsync(string accountId, CancellationToken cancellationToken) =>
                Task.FromResult(new OrganizationAccount(accountId, null, null, null, "ACTIVE", null, null));

            public Task<IReadOnlyList<EnabledServicePrincipal>> ListAwsServiceAccessForOrganizationAsync(CancellationToken cancellationToken) =>
                Task.FromResult<IReadOnlyList<EnabledServicePrincipal>>(TrustedAccess ? new[] { new EnabledServicePrincipal("cloudtrail.amazonaws.com", null) } : new EnabledServicePrincipal[0]);

            public Task EnableAwsServiceAccessAsync(string servicePrincipal, CancellationToken cancellationToken)
            {
                Writes.Add("EnableAWSServiceAccess");
                TrustedAccess = true;
                return Task.CompletedTask;
            }

            public Task<IReadOnlyList<IamRole>> ListRolesAsync(string pathPrefix, CancellationToken cancellationToken) =>
                Task.FromResult<IReadOnlyList<IamRole>>(Roles.ToList());

            public Task<IamRole> CreateServiceLinkedRoleAsync(string awsServiceName, CancellationToken cancellationToken)
            {
                if (DenyCreateRole)
                {
                    throw new AwsServiceCallException(AwsService.Iam, "CreateServiceLinkedRole", "AccessDenied",
                        $"User: arn:aws:iam::{Management}:user/admin is not authorized to perform: iam:CreateServiceLinkedRole", null, HttpStatusCode.Forbidden, "denied", null);
                }

                Writes.Add("CreateServiceLinkedRole");
                Roles.Add(Role());
                return Task.FromResult(Role());
            }

            public Task<IReadOnlyList<DelegatedAdministrator>> ListDelegatedAdministratorsAsync(string servicePrincipal, CancellationToken cancellationToken) =>
                Task.FromResult<IReadOnlyList<DelegatedAdministrator>>(new DelegatedAdministrator[0]);

            public Task RegisterOrganizationDelegatedAdminAsync(string memberAccountId, CancellationToken cancellationToken)
            {
                Writes.Add("RegisterOrganizationDelegatedAdmin");
                return Task.CompletedTask;
            }
        }
    }
}
