using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CloudTrailIamTools.Core.Diagnostics
{
    /// <summary>Writes small least-privilege policy documents as compact JSON (one line, so JSON Lines stay valid).</summary>
    internal static class SuggestedPolicyBuilder
    {
        private static readonly JsonWriterOptions WriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        /// <summary>An identity policy allowing exactly one action on one resource, with an optional StringEquals condition.</summary>
        public static string Allow(string sid, string action, string resource, string? conditionKey = null, string? conditionValue = null) =>
            Write(writer => WriteStatement(writer, sid, "Allow", null, new[] { action }, resource, conditionKey, conditionValue));

        /// <summary>A resource-policy or trust-policy statement naming the principal that must be let in.</summary>
        public static string AllowPrincipal(string sid, string principalArn, string action, string resource) =>
            Write(writer => WriteStatement(writer, sid, "Allow", principalArn, new[] { action }, resource, null, null));

        /// <summary>Several actions sharing one resource and condition.</summary>
        public static string AllowActions(string sid, IReadOnlyList<string> actions, string resource, string? conditionKey = null, string? conditionValue = null) =>
            Write(writer => WriteStatement(writer, sid, "Allow", null, actions, resource, conditionKey, conditionValue));

        /// <summary>A Sid is letters and digits only; derive one from an action such as cloudtrail:GetTrailStatus.</summary>
        public static string SidFor(string action)
        {
            var sid = new StringBuilder("Allow");
            bool upper = true;
            foreach (char c in action)
            {
                if (char.IsLetterOrDigit(c))
                {
                    sid.Append(upper ? char.ToUpperInvariant(c) : c);
                    upper = false;
                }
                else
                {
                    upper = true;
                }
            }

            return sid.ToString();
        }

        private static string Write(System.Action<Utf8JsonWriter> statement)
        {
            using var buffer = new MemoryStream(256);
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                writer.WriteStartObject();
                writer.WriteString("Version", "2012-10-17");
                writer.WriteStartArray("Statement");
                statement(writer);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }

        private static void WriteStatement(Utf8JsonWriter writer, string sid, string effect, string? principalArn, IReadOnlyList<string> actions, string resource, string? conditionKey, string? conditionValue)
        {
            writer.WriteStartObject();
            writer.WriteString("Sid", sid);
            writer.WriteString("Effect", effect);
            if (principalArn is not null)
            {
                writer.WriteStartObject("Principal");
                writer.WriteString("AWS", principalArn);
                writer.WriteEndObject();
            }

            if (actions.Count == 1)
            {
                writer.WriteString("Action", actions[0]);
            }
            else
            {
                writer.WriteStartArray("Action");
                foreach (string action in actions)
                {
                    writer.WriteStringValue(action);
                }

                writer.WriteEndArray();
            }

            writer.WriteString("Resource", resource);
            if (conditionKey is not null && conditionValue is not null)
            {
                writer.WriteStartObject("Condition");
                writer.WriteStartObject("StringEquals");
                writer.WriteString(conditionKey, conditionValue);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }
    }
}
