using System;
using Amazon.Runtime;

namespace CloudTrailIamTools.Core.Aws
{
    /// <summary>
    /// What the caller said about credentials, region and endpoint: the AWS.Tools common parameters (or the CLI's
    /// options), plus the session defaults AWS.Tools.Common leaves behind, passed in as values by the module.
    /// </summary>
    public sealed class AwsConnectionOptions
    {
        /// <summary>-ProfileName / --profile. An unknown profile is an error, never a fallback.</summary>
        public string? ProfileName { get; init; }

        /// <summary>-ProfileLocation: a shared credentials file used instead of the default locations.</summary>
        public string? ProfileLocation { get; init; }

        public string? AccessKey { get; init; }

        public string? SecretKey { get; init; }

        public string? SessionToken { get; init; }

        /// <summary>-Credential: an SDK credentials object.</summary>
        public AWSCredentials? Credentials { get; init; }

        public string? Region { get; init; }

        /// <summary>-EndpointUrl / --endpoint-url, for every service called.</summary>
        public string? EndpointUrl { get; init; }

        /// <summary>-TimeoutSec / --timeout: how long one attempt of a call may wait for its answer (default 60 s, as the AWS CLI's read timeout).</summary>
        public TimeSpan? Timeout { get; init; }

        /// <summary>The credentials Set-AWSCredential stored in the session ($StoredAWSCredentials, unwrapped).</summary>
        public AWSCredentials? StoredCredentials { get; init; }

        /// <summary>Where the stored credentials came from, for Describe() (e.g. the profile name AWS.Tools recorded).</summary>
        public string? StoredCredentialsName { get; init; }

        /// <summary>The region Set-DefaultAWSRegion stored in the session ($StoredAWSRegion).</summary>
        public string? StoredRegion { get; init; }

        /// <summary>Which surface's conventions apply: parameter names in messages and the region order.</summary>
        public AwsParameterStyle ParameterStyle { get; init; } = AwsParameterStyle.PowerShell;
    }

    /// <summary>Which front end is running: its spelling of our parameters in messages (<see cref="OptionName"/>) and, for the AWS connection, its region order.</summary>
    public enum AwsParameterStyle
    {
        /// <summary>AWS.Tools: -Region, $StoredAWSRegion, profile region, then AWS_REGION / AWS_DEFAULT_REGION.</summary>
        PowerShell,

        /// <summary>AWS CLI: --region, AWS_REGION / AWS_DEFAULT_REGION, then the profile's region.</summary>
        Cli,
    }

    /// <summary>Where credentials were found, in resolution order.</summary>
    public enum AwsCredentialSource
    {
        AccessKeyParameters,
        ProfileParameter,
        CredentialParameter,
        StoredSessionCredentials,
        EnvironmentVariables,
        DefaultProfile,
        WebIdentityToken,
        ContainerCredentials,
        InstanceProfile,
    }

    public enum AwsRegionSource
    {
        RegionParameter,
        StoredSessionRegion,
        Profile,
        EnvironmentVariable,
    }

    public enum AwsEndpointSource
    {
        EndpointUrlParameter,
        ServiceEnvironmentVariable,
        EnvironmentVariable,
        Profile,
    }

    /// <summary>Where a retry setting (attempts or mode) came from.</summary>
    public enum AwsRetrySettingSource
    {
        /// <summary>Not configured: this tool's default for the service.</summary>
        Default,
        EnvironmentVariable,
        Profile,
    }

    /// <summary>Knobs for the clients a connection creates; all optional. A value set here wins over the connection's own.</summary>
    public sealed class AwsClientSettings
    {
        /// <summary>Retries after the first attempt (default: AWS_MAX_ATTEMPTS or the profile's max_attempts, less one).</summary>
        public int? MaxErrorRetry { get; init; }

        /// <summary>Per-attempt HTTP timeout (default: the connection's).</summary>
        public TimeSpan? Timeout { get; init; }

        /// <summary>Ceiling of one backoff pause (SDK default 20 s); not applied to the STS client.</summary>
        public TimeSpan? MaxRetryBackoff { get; init; }

        /// <summary>Page size asked of list operations (MaxItems / MaxResults); null means the service default.</summary>
        public int? PageSize { get; init; }
    }
}
