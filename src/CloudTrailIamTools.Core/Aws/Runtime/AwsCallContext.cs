using System;

namespace CloudTrailIamTools.Core.Aws.Runtime
{
    /// <summary>
    /// What a failed call's message needs beyond the SDK's exception: which endpoint was asked, where the credentials
    /// came from, and the timeout and attempts in force with the option that changes them.
    /// </summary>
    internal sealed class AwsCallContext
    {
        public AwsCallContext(
            AwsService service, string endpoint, string credentialSourceDetail, AwsParameterStyle style,
            TimeSpan timeout, string timeoutDetail, int maxAttempts, string maxAttemptsDetail)
        {
            Service = service;
            Endpoint = endpoint;
            CredentialSourceDetail = credentialSourceDetail;
            Style = style;
            Timeout = timeout;
            TimeoutDetail = timeoutDetail;
            MaxAttempts = maxAttempts;
            MaxAttemptsDetail = maxAttemptsDetail;
        }

        public AwsService Service { get; }

        /// <summary>The endpoint URL the call went to (override or public endpoint).</summary>
        public string Endpoint { get; }

        public string CredentialSourceDetail { get; }

        public AwsParameterStyle Style { get; }

        public TimeSpan Timeout { get; }

        public string TimeoutDetail { get; }

        public int MaxAttempts { get; }

        public string MaxAttemptsDetail { get; }

        /// <summary>For a client built without a connection (tests, callers with their own SDK client).</summary>
        public static AwsCallContext Unknown(AwsService service) => new AwsCallContext(
            service, "its endpoint", "the configured credentials", AwsParameterStyle.PowerShell,
            ResolvedAwsConnection.DefaultTimeout, "the default", 3, "the default");
    }
}
