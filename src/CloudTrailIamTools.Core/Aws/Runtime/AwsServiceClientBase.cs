using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Runtime.Internal;

namespace CloudTrailIamTools.Core.Aws.Runtime
{
    /// <summary>
    /// Base of our typed clients: an AmazonServiceClient wired like a generated client (SigV4 auth-scheme stage and
    /// endpoint-rules stage after the marshaller), so credentials, signing, retries and error parsing are the SDK's.
    /// </summary>
    public abstract class AwsServiceClientBase : AmazonServiceClient
    {
        private readonly IServiceMetadata _metadata;

        private protected AwsServiceClientBase(AWSCredentials credentials, AwsServiceClientConfig config)
            : base(credentials ?? throw new ArgumentNullException(nameof(credentials)), config)
        {
            _metadata = new Metadata(config.Service.ServiceId);
            Definition = config.Service;
        }

        /// <summary>Items per page asked of list operations (null: the service default).</summary>
        public int? PageSize { get; set; }

        internal AwsServiceDefinition Definition { get; }

        private AwsCallContext CallContext => ((AwsServiceClientConfig)Config).CallContext ?? AwsCallContext.Unknown(Definition.Service);

        protected override IServiceMetadata ServiceMetadata => _metadata ?? new Metadata(string.Empty);

        protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
        {
            pipeline.RemoveHandler<EndpointResolver>();
            pipeline.AddHandlerAfter<Marshaller>(new AwsServiceEndpointResolver());
            pipeline.AddHandlerAfter<Marshaller>(new SigV4AuthSchemeHandler());

            // Same policies the SDK builds, with the backoff ceiling from our config (tests keep it short).
            var config = (AwsServiceClientConfig)Config;
            StandardRetryPolicy policy = config.RetryMode == RequestRetryMode.Adaptive
                ? new AdaptiveRetryPolicy(config)
                : new StandardRetryPolicy(config);
            policy.MaxBackoffInMilliseconds = (int)Math.Max(1, Math.Min(int.MaxValue, config.MaxRetryBackoff.TotalMilliseconds));
            pipeline.ReplaceHandler<RetryHandler>(new RetryHandler(policy));
        }

        private protected async Task<QueryOperationResponse> CallQueryAsync(QueryOperationRequest request, CancellationToken cancellationToken)
        {
            var options = new InvokeOptions
            {
                RequestMarshaller = new QueryRequestMarshaller(Definition),
                ResponseUnmarshaller = new QueryResponseUnmarshaller(request.Action),
            };
            try
            {
                return await InvokeAsync<QueryOperationResponse>(request, options, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Exception translated = AwsErrorTranslator.Translate(CallContext, request.Action, ex, cancellationToken);
                if (ReferenceEquals(translated, ex))
                {
                    throw;
                }

                throw translated;
            }
        }

        private protected async Task<JsonOperationResponse> CallJsonAsync(JsonOperationRequest request, CancellationToken cancellationToken)
        {
            var options = new InvokeOptions
            {
                RequestMarshaller = new JsonRequestMarshaller(Definition),
                ResponseUnmarshaller = JsonResponseUnmarshallerForOperation.Instance,
            };
            try
            {
                return await InvokeAsync<JsonOperationResponse>(request, options, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Exception translated = AwsErrorTranslator.Translate(CallContext, request.Operation, ex, cancellationToken);
                if (ReferenceEquals(translated, ex))
                {
                    throw;
                }

                throw translated;
            }
        }

        private sealed class Metadata : IServiceMetadata
        {
            public Metadata(string serviceId)
            {
                ServiceId = serviceId;
            }

            public string ServiceId { get; }

            public IDictionary<string, string> OperationNameMapping { get; } = new Dictionary<string, string>();
        }
    }
}
