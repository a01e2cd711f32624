using System;
using System.Collections.Generic;
using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.Util.Internal;

namespace CloudTrailIamTools.Core.Aws.Runtime
{
    /// <summary>
    /// ClientConfig for our small clients, shaped like a generated service config: service id, signing name,
    /// an endpoint provider for the endpoint-rules path, and standard retry mode by default.
    /// </summary>
    public sealed class AwsServiceClientConfig : ClientConfig
    {
        private static readonly IDefaultConfiguration[] DefaultConfigurations =
        {
            Mode(DefaultConfigurationMode.Standard, 3100),
            Mode(DefaultConfigurationMode.InRegion, 1100),
            Mode(DefaultConfigurationMode.CrossRegion, 3100),
            Mode(DefaultConfigurationMode.Mobile, 30000),
            Mode(DefaultConfigurationMode.Auto, 1100),
        };

        private readonly string _userAgent;

        internal AwsServiceClientConfig(AwsServiceDefinition service)
            : base(new DefaultConfigurationProvider(DefaultConfigurations))
        {
            Service = service;
            ServiceId = service.ServiceId;
            AuthenticationServiceName = service.SigningName;
            EndpointProvider = new AwsServiceEndpointProvider(service);
            _userAgent = InternalSDKUtils.BuildUserAgentString(service.ServiceId, typeof(AwsServiceClientConfig).Assembly.GetName().Version?.ToString() ?? "0.0.0");
        }

        internal AwsServiceDefinition Service { get; }

        /// <summary>What error messages say about this client's endpoint, credentials, timeout and attempts.</summary>
        internal AwsCallContext? CallContext { get; set; }

        /// <summary>Upper bound of one backoff pause between retries (the SDK's default is 20 s).</summary>
        public TimeSpan MaxRetryBackoff { get; set; } = TimeSpan.FromSeconds(20);

        public override string RegionEndpointServiceName => Service.EndpointPrefix;

        public override string ServiceVersion => Service.ApiVersion;

        public override string UserAgent => _userAgent;

        public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters)
        {
            return EndpointProvider.ResolveEndpoint(AwsServiceEndpointResolver.MapParameters(this));
        }

        private static IDefaultConfiguration Mode(DefaultConfigurationMode name, int connectTimeoutMilliseconds)
        {
            return new DefaultConfiguration
            {
                Name = name,
                RetryMode = RequestRetryMode.Standard,
                S3UsEast1RegionalEndpoint = S3UsEast1RegionalEndpointValue.Regional,
                ConnectTimeout = TimeSpan.FromMilliseconds(connectTimeoutMilliseconds),
                TlsNegotiationTimeout = TimeSpan.FromMilliseconds(connectTimeoutMilliseconds),
            };
        }
    }

    /// <summary>
    /// Endpoint provider in the endpoint-rules sense: an explicit ServiceURL wins and signs for the configured
    /// region; otherwise the service's public endpoint for the region, with the signing region as an auth scheme.
    /// </summary>
    internal sealed class AwsServiceEndpointProvider : IEndpointProvider
    {
        private readonly AwsServiceDefinition _service;

        public AwsServiceEndpointProvider(AwsServiceDefinition service)
        {
            _service = service;
        }

        public Endpoint ResolveEndpoint(EndpointParameters parameters)
        {
            string? region = parameters["Region"] as string;
            string? endpoint = parameters["Endpoint"] as string;
            if (!string.IsNullOrEmpty(endpoint))
            {
                return WithSigning(endpoint!, string.IsNullOrEmpty(region) ? "us-east-1" : region!);
            }

            if (string.IsNullOrEmpty(region))
            {
                throw new AmazonClientException($"No region is configured for {_service.ServiceId}; cannot resolve its endpoint.");
            }

            var (url, signingRegion) = _service.ResolvePublicEndpoint(region!);
            return WithSigning(url, signingRegion);
        }

        private Endpoint WithSigning(string url, string signingRegion)
        {
            string attributes = "{\"authSchemes\":[{\"name\":\"sigv4\",\"signingName\":\"" + _service.SigningName +
                                "\",\"signingRegion\":\"" + signingRegion + "\"}]}";
            return new Endpoint(url, attributes, null);
        }
    }

    /// <summary>The endpoint-resolution pipeline stage, as generated clients add it after the marshaller.</summary>
    internal sealed class AwsServiceEndpointResolver : BaseEndpointResolver
    {
        internal static EndpointParameters MapParameters(IClientConfig config)
        {
            var parameters = new EndpointParameters();
            parameters["Region"] = config.RegionEndpoint?.SystemName ?? config.AuthenticationRegion;
            parameters["Endpoint"] = config.ServiceURL;
            return parameters;
        }

        protected override EndpointParameters MapEndpointsParameters(IRequestContext requestContext)
        {
            return MapParameters(requestContext.ClientConfig);
        }
    }

    /// <summary>All our operations sign with SigV4, as the services' auth traits say.</summary>
    internal sealed class SigV4AuthSchemeHandler : BaseAuthResolverHandler
    {
        protected override List<IAuthSchemeOption> ResolveAuthOptions(IExecutionContext executionContext)
        {
            return Amazon.Runtime.Credentials.Internal.AuthSchemeOption.DEFAULT_SIGV4;
        }
    }
}
