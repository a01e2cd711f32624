using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using CloudTrailIamTools.Core.Aws;
using CloudTrailIamTools.Core.OrganizationTrails;

namespace CloudTrailIamTools.Core.Tests.OrganizationTrails
{
    /// <summary>
    /// An organization in memory that behaves like AWS for the repair's calls: refusals per operation, CloudTrail's
    /// registration creating the service-linked role, and a log of every write.
    /// </summary>
    internal sealed class FakeOrganizationTrailApi : IOrganizationTrailApi
    {
        public const string Management = "111122223333";
        public const string Member = "444455556666";
        public const string CallerArn = "arn:aws:iam::111122223333:user/admin";
        public const string TrustCloudTrail =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":[\"cloudtrail.amazonaws.com\"]},\"Action\":\"sts:AssumeRole\"}]}";

        public string CallerAccount { get; set; } = Management;

        /// <summary>The partition of the caller's ARN (aws, aws-cn, aws-us-gov).</summary>
        public string Partition { get; set; } = "aws";
        public bool InOrganization { get; set; } = true;
        public string FeatureSet { get; set; } = "ALL";
        public HashSet<string> Accounts { get; } = new HashSet<string> { Management, Member, "777788889999", "121212121212", "343434343434" };
        public HashSet<string> TrustedServices { get; } = new HashSet<string>();
        public List<IamRole> Roles { get; } = new List<IamRole>();
        public List<string> DelegatedAdministrators { get; } = new List<string>();
        public HashSet<string> DeniedOperations { get; } = new HashSet<string>();
        public Dictionary<string, AwsServiceCallException> Failures { get; } = new Dictionary<string, AwsServiceCallException>();
        public List<string> Writes { get; } = new List<string>();
        public List<string> Calls { get; } = new List<string>();

        /// <summary>When true, writes succeed but change nothing (to exercise verification).</summary>
        public bool WritesAreLost { get; set; }

        public static FakeOrganizationTrailApi Ready()
        {
            var api = new FakeOrganizationTrailApi();
            api.TrustedServices.Add("cloudtrail.amazonaws.com");
            api.Roles.Add(ServiceLinkedRole());
            return api;
        }

        public static IamRole ServiceLinkedRole(string name = "AWSServiceRoleForCloudTrail", string path = "/aws-service-role/cloudtrail.amazonaws.com/", string? trust = TrustCloudTrail) =>
            new IamRole(name, "AROAEXAMPLE", $"arn:aws:iam::{Management}:role{path}{name}", path, DateTimeOffset.UnixEpoch, trust, null, 3600, null, new Dictionary<string, string>());

        public static AwsServiceCallException Error(AwsService service, string operation, string code, string message, HttpStatusCode status = HttpStatusCode.BadRequest) =>
            new AwsServiceCallException(service, operation, code, message, "req-1", status, $"An error occurred ({code}) when calling the {operation} operation: {message}", null);

        public Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken) =>
            Read("GetCallerIdentity", AwsService.Sts, () => new CallerIdentity(CallerAccount,
                Partition == "aws" && CallerAccount == Management ? CallerArn : $"arn:{Partition}:iam::{CallerAccount}:user/admin", "AIDAEXAMPLE"));

        public Task<AwsOrganization> DescribeOrganizationAsync(CancellationToken cancellationToken) =>
            Read("DescribeOrganization", AwsService.Organizations, () => InOrganization
                ? new AwsOrganization("o-exampleorg", "arn:aws:organizations::111122223333:organization/o-exampleorg", FeatureSet, null, Management, "root@example.com")
                : throw Error(AwsService.Organizations, "DescribeOrganization", "AWSOrganizationsNotInUseException", "Your account is not a member of an organization."));

        public Task<OrganizationAccount> DescribeAccountAsync(string accountId, CancellationToken cancellationToken) =>
            Read("DescribeAccount", AwsService.Organizations, () => Accounts.Contains(accountId)
                ? new OrganizationAccount(accountId, null, "a@example.com", "acct-" + accountId, "ACTIVE", "CREATED", null)
                : throw Error(AwsService.Organizations, "DescribeAccount", "AccountNotFoundException", "You specified an account that doesn't exist."));

