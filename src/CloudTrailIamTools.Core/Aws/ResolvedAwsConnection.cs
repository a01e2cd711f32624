using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using CloudTrailIamTools.Core.Aws.Runtime;

namespace CloudTrailIamTools.Core.Aws
{
    /// <summary>Credentials, region and endpoints worked out by <see cref="AwsConnectionResolver"/>; creates the clients.</summary>
    public sealed class ResolvedAwsConnection
    {
        private readonly IReadOnlyDictionary<AwsService, (string Url, AwsEndpointSource Source, string Detail)> _endpoints;

        internal ResolvedAwsConnection(
            AWSCredentials credentials,
            AwsCredentialSource credentialSource,
            string credentialSourceDetail,
            string region,
            AwsRegionSource regionSource,
            string regionSourceDetail,
            IReadOnlyDictionary<AwsService, (string Url, AwsEndpointSource Source, string Detail)> endpoints)
        {
            Credentials = credentials;
            CredentialSource = credentialSource;
            CredentialSourceDetail = credentialSourceDetail;
            Region = region;
            RegionSource = regionSource;
            RegionSourceDetail = regionSourceDetail;
            _endpoints = endpoints;
        }

        /// <summary>The SDK credentials object to sign with (never printed).</summary>
        public AWSCredentials Credentials { get; }

        public AwsCredentialSource CredentialSource { get; }

        /// <summary>Where the credentials came from, in words, without any secret.</summary>
        public string CredentialSourceDetail { get; }

        public string Region { get; }

        public AwsRegionSource RegionSource { get; }

        public string RegionSourceDetail { get; }

        /// <summary>The endpoint override for a service, or null for the public AWS endpoint.</summary>
        public string? EndpointUrlFor(AwsService service)
        {
            return _endpoints.TryGetValue(service, out var endpoint) ? endpoint.Url : null;
        }

        public AwsEndpointSource? EndpointSourceFor(AwsService service)
        {
            return _endpoints.TryGetValue(service, out var endpoint) ? endpoint.Source : (AwsEndpointSource?)null;
        }

        /// <summary>One paragraph for -Verbose / --verbose: where credentials, region and endpoints came from. No secrets.</summary>
        public string Describe()
        {
            var text = new StringBuilder();
            text.Append("Credentials from ").Append(CredentialSourceDetail).Append(". ");
            text.Append("Region ").Append(Region).Append(" from ").Append(RegionSourceDetail).Append('.');
            var overridden = _endpoints.GroupBy(e => (e.Value.Url, e.Value.Detail)).ToList();
            if (overridden.Count == 0)
            {
                text.Append(" Endpoints: the public AWS endpoints for the region.");
            }

            foreach (var group in overridden)
            {
                string services = string.Join(", ", group.Select(e => AwsErrorTranslator.DisplayName(e.Key)));
                text.Append(" Endpoint ").Append(group.Key.Url).Append(" for ").Append(services).Append(" from ").Append(group.Key.Detail).Append('.');
            }

            return text.ToString();
        }

        /// <summary>Points an SDK client config at this connection's region/endpoint for a service (for SDK clients a caller builds).</summary>
        public void ApplyTo(ClientConfig config, AwsService service, AwsClientSettings? settings = null)
        {
            if (config == null)
            {
                throw new ArgumentNullException(nameof(config));
            }

            // We decided the endpoint; stop the SDK re-reading AWS_ENDPOINT_URL* or a profile's endpoint_url on its own.
            config.IgnoreConfiguredEndpointUrls = true;
            string? endpoint = EndpointUrlFor(service);
            if (endpoint != null)
            {
                config.ServiceURL = endpoint;
                config.AuthenticationRegion = Region;
            }
            else
            {
                config.RegionEndpoint = RegionEndpoint.GetBySystemName(Region);
            }

            if (settings?.MaxErrorRetry != null)
            {
                config.MaxErrorRetry = settings.MaxErrorRetry.Value;
            }

            if (settings?.Timeout != null)
            {
                config.Timeout = settings.Timeout;
            }

            if (config is AwsServiceClientConfig ours && settings?.MaxRetryBackoff != null)
            {
                ours.MaxRetryBackoff = settings.MaxRetryBackoff.Value;
            }
        }

        public StsClient CreateStsClient(AwsClientSettings? settings = null)
        {
            var config = new AmazonSecurityTokenServiceConfig();
            ApplyTo(config, AwsService.Sts, settings);
            return new StsClient(new AmazonSecurityTokenServiceClient(Credentials, config));
        }

        public IamClient CreateIamClient(AwsClientSettings? settings = null)
        {
            return new IamClient(Credentials, Config(AwsServiceDefinition.Iam, settings)) { PageSize = settings?.PageSize };
        }

        public CloudTrailClient CreateCloudTrailClient(AwsClientSettings? settings = null)
        {
            return new CloudTrailClient(Credentials, Config(AwsServiceDefinition.CloudTrail, settings)) { PageSize = settings?.PageSize };
        }

        public OrganizationsClient CreateOrganizationsClient(AwsClientSettings? settings = null)
        {
            return new OrganizationsClient(Credentials, Config(AwsServiceDefinition.Organizations, settings)) { PageSize = settings?.PageSize };
        }

        private AwsServiceClientConfig Config(AwsServiceDefinition service, AwsClientSettings? settings)
        {
            var config = new AwsServiceClientConfig(service);
            ApplyTo(config, service.Service, settings);
            return config;
        }
    }
}
