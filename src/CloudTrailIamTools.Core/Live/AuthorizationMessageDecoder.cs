using System;
using System.Threading;
using System.Threading.Tasks;
using CloudTrailIamTools.Core.Aws;
using CloudTrailIamTools.Core.Diagnostics;

namespace CloudTrailIamTools.Core.Live
{
    /// <summary>Opens encoded authorization failure messages through STS and diagnoses what they say.</summary>
    public sealed class AuthorizationMessageDecoder
    {
        private readonly StsClient sts;
        private readonly AccessErrorResolver resolver;

        public AuthorizationMessageDecoder(StsClient sts, AccessErrorResolver? resolver = null)
        {
            this.sts = sts ?? throw new ArgumentNullException(nameof(sts));
            this.resolver = resolver ?? AccessErrorResolver.Default;
        }

        /// <summary>Whether the diagnosis carries an encoded message worth decoding.</summary>
        public static bool CanDecode(AccessErrorDiagnosis diagnosis) =>
            diagnosis is not null && !string.IsNullOrWhiteSpace(diagnosis.EncodedMessage);

        /// <summary>
        /// The decoded diagnosis for one carrying an encoded message; any other diagnosis comes back unchanged.
        /// </summary>
        /// <exception cref="AwsServiceCallException">STS refused (the caller needs sts:DecodeAuthorizationMessage) or failed.</exception>
        public async Task<AccessErrorDiagnosis> DecodeAsync(AccessErrorDiagnosis diagnosis, CancellationToken cancellationToken = default)
        {
            if (!CanDecode(diagnosis))
            {
                return diagnosis;
            }

            string decoded = await sts.DecodeAuthorizationMessageAsync(diagnosis.EncodedMessage!, cancellationToken).ConfigureAwait(false);
            return resolver.ResolveDecodedMessage(decoded, diagnosis);
        }
    }
}
