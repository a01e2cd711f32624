using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>One permission a generated Allow policy must grant: an action on a resource, with an optional Condition object (JSON).</summary>
    internal readonly struct AllowGrant
    {
        public AllowGrant(string action, string resource, string? conditionJson)
        {
            Action = action;
            Resource = resource;
            ConditionJson = conditionJson;
        }

        public string Action { get; }

        public string Resource { get; }

        public string? ConditionJson { get; }
    }

    /// <summary>
    /// Writes the identity policies the scenario code hands out: one statement per distinct resource and condition,
    /// actions sorted, so the same permissions always give the same document.
    /// </summary>
    internal static class AllowPolicyBuilder
    {
        public static string Build(string scenario, IEnumerable<AllowGrant> grants)
        {
            var groups = new List<(string Resource, string? Condition, SortedSet<string> Actions)>();
            foreach (AllowGrant grant in grants)
            {
                int found = groups.FindIndex(g => g.Resource == grant.Resource && g.Condition == grant.ConditionJson);
                if (found < 0)
                {
                    groups.Add((grant.Resource, grant.ConditionJson, new SortedSet<string>(StringComparer.OrdinalIgnoreCase)));
                    found = groups.Count - 1;
                }

                groups[found].Actions.Add(grant.Action);
            }

            string sidPrefix = SidPrefix(scenario);
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                writer.WriteStartObject();
                writer.WriteString("Version", "2012-10-17");
                writer.WriteStartArray("Statement");
                for (int i = 0; i < groups.Count; i++)
                {
                    writer.WriteStartObject();
                    writer.WriteString("Sid", sidPrefix + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    writer.WriteString("Effect", "Allow");
                    writer.WriteStartArray("Action");
                    foreach (string action in groups[i].Actions)
                    {
                        writer.WriteStringValue(action);
                    }

                    writer.WriteEndArray();
                    writer.WriteString("Resource", groups[i].Resource);
                    if (groups[i].Condition is string condition)
                    {
                        writer.WritePropertyName("Condition");
                        using JsonDocument parsed = JsonDocument.Parse(condition);
                        parsed.RootElement.WriteTo(writer);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
        }

        /// <summary>The request context a permission was tested with, as the StringEquals condition that grants only that.</summary>
        public static string? StringEqualsCondition(IReadOnlyDictionary<string, IReadOnlyList<string>>? context)
        {
            if (context is null || context.Count == 0)
            {
                return null;
            }

            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                writer.WriteStartObject();
                writer.WriteStartObject("StringEquals");
                foreach (KeyValuePair<string, IReadOnlyList<string>> pair in context)
                {
                    if (pair.Value.Count == 1)
                    {
                        writer.WriteString(pair.Key, pair.Value[0]);
                    }
                    else
                    {
                        writer.WriteStartArray(pair.Key);
                        foreach (string value in pair.Value)
                        {
                            writer.WriteStringValue(value);
                        }

                        writer.WriteEndArray();
                    }
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
        }

        private static string SidPrefix(string scenario)
        {
            var sid = new StringBuilder();
            foreach (char c in scenario)
            {
                if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
                {
                    sid.Append(c);
                }
            }

            return sid.Length == 0 ? "Scenario" : sid.ToString();
        }
    }
}
