using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using CloudTrailIamTools.Core.Aws.Runtime;

namespace CloudTrailIamTools.Core.Aws
{
    /// <summary>AWS Organizations over JSON 1.1 (target prefix AWSOrganizationsV20161128).</summary>
    public sealed class OrganizationsClient : JsonServiceClientBase, IOrganizationsApi
    {
        internal OrganizationsClient(AWSCredentials credentials, AwsServiceClientConfig config)
            : base(credentials, config)
        {
        }

        public async Task<AwsOrganization> DescribeOrganizationAsync(CancellationToken cancellationToken = default)
        {
            var result = await CallAsync("DescribeOrganization", null, cancellationToken).ConfigureAwait(false);
            var organization = result.Member("Organization") ?? throw new AwsServiceCallException(
                AwsService.Organizations, "DescribeOrganization", "MalformedResponse", "The response has no Organization member.", null, null,
                "Organizations answered DescribeOrganization without an Organization.", null);
            return AwsOrganization.From(organization);
        }

        /// <summary>One account of the organization; AccountNotFoundException when the account is not in it.</summary>
        public async Task<OrganizationAccount> DescribeAccountAsync(string accountId, CancellationToken cancellationToken = default)
        {
            string id = NotEmpty(accountId, nameof(accountId));
            var result = await CallAsync("DescribeAccount", writer => writer.WriteString("AccountId", id), cancellationToken).ConfigureAwait(false);
            var account = result.Member("Account") ?? throw new AwsServiceCallException(
                AwsService.Organizations, "DescribeAccount", "MalformedResponse", "The response has no Account member.", null, null,
                "Organizations answered DescribeAccount without an Account.", null);
            return OrganizationAccount.From(account);
        }

        /// <summary>Service principals with trusted access (e.g. cloudtrail.amazonaws.com), all pages.</summary>
        public async Task<IReadOnlyList<EnabledServicePrincipal>> ListAwsServiceAccessForOrganizationAsync(CancellationToken cancellationToken = default)
        {
            var principals = new List<EnabledServicePrincipal>();
            await PageAsync(
                "ListAWSServiceAccessForOrganization",
                null,
                page =>
                {
                    foreach (var item in page.Array("EnabledServicePrincipals"))
                    {
                        principals.Add(EnabledServicePrincipal.From(item));
                    }

                    return true;
                },
                maxPageSize: 20,
                cancellationToken).ConfigureAwait(false);
            return principals;
        }

        public Task EnableAwsServiceAccessAsync(string servicePrincipal, CancellationToken cancellationToken = default)
        {
            string principal = NotEmpty(servicePrincipal, nameof(servicePrincipal));
            return CallAsync("EnableAWSServiceAccess", writer => writer.WriteString("ServicePrincipal", principal), cancellationToken);
        }

        /// <summary>Delegated administrators, optionally only those for one service principal; all pages.</summary>
        public async Task<IReadOnlyList<DelegatedAdministrator>> ListDelegatedAdministratorsAsync(string? servicePrincipal = null, CancellationToken cancellationToken = default)
        {
            var administrators = new List<DelegatedAdministrator>();
            await PageAsync(
                "ListDelegatedAdministrators",
                writer =>
                {
                    if (!string.IsNullOrEmpty(servicePrincipal))
                    {
                        writer.WriteString("ServicePrincipal", servicePrincipal);
                    }
                },
                page =>
                {
                    foreach (var item in page.Array("DelegatedAdministrators"))
                    {
                        administrators.Add(DelegatedAdministrator.From(item));
                    }

                    return true;
                },
                maxPageSize: 20,
                cancellationToken).ConfigureAwait(false);
            return administrators;
        }
    }
}
