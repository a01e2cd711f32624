using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CloudTrailIamTools.Core.Aws;

namespace CloudTrailIamTools.Core.OrganizationTrails
{
    /// <summary>
    /// The AWS calls the organization-trail repair makes. Failures are <see cref="AwsServiceCallException"/>s;
    /// the runner turns them into check results. Tests substitute fakes.
    /// </summary>
    public interface IOrganizationTrailApi
    {
        Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken);

        Task<AwsOrganization> DescribeOrganizationAsync(CancellationToken cancellationToken);

        Task<OrganizationAccount> DescribeAccountAsync(string accountId, CancellationToken cancellationToken);

        Task<IReadOnlyList<EnabledServicePrincipal>> ListAwsServiceAccessForOrganizationAsync(CancellationToken cancellationToken);

        Task EnableAwsServiceAccessAsync(string servicePrincipal, CancellationToken cancellationToken);

        Task<IReadOnlyList<IamRole>> ListRolesAsync(string pathPrefix, CancellationToken cancellationToken);

        Task<IamRole> CreateServiceLinkedRoleAsync(string awsServiceName, CancellationToken cancellationToken);

        Task<IReadOnlyList<DelegatedAdministrator>> ListDelegatedAdministratorsAsync(string servicePrincipal, CancellationToken cancellationToken);

        Task RegisterOrganizationDelegatedAdminAsync(string memberAccountId, CancellationToken cancellationToken);
    }

    /// <summary>The real calls, over the project's STS, IAM, Organizations and CloudTrail clients (disposed with this object).</summary>
    public sealed class AwsOrganizationTrailApi : IOrganizationTrailApi, IDisposable
    {
        private readonly StsClient sts;
        private readonly IIamApi iam;
        private readonly IOrganizationsApi organizations;
        private readonly ICloudTrailApi cloudTrail;

        public AwsOrganizationTrailApi(StsClient sts, IIamApi iam, IOrganizationsApi organizations, ICloudTrailApi cloudTrail)
        {
            this.sts = sts ?? throw new ArgumentNullException(nameof(sts));
            this.iam = iam ?? throw new ArgumentNullException(nameof(iam));
            this.organizations = organizations ?? throw new ArgumentNullException(nameof(organizations));
            this.cloudTrail = cloudTrail ?? throw new ArgumentNullException(nameof(cloudTrail));
        }

        public static AwsOrganizationTrailApi Create(ResolvedAwsConnection connection, AwsClientSettings? settings = null)
        {
            if (connection == null)
            {
                throw new ArgumentNullException(nameof(connection));
            }

            return new AwsOrganizationTrailApi(
                connection.CreateStsClient(settings), connection.CreateIamClient(settings),
                connection.CreateOrganizationsClient(settings), connection.CreateCloudTrailClient(settings));
        }

        public Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken) => sts.GetCallerIdentityAsync(cancellationToken);

        public Task<AwsOrganization> DescribeOrganizationAsync(CancellationToken cancellationToken) => organizations.DescribeOrganizationAsync(cancellationToken);

        public Task<OrganizationAccount> DescribeAccountAsync(string accountId, CancellationToken cancellationToken) =>
            organizations.DescribeAccountAsync(accountId, cancellationToken);

        public Task<IReadOnlyList<EnabledServicePrincipal>> ListAwsServiceAccessForOrganizationAsync(CancellationToken cancellationToken) =>
            organizations.ListAwsServiceAccessForOrganizationAsync(cancellationToken);

        public Task EnableAwsServiceAccessAsync(string servicePrincipal, CancellationToken cancellationToken) =>
            organizations.EnableAwsServiceAccessAsync(servicePrincipal, cancellationToken);

        public Task<IReadOnlyList<IamRole>> ListRolesAsync(string pathPrefix, CancellationToken cancellationToken) => iam.ListRolesAsync(pathPrefix, cancellationToken);

        public Task<IamRole> CreateServiceLinkedRoleAsync(string awsServiceName, CancellationToken cancellationToken) =>
            iam.CreateServiceLinkedRoleAsync(awsServiceName, cancellationToken: cancellationToken);

        public Task<IReadOnlyList<DelegatedAdministrator>> ListDelegatedAdministratorsAsync(string servicePrincipal, CancellationToken cancellationToken) =>
            organizations.ListDelegatedAdministratorsAsync(servicePrincipal, cancellationToken);

        public Task RegisterOrganizationDelegatedAdminAsync(string memberAccountId, CancellationToken cancellationToken) =>
            cloudTrail.RegisterOrganizationDelegatedAdminAsync(memberAccountId, cancellationToken);

        public void Dispose()
        {
            sts.Dispose();
            (iam as IDisposable)?.Dispose();
            (organizations as IDisposable)?.Dispose();
            (cloudTrail as IDisposable)?.Dispose();
        }
    }
}
