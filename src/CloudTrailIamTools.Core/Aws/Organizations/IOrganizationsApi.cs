using System.Collections.Generic;
using System.Threading.Tasks;
using System.Threading;

namespace CloudTrailIamTools.Core.Aws
{
    /// <summary>
    /// The Organizations calls this tool makes, in its own model types; failures are <see cref="AwsServiceCallException"/>s.
    /// <see cref="OrganizationsClient"/> implements it on AWSSDK.Core's pipeline; when AWSSDK.Organizations is available, one adapter over
    /// its IAmazonOrganizations can implement it instead, and nothing that takes this interface changes.
    /// </summary>
    public interface IOrganizationsApi
    {
        Task<AwsOrganization> DescribeOrganizationAsync(CancellationToken cancellationToken = default);

        /// <summary>One account of the organization; AccountNotFoundException when the account is not in it.</summary>
        Task<OrganizationAccount> DescribeAccountAsync(string accountId, CancellationToken cancellationToken = default);

        /// <summary>Service principals with trusted access (e.g. cloudtrail.amazonaws.com), all pages.</summary>
        Task<IReadOnlyList<EnabledServicePrincipal>> ListAwsServiceAccessForOrganizationAsync(CancellationToken cancellationToken = default);

        Task EnableAwsServiceAccessAsync(string servicePrincipal, CancellationToken cancellationToken = default);

        /// <summary>Delegated administrators, optionally only those for one service principal; all pages.</summary>
        Task<IReadOnlyList<DelegatedAdministrator>> ListDelegatedAdministratorsAsync(string? servicePrincipal = null, CancellationToken cancellationToken = default);
    }
}
