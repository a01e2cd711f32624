using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;

namespace CloudTrailIamTools.Core.Aws.Runtime
{
    /// <summary>Shared calling and NextToken paging for the JSON 1.1 clients.</summary>
    public abstract class JsonServiceClientBase : AwsServiceClientBase
    {
        private protected JsonServiceClientBase(AWSCredentials credentials, AwsServiceClientConfig config)
            : base(credentials, config)
        {
        }

        private protected async Task<JsonElement> CallAsync(string operation, Action<Utf8JsonWriter>? writeMembers, CancellationToken cancellationToken)
        {
            var response = await CallJsonAsync(JsonOperationRequest.Create(operation, writeMembers), cancellationToken).ConfigureAwait(false);
            return response.Result;
        }

        /// <summary>
        /// Calls <paramref name="operation"/> page after page while NextToken comes back; <paramref name="onPage"/> returns false to stop.
        /// PageSize is capped at the operation's own MaxResults limit.
        /// </summary>
        private protected async Task PageAsync(
            string operation, Action<Utf8JsonWriter>? writeMembers, Func<JsonElement, bool> onPage, int maxPageSize, CancellationToken cancellationToken)
        {
            int? pageSize = PageSize == null ? (int?)null : Math.Max(1, Math.Min(PageSize.Value, maxPageSize));
            string? nextToken = null;
            var seenTokens = new HashSet<string>(StringComparer.Ordinal);
            while (true)
            {
                string? token = nextToken;
                JsonElement page = await CallAsync(
                    operation,
                    writer =>
                    {
                        writeMembers?.Invoke(writer);
                        if (pageSize != null)
                        {
                            writer.WriteNumber("MaxResults", pageSize.Value);
                        }

                        if (token != null)
                        {
                            writer.WriteString("NextToken", token);
                        }
                    },
                    cancellationToken).ConfigureAwait(false);
                if (!onPage(page))
                {
                    return;
                }

                nextToken = page.Str("NextToken");
                if (string.IsNullOrEmpty(nextToken) || !seenTokens.Add(nextToken!))
                {
                    return;
                }
            }
        }

        private protected static string NotEmpty(string? value, string parameter)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new InvalidInputException($"{parameter} must not be empty.", parameter);
            }

            return value!;
        }
    }
}
