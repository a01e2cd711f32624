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

            text.Append(" Each attempt waits up to ").Append(Timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture))
                .Append(" s (").Append(TimeoutDetail).Append(')');
            if (Retry.MaxAttempts is int attempts)
            {
                text.Append("; ").Append(attempts).Append(" attempts from ").Append(Retry.MaxAttemptsDetail);
            }

            if (Retry.Mode is RequestRetryMode mode)
            {
                text.Append("; ").Append(mode.ToString().ToLowerInvariant()).Append(" retry mode from ").Append(Retry.ModeDetail);
            }

            text.Append('.');

            return text.ToString();
        }

        /// <summary>Per-attempt timeout when none is given: the AWS CLI's read timeout, not HttpClient's 100 s.</summary>
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

        /// <summary>Longest per-attempt timeout accepted.</summary>
        public static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(1);

        /// <summary>Attempts in all when nothing configures them: the SDK's standard mode.</summary>
        public const int DefaultMaxAttempts = 3;

        /// <summary>
        /// Attempts in all for CloudTrail when nothing configures them: LookupEvents allows about two calls a second
        /// per account and region, so a long event-history report meets throttling and must ride it out.
        /// </summary>
        public const int CloudTrailDefaultMaxAttempts = 10;

        /// <summary>Which surface's names messages use (-TimeoutSec or --timeout).</summary>
        public AwsParameterStyle ParameterStyle { get; internal init; } = AwsParameterStyle.PowerShell;

        /// <summary>How long one attempt of a call may wait for its answer.</summary>
        public TimeSpan Timeout { get; internal init; } = DefaultTimeout;

        /// <summary>Where the timeout came from, in words.</summary>
        public string TimeoutDetail { get; internal init; } = "the default";

        /// <summary>AWS_MAX_ATTEMPTS / AWS_RETRY_MODE or the profile's max_attempts / retry_mode, where configured.</summary>
        public AwsRetrySettings Retry { get; internal init; } = AwsRetrySettings.NotConfigured;

        /// <summary>
        /// The retry mode a client for the service uses: the configured one, else adaptive for CloudTrail (client-side
        /// rate limiting against LookupEvents' throttling, where the loaded AWSSDK.Core's adaptive mode works) and
        /// standard elsewhere.
        /// </summary>
        public RequestRetryMode RetryModeFor(AwsService service) =>
            Retry.Mode ?? (service == AwsService.CloudTrail && SdkRuntime.AdaptiveRetryWorks ? RequestRetryMode.Adaptive : RequestRetryMode.Standard);

        /// <summary>Attempts in all a client for the service makes: the configured number, else the service default.</summary>
        public int MaxAttemptsFor(AwsService service) =>
            Retry.MaxAttempts ?? (service == AwsService.CloudTrail ? CloudTrailDefaultMaxAttempts : DefaultMaxAttempts);

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

            // Set explicitly, so the SDK does not fall back to what it reads itself (AWS_PROFILE's profile only).
            config.RetryMode = RetryModeFor(service);
            config.MaxErrorRetry = settings?.MaxErrorRetry ?? MaxAttemptsFor(service) - 1;
            config.Timeout = settings?.Timeout ?? Timeout;

            if (config is AwsServiceClientConfig ours)
            {
                if (settings?.MaxRetryBackoff != null)
                {
                    ours.MaxRetryBackoff = settings.MaxRetryBackoff.Value;
                }

                ours.CallContext = CallContext(service, endpoint ?? ours.Service.ResolvePublicEndpoint(Region).Url, config, settings);
            }
        }

        public StsClient CreateStsClient(AwsClientSettings? settings = null)
        {
            var config = new AmazonSecurityTokenServiceConfig();
            ApplyTo(config, AwsService.Sts, settings);
            string endpoint = EndpointUrlFor(AwsService.Sts) ?? StsEndpoint(config);
            return new StsClient(new AmazonSecurityTokenServiceClient(Credentials, config), CallContext(AwsService.Sts, endpoint, config, settings));
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

        private AwsCallContext CallContext(AwsService service, string endpoint, ClientConfig config, AwsClientSettings? settings)
        {
            string attemptsDetail = settings?.MaxErrorRetry != null ? "the client settings" : Retry.MaxAttemptsDetail ?? "the default";
            string timeoutDetail = settings?.Timeout != null ? "the client settings" : TimeoutDetail;
            return new AwsCallContext(
                service, endpoint, CredentialSourceDetail, ParameterStyle, config.Timeout ?? DefaultTimeout, timeoutDetail, config.MaxErrorRetry + 1, attemptsDetail);
        }

        /// <summary>The STS endpoint as the SDK's own STS endpoint rules give it for the region.</summary>
        private static string StsEndpoint(AmazonSecurityTokenServiceConfig config)
        {
            try
            {
                var request = new Amazon.SecurityToken.Model.GetCallerIdentityRequest();
                return config.DetermineServiceOperationEndpoint(new Amazon.Runtime.Endpoints.ServiceOperationEndpointParameters(request)).URL;
            }
            catch (AmazonClientException)
            {
                return "the public STS endpoint";
            }
        }
    }
}
