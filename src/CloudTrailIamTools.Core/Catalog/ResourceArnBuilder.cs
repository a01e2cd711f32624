using System;
using System.Text;

namespace CloudTrailIamTools.Core.Catalog
{
    /// <summary>
    /// Turns a bare resource name, as some access-denied messages give it ("on resource: My-Trail"), into the ARN
    /// the action's resource type defines, so policies written with ARNs can be matched against it.
    /// </summary>
    public static class ResourceArnBuilder
    {
        /// <summary>
        /// The ARN for <paramref name="name"/> under the first resource type of <paramref name="action"/> whose format has
        /// exactly one variable besides Partition, Region and Account; null when the action has none. Unknown parts
        /// become "*".
        /// </summary>
        public static string? FromName(IamCatalog catalog, string action, string name, string? partition, string? accountId, string? region)
        {
            if (catalog is null)
            {
                throw new ArgumentNullException(nameof(catalog));
            }

            if (!catalog.TryGetAction(action, out ActionInfo? info))
            {
                return null;
            }

            foreach (ActionResourceType type in info.ResourceTypes)
            {
                foreach (string format in type.ArnFormats)
                {
                    string? arn = Fill(format, name, partition ?? "aws", accountId ?? "*", region ?? "*");
                    if (arn is not null)
                    {
                        return arn;
                    }
                }
            }

            return null;
        }

        /// <summary>The resource unchanged when it is already an ARN or "*"; otherwise its ARN, or the name when no format fits.</summary>
        public static string Qualify(IamCatalog catalog, string action, string resource, string? partition, string? accountId, string? region) =>
            resource.Length == 0 || resource == "*" || resource.StartsWith("arn:", StringComparison.Ordinal)
                ? resource
                : FromName(catalog, action, resource, partition, accountId, region) ?? resource;

        private static string? Fill(string format, string name, string partition, string account, string region)
        {
            var result = new StringBuilder(format.Length + name.Length);
            int nameVariables = 0;
            int index = 0;
            while (index < format.Length)
            {
                int open = format.IndexOf("${", index, StringComparison.Ordinal);
                if (open < 0)
                {
                    result.Append(format, index, format.Length - index);
                    break;
                }

                int close = format.IndexOf('}', open);
                if (close < 0)
                {
                    return null;
                }

                result.Append(format, index, open - index);
                switch (format.Substring(open + 2, close - open - 2))
                {
                    case "Partition":
                        result.Append(partition);
                        break;
                    case "Region":
                        result.Append(region);
                        break;
                    case "Account":
                        result.Append(account);
                        break;
                    default:
                        nameVariables++;
                        result.Append(name);
                        break;
                }

                index = close + 1;
            }

            return nameVariables == 1 ? result.ToString() : null;
        }
    }
}
