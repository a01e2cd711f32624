using Amazon.Runtime;

namespace CloudTrailIamTools.Core.Aws
{
    /// <summary>
    /// The SDK's standard retry settings as the user configured them (AWS_MAX_ATTEMPTS / AWS_RETRY_MODE, or the
    /// profile's max_attempts / retry_mode); null where nothing was configured and the service default applies.
    /// </summary>
    public sealed class AwsRetrySettings
    {
        public static readonly AwsRetrySettings NotConfigured = new AwsRetrySettings(null, AwsRetrySettingSource.Default, null, null, AwsRetrySettingSource.Default, null);

        public AwsRetrySettings(
            int? maxAttempts, AwsRetrySettingSource maxAttemptsSource, string? maxAttemptsDetail,
            RequestRetryMode? mode, AwsRetrySettingSource modeSource, string? modeDetail)
        {
            MaxAttempts = maxAttempts;
            MaxAttemptsSource = maxAttemptsSource;
            MaxAttemptsDetail = maxAttemptsDetail;
            Mode = mode;
            ModeSource = modeSource;
            ModeDetail = modeDetail;
        }

        /// <summary>Attempts in all, the first one included (1 means no retries).</summary>
        public int? MaxAttempts { get; }

        public AwsRetrySettingSource MaxAttemptsSource { get; }

        /// <summary>Where MaxAttempts came from, in words (null when not configured).</summary>
        public string? MaxAttemptsDetail { get; }

        public RequestRetryMode? Mode { get; }

        public AwsRetrySettingSource ModeSource { get; }

        public string? ModeDetail { get; }
    }
}
