using System;
using System.Threading;
using System.Threading.Tasks;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using CloudTrailIamTools.Core.Aws.Runtime;

namespace CloudTrailIamTools.Core.Aws
{
    public sealed class CallerIdentity
    {
        public CallerIdentity(string account, string arn, string userId)
        {
            Account = account;
            Arn = arn;
            UserId = userId;
        }

        public string Account { get; }
        public string Arn { get; }
        public string UserId { get; }
    }

    /// <summary>STS through AWSSDK.SecurityToken's own client; failures become <see cref="AwsServiceCallException"/>.</summary>
    public sealed class StsClient : IDisposable
    {
        private readonly IAmazonSecurityTokenService _client;
        private readonly AwsCallContext _context;

        public StsClient(IAmazonSecurityTokenService client)
            : this(client, AwsCallContext.Unknown(AwsService.Sts))
        {
        }

        internal StsClient(IAmazonSecurityTokenService client, AwsCallContext context)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            _context = context;
        }

        /// <summary>The SDK client underneath, for calls this wrapper does not cover.</summary>
        public IAmazonSecurityTokenService SdkClient => _client;

        public async Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken = default)
        {
            var response = await InvokeAsync("GetCallerIdentity", () => _client.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken), cancellationToken)
                .ConfigureAwait(false);
            return new CallerIdentity(response.Account ?? string.Empty, response.Arn ?? string.Empty, response.UserId ?? string.Empty);
        }

        /// <summary>Decodes an "Encoded authorization failure message" into its JSON text (needs sts:DecodeAuthorizationMessage).</summary>
        public async Task<string> DecodeAuthorizationMessageAsync(string encodedMessage, CancellationToken cancellationToken = default)
        {
            if (string.IsNullOrWhiteSpace(encodedMessage))
            {
                throw new InvalidInputException("The encoded authorization message is empty.", nameof(encodedMessage));
            }

            var response = await InvokeAsync(
                "DecodeAuthorizationMessage",
                () => _client.DecodeAuthorizationMessageAsync(new DecodeAuthorizationMessageRequest { EncodedMessage = encodedMessage.Trim() }, cancellationToken),
                cancellationToken).ConfigureAwait(false);
            return response.DecodedMessage ?? string.Empty;
        }

        public void Dispose()
        {
            _client.Dispose();
        }

        private async Task<T> InvokeAsync<T>(string operation, Func<Task<T>> call, CancellationToken cancellationToken)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Exception translated = AwsErrorTranslator.Translate(_context, operation, ex, cancellationToken);
                if (ReferenceEquals(translated, ex))
                {
                    throw;
                }

                throw translated;
            }
        }
    }
}