        public Task<IReadOnlyList<EnabledServicePrincipal>> ListAwsServiceAccessForOrganizationAsync(CancellationToken cancellationToken) =>
            Read("ListAWSServiceAccessForOrganization", AwsService.Organizations,
                () => (IReadOnlyList<EnabledServicePrincipal>)TrustedServices.Select(s => new EnabledServicePrincipal(s, DateTimeOffset.UnixEpoch)).ToList());

        public Task EnableAwsServiceAccessAsync(string servicePrincipal, CancellationToken cancellationToken) =>
            Write("EnableAWSServiceAccess", AwsService.Organizations, () => TrustedServices.Add(servicePrincipal));

        public Task<IReadOnlyList<IamRole>> ListRolesAsync(string pathPrefix, CancellationToken cancellationToken) =>
            Read("ListRoles", AwsService.Iam, () => (IReadOnlyList<IamRole>)Roles.Where(r => (r.Path ?? "/").StartsWith(pathPrefix, StringComparison.Ordinal)).ToList());

        public async Task<IamRole> CreateServiceLinkedRoleAsync(string awsServiceName, CancellationToken cancellationToken)
        {
            await Write("CreateServiceLinkedRole", AwsService.Iam, () =>
            {
                if (Roles.Any(r => r.RoleName == "AWSServiceRoleForCloudTrail"))
                {
                    throw Error(AwsService.Iam, "CreateServiceLinkedRole", "InvalidInput", "Service role name AWSServiceRoleForCloudTrail has been taken in this account, please try a different suffix.");
                }

                Roles.Add(ServiceLinkedRole());
            });
            return ServiceLinkedRole();
        }

        public Task<IReadOnlyList<DelegatedAdministrator>> ListDelegatedAdministratorsAsync(string servicePrincipal, CancellationToken cancellationToken) =>
            Read("ListDelegatedAdministrators", AwsService.Organizations,
                () => (IReadOnlyList<DelegatedAdministrator>)DelegatedAdministrators.Select(a => new DelegatedAdministrator(a, null, null, "acct-" + a, "ACTIVE", "CREATED", null, DateTimeOffset.UnixEpoch)).ToList());

        public Task RegisterOrganizationDelegatedAdminAsync(string memberAccountId, CancellationToken cancellationToken) =>
            Write("RegisterOrganizationDelegatedAdmin", AwsService.CloudTrail, () =>
            {
                if (!TrustedServices.Contains("cloudtrail.amazonaws.com"))
                {
                    throw Error(AwsService.CloudTrail, "RegisterOrganizationDelegatedAdmin", "CloudTrailAccessNotEnabledException", "This operation is not permitted as your organization hasn't enabled CloudTrail service access.");
                }

                DelegatedAdministrators.Add(memberAccountId);
                if (!Roles.Any(r => r.Path == OrganizationTrailRepairRunner.ServiceLinkedRolePath))
                {
                    Roles.Add(ServiceLinkedRole());
                }
            });

        private Task<T> Read<T>(string operation, AwsService service, Func<T> answer)
        {
            Calls.Add(operation);
            Refuse(operation, service);
            return Task.FromResult(answer());
        }

        private Task Write(string operation, AwsService service, Action change)
        {
            Calls.Add(operation);
            Refuse(operation, service);
            Writes.Add(operation);
            if (!WritesAreLost)
            {
                change();
            }

            return Task.CompletedTask;
        }

        private void Refuse(string operation, AwsService service)
        {
            if (Failures.TryGetValue(operation, out AwsServiceCallException? failure))
            {
                throw failure;
            }

            if (DeniedOperations.Contains(operation))
            {
                string action = RepairPermissions.ForOperation(operation).FirstOrDefault() ?? "unknown:" + operation;
                string code = service == AwsService.Iam || service == AwsService.Sts ? "AccessDenied" : "AccessDeniedException";
                throw Error(service, operation, code, $"User: {CallerArn} is not authorized to perform: {action} on resource: * because no identity-based policy allows the {action} action", HttpStatusCode.Forbidden);
            }
        }
    }

    /// <summary>Records every proposal and answers with a fixed decision.</summary>
    internal sealed class RecordingApprover : IFixApprover
    {
        private readonly FixDecision decision;

        public RecordingApprover(FixDecision decision = FixDecision.Apply)
        {
            this.decision = decision;
        }

        public List<FixProposal> Proposals { get; } = new List<FixProposal>();

        public FixDecision Decide(FixProposal proposal)
        {
            Proposals.Add(proposal);
            return decision;
        }
    }
}
