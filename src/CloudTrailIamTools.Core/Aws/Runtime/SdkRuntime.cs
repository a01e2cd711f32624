using System;
using System.Reflection;
using Amazon.Runtime;

namespace CloudTrailIamTools.Core.Aws.Runtime
{
    /// <summary>What the AWSSDK.Core loaded in this process can be trusted with (the module runs on AWS.Tools' copy, whatever its version).</summary>
    internal static class SdkRuntime
    {
        /// <summary>The first AWSSDK.Core seen to refill adaptive mode's token bucket while a request waits for a token.</summary>
        private static readonly Version AdaptiveRetryFixed = new Version(4, 1, 1);

        private static readonly Lazy<Version?> LoadedCoreVersion = new Lazy<Version?>(() =>
        {
            string? text = typeof(ClientConfig).Assembly.GetCustomAttribute<AssemblyFileVersionAttribute>()?.Version;
            return Version.TryParse(text, out Version? version) ? version : null;
        });

        /// <summary>AWSSDK.Core's file version (its assembly version stays 4.0.0.0 across the whole 4.x line).</summary>
        public static Version? CoreVersion => LoadedCoreVersion.Value;

        /// <summary>
        /// Whether adaptive retry mode can be the default: in AWSSDK.Core before 4.1.1 its client-side rate limiter never
        /// refilled while a request waited, so after a few throttles every call failed with "insufficient capacity".
        /// </summary>
        public static bool AdaptiveRetryWorks => CoreVersion != null && CoreVersion >= AdaptiveRetryFixed;
    }
}
