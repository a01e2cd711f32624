using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace CloudTrailIamTools.Infrastructure
{
    /// <summary>
    /// Finds, inside a request's JSON, the policy a PolicyFormatException names (IdentityPolicies[1],
    /// ServiceControlPolicies[0][2], PermissionsBoundary, or a named policy's Name), so the error record's target
    /// is the bad policy itself rather than the whole request.
    /// </summary>
    internal static class RequestPolicyLocator
    {
        /// <summary>The policy's JSON text, or null when it cannot be found.</summary>
        public static string? Find(string requestJson, string policyName)
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(requestJson);
                JsonElement? found = ByLocation(document.RootElement, policyName) ?? ByName(document.RootElement, policyName);
                return found?.GetRawText();
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private static JsonElement? ByLocation(JsonElement root, string location)
        {
            int bracket = location.IndexOf('[');
            string property = bracket < 0 ? location : location.Substring(0, bracket);
            if (root.ValueKind != JsonValueKind.Object || !TryGetProperty(root, property, out JsonElement current))
            {
                return null;
            }

            while (bracket >= 0)
            {
                int close = location.IndexOf(']', bracket);
                if (close < 0 || !int.TryParse(location.Substring(bracket + 1, close - bracket - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                {
                    return null;
                }

                // The reader takes a lone policy where a list is expected as a list of one.
                if (current.ValueKind == JsonValueKind.Array)
                {
                    if (index >= current.GetArrayLength())
                    {
                        return null;
                    }

                    current = current[index];
                }
                else if (index != 0)
                {
                    return null;
                }

                bracket = location.IndexOf('[', close);
            }

            return Document(current);
        }

        private static JsonElement? ByName(JsonElement root, string name)
        {
            var pending = new Stack<JsonElement>();
            pending.Push(root);
            while (pending.Count > 0)
            {
                JsonElement current = pending.Pop();
                if (current.ValueKind == JsonValueKind.Object)
                {
                    if (current.TryGetProperty("Name", out JsonElement policyName) && policyName.ValueKind == JsonValueKind.String &&
                        policyName.GetString() == name && current.TryGetProperty("Document", out JsonElement document))
                    {
                        return document;
                    }

                    foreach (JsonProperty property in current.EnumerateObject())
                    {
                        pending.Push(property.Value);
                    }
                }
                else if (current.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement item in current.EnumerateArray())
                    {
                        pending.Push(item);
                    }
                }
            }

            return null;
        }

        /// <summary>A {"Name", "Document"} wrapper stands for its document.</summary>
        private static JsonElement Document(JsonElement policy) =>
            policy.ValueKind == JsonValueKind.Object && policy.TryGetProperty("Document", out JsonElement document) ? document : policy;

        private static bool TryGetProperty(JsonElement owner, string name, out JsonElement value)
        {
            foreach (JsonProperty property in owner.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    value = property.Value;
                    return true;
                }
            }

            value = default;
            return false;
        }
    }
}
