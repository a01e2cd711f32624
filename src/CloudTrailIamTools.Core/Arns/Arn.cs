using System;
using System.Diagnostics.CodeAnalysis;

namespace CloudTrailIamTools.Core.Arns
{
    /// <summary>An Amazon Resource Name split into its six parts: arn:partition:service:region:account:resource.</summary>
    public sealed class Arn
    {
        private Arn(string text, string partition, string service, string region, string accountId, string resource)
        {
            Text = text;
            Partition = partition;
            Service = service;
            Region = region;
            AccountId = accountId;
            Resource = resource;
        }

        public string Text { get; }

        public string Partition { get; }

        public string Service { get; }

        public string Region { get; }

        public string AccountId { get; }

        /// <summary>Everything after the fifth colon; it may hold colons and slashes of its own.</summary>
        public string Resource { get; }

        public static bool TryParse(string? text, [NotNullWhen(true)] out Arn? arn)
        {
            arn = null;
            if (text is null || !text.StartsWith("arn:", StringComparison.Ordinal))
            {
                return false;
            }

            int partitionEnd = text.IndexOf(':', 4);
            int serviceEnd = partitionEnd < 0 ? -1 : text.IndexOf(':', partitionEnd + 1);
            int regionEnd = serviceEnd < 0 ? -1 : text.IndexOf(':', serviceEnd + 1);
            int accountEnd = regionEnd < 0 ? -1 : text.IndexOf(':', regionEnd + 1);
            if (accountEnd < 0 || partitionEnd == 4 || serviceEnd == partitionEnd + 1)
            {
                return false;
            }

            arn = new Arn(
                text,
                text.Substring(4, partitionEnd - 4),
                text.Substring(partitionEnd + 1, serviceEnd - partitionEnd - 1),
                text.Substring(serviceEnd + 1, regionEnd - serviceEnd - 1),
                text.Substring(regionEnd + 1, accountEnd - regionEnd - 1),
                text.Substring(accountEnd + 1));
            return true;
        }

        public static bool IsAccountId(string? text)
        {
            if (text is null || text.Length != 12)
            {
                return false;
            }

            foreach (char c in text)
            {
                if (c < '0' || c > '9')
                {
                    return false;
                }
            }

            return true;
        }

        public override string ToString() => Text;
    }
}
