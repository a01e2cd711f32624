using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CloudTrailIamTools.Core.Aws;
using CloudTrailIamTools.Core.Catalog;
using CloudTrailIamTools.Core.Matching;

namespace CloudTrailIamTools.Core.Live
{
    /// <summary>
    /// The ContextKeyType IAM's policy simulator needs for a context key: it compares an IP key as an address, a date
    /// key as a date, and so on, only when told the type; sent as a string, aws:SourceIp never matches IpAddress.
    /// </summary>
    public static class SimulatorContextKeyTypes
    {
        /// <summary>
        /// Global aws: keys whose type is not a plain string. The catalog lists only the tag keys among the global
        /// ones, so these come from AWS's global condition key reference.
        /// </summary>
        private static readonly Dictionary<string, string> GlobalKeyTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["aws:SourceIp"] = "ip",
            ["aws:VpcSourceIp"] = "ip",
            ["aws:EC2InstanceSourcePrivateIPv4"] = "ip",
            ["aws:CurrentTime"] = "date",
            ["aws:TokenIssueTime"] = "date",
            ["aws:EpochTime"] = "numeric",
            ["aws:MultiFactorAuthAge"] = "numeric",
            ["aws:MultiFactorAuthPresent"] = "boolean",
            ["aws:SecureTransport"] = "boolean",
            ["aws:ViaAWSService"] = "boolean",
            ["aws:PrincipalIsAWSService"] = "boolean",
            ["aws:TagKeys"] = "stringList",
            ["aws:CalledVia"] = "stringList",
            ["aws:PrincipalServiceNamesList"] = "stringList",
            ["aws:PrincipalOrgPaths"] = "stringList",
            ["aws:ResourceOrgPaths"] = "stringList",
            ["aws:SourceOrgPaths"] = "stringList",
        };

        /// <summary>
        /// The simulator's ContextKeyType (string, stringList, numeric, boolean, date, ip, ... and their List forms)
        /// for a key given <paramref name="values"/>. The catalog's type for the key (its own service's keys, then
        /// the action's service's) comes first, then the table of global aws: keys, else string. Multi-valued keys and
        /// keys given several values get the List form.
        /// </summary>
        /// <param name="action">service:Action being simulated; its service's keys are searched too (aws:TagKeys, saml:*).</param>
        public static string For(string contextKey, IReadOnlyList<string> values, string? action = null, IamCatalog? catalog = null)
        {
            if (string.IsNullOrWhiteSpace(contextKey))
            {
                throw new InvalidInputException("A context key has no name.", "Context");
            }

            if (values is null)
            {
                throw new ArgumentNullException(nameof(values));
            }

            string key = contextKey.Trim();
            string type = FromCatalog(key, action, catalog ?? IamCatalog.Default)
                ?? (GlobalKeyTypes.TryGetValue(key, out string? global) ? global : "string");

            // aws:EpochTime accepts a date as well as seconds since 1970.
            if (type == "numeric" && string.Equals(key, "aws:EpochTime", StringComparison.OrdinalIgnoreCase) && !values.All(IsNumber))
            {
                type = "date";
            }

            return values.Count > 1 && !type.EndsWith("List", StringComparison.Ordinal) ? type + "List" : type;
        }

        /// <summary>One simulator context entry per key, typed by <see cref="For"/>.</summary>
        public static IReadOnlyList<IamContextEntry> Entries(IReadOnlyDictionary<string, IReadOnlyList<string>>? context, string? action = null, IamCatalog? catalog = null) =>
            context is null
                ? Array.Empty<IamContextEntry>()
                : context.Select(pair => new IamContextEntry(pair.Key, For(pair.Key, pair.Value, action, catalog), pair.Value)).ToArray();

        /// <summary>The simulator's type for a catalog type name (String, ArrayOfString, Bool, Date, IPAddress, ARN, ...); null when unknown.</summary>
        public static string? FromCatalogType(string? catalogType)
        {
            if (string.IsNullOrWhiteSpace(catalogType))
            {
                return null;
            }

            string name = catalogType!.Trim();
            bool array = name.StartsWith("ArrayOf", StringComparison.OrdinalIgnoreCase);
            string scalar = array ? name.Substring("ArrayOf".Length) : name;
            string? simulator = scalar.ToLowerInvariant() switch
            {
                // The simulator has no ARN type; ARN operators compare strings.
                "string" or "arn" => "string",
                "bool" or "boolean" => "boolean",
                "numeric" or "number" or "long" or "integer" => "numeric",
                "date" => "date",
                "ipaddress" or "ip" => "ip",
                "binary" => "binary",
                _ => null,
            };
            return simulator is null ? null : array ? simulator + "List" : simulator;
        }

        private static string? FromCatalog(string key, string? action, IamCatalog catalog)
        {
            int colon = key.IndexOf(':');
            string? keyService = colon > 0 ? key.Substring(0, colon) : null;
            int actionColon = action?.IndexOf(':') ?? -1;
            string? actionService = actionColon > 0 ? action!.Substring(0, actionColon).Trim() : null;
            foreach (string? service in new[] { keyService, actionService }.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (service is null)
                {
                    continue;
                }

                ConditionKeyInfo? info = Find(catalog.GetConditionKeys(service.ToLowerInvariant()), key);
                string? type = FromCatalogType(info?.Type);
                if (type != null)
                {
                    return type;
                }
            }

            return null;
        }

        /// <summary>The key by exact name, else by a template such as aws:RequestTag/${TagKey}.</summary>
        private static ConditionKeyInfo? Find(IReadOnlyList<ConditionKeyInfo> keys, string key)
        {
            ConditionKeyInfo? templated = null;
            foreach (ConditionKeyInfo info in keys)
            {
                if (string.Equals(info.Name, key, StringComparison.OrdinalIgnoreCase))
                {
                    return info;
                }

                if (templated is null && info.Name.IndexOf("${", StringComparison.Ordinal) >= 0 && WildcardPattern.IsMatch(TemplateToPattern(info.Name), key, ignoreCase: true))
                {
                    templated = info;
                }
            }

            return templated;
        }

        private static string TemplateToPattern(string template)
        {
            var pattern = new System.Text.StringBuilder(template.Length);
            for (int i = 0; i < template.Length; i++)
            {
                int end;
                if (template[i] == '$' && i + 1 < template.Length && template[i + 1] == '{' && (end = template.IndexOf('}', i + 2)) > 0)
                {
                    pattern.Append('*');
                    i = end;
                }
                else
                {
                    pattern.Append(template[i]);
                }
            }

            return pattern.ToString();
        }

        private static bool IsNumber(string value) =>
            double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
    }
}
