using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CloudTrailIamTools.Core.Grants
{
    /// <summary>
    /// Writes and compares the policy documents grants produce: compact JSON (one line, so JSON Lines stay valid),
    /// and a canonical form in which key order, single-versus-array values and value order do not matter.
    /// </summary>
    internal static class PolicyJson
    {
        private static readonly JsonWriterOptions WriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        /// <summary>A Version 2012-10-17 document: the kept statements (raw JSON) first, then the new ones.</summary>
        public static string Document(IEnumerable<string> keptStatements, IEnumerable<GrantStatement> statements, string? version = null, string? id = null) =>
            Write(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("Version", version ?? "2012-10-17");
                if (id is not null)
                {
                    writer.WriteString("Id", id);
                }

                writer.WriteStartArray("Statement");
                foreach (string raw in keptStatements)
                {
                    writer.WriteRawValue(raw);
                }

                foreach (GrantStatement statement in statements)
                {
                    WriteStatement(writer, statement, principalArns: null, principalKey: null);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            });

        /// <summary>One statement as compact JSON text.</summary>
        public static string Statement(GrantStatement statement) => Write(writer => WriteStatement(writer, statement, null, null));

        /// <summary>A trust policy letting the given principals (e.g. account roots) call sts:AssumeRole, under the condition.</summary>
        public static string TrustDocument(string sid, IReadOnlyList<string> principalArns, string? condition) =>
            TrustDocument(sid, "AWS", principalArns, condition);

        /// <summary>A trust policy letting the principals of one kind (AWS or Service) call sts:AssumeRole, under the condition.</summary>
        public static string TrustDocument(string sid, string principalKey, IReadOnlyList<string> principals, string? condition) =>
            Write(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("Version", "2012-10-17");
                writer.WriteStartArray("Statement");
                WriteStatement(writer, new GrantStatement(sid, new[] { "sts:AssumeRole" }, new[] { "*" }, condition), principals, principalKey);
                writer.WriteEndArray();
                writer.WriteEndObject();
            });

        /// <summary>
        /// A canonical text of any JSON value: object keys sorted, a one-element array equal to its single value,
        /// array elements sorted (IAM treats them as sets). Two documents with equal canonical text mean the same.
        /// </summary>
        public static string Canonical(JsonElement element)
        {
            var text = new StringBuilder();
            AppendCanonical(text, element);
            return text.ToString();
        }

        public static string Canonical(string json)
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return Canonical(document.RootElement);
        }

        /// <summary>True when the two documents are the same policy, ignoring formatting and ordering.</summary>
        public static bool SameDocument(string? left, string? right)
        {
            if (left is null || right is null)
            {
                return left is null && right is null;
            }

            try
            {
                return Canonical(left) == Canonical(right);
            }
            catch (JsonException)
            {
                return false;
            }
        }

        /// <summary>The string values of a property that may be a string or an array of strings; empty when absent.</summary>
        public static IReadOnlyList<string> Strings(JsonElement statement, string property)
        {
            if (statement.ValueKind != JsonValueKind.Object || !statement.TryGetProperty(property, out JsonElement value))
            {
                return Array.Empty<string>();
            }

            if (value.ValueKind == JsonValueKind.String)
            {
                return new[] { value.GetString()! };
            }

            if (value.ValueKind == JsonValueKind.Array)
            {
                return value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToArray();
            }

            return Array.Empty<string>();
        }

        private static void WriteStatement(Utf8JsonWriter writer, GrantStatement statement, IReadOnlyList<string>? principalArns, string? principalKey)
        {
            writer.WriteStartObject();
            writer.WriteString("Sid", statement.Sid);
            writer.WriteString("Effect", "Allow");
            if (principalArns is not null && principalKey is not null)
            {
                writer.WriteStartObject("Principal");
                WriteOneOrMany(writer, principalKey, principalArns);
                writer.WriteEndObject();
                WriteOneOrMany(writer, "Action", statement.Actions);
            }
            else
            {
                WriteOneOrMany(writer, "Action", statement.Actions);
                WriteOneOrMany(writer, "Resource", statement.Resources);
            }

            if (statement.Condition is not null)
            {
                writer.WritePropertyName("Condition");
                using JsonDocument condition = JsonDocument.Parse(statement.Condition);
                condition.RootElement.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        private static void WriteOneOrMany(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
        {
            if (values.Count == 1)
            {
                writer.WriteString(name, values[0]);
                return;
            }

            writer.WriteStartArray(name);
            foreach (string value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        private static string Write(Action<Utf8JsonWriter> write)
        {
            using var buffer = new MemoryStream(512);
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                write(writer);
            }

            return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }

        private static void AppendCanonical(StringBuilder text, JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    text.Append('{');
                    bool first = true;
                    foreach (JsonProperty property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                    {
                        if (!first)
                        {
                            text.Append(',');
                        }

                        first = false;
                        text.Append(JsonSerializer.Serialize(property.Name)).Append(':');
                        AppendCanonical(text, property.Value);
                    }

                    text.Append('}');
                    break;
                case JsonValueKind.Array:
                    var items = element.EnumerateArray().Select(Canonical).Distinct(StringComparer.Ordinal).OrderBy(s => s, StringComparer.Ordinal).ToList();
                    if (items.Count == 1)
                    {
                        text.Append(items[0]);
                    }
                    else
                    {
                        text.Append('[').Append(string.Join(",", items)).Append(']');
                    }

                    break;
                case JsonValueKind.String:
                    text.Append(JsonSerializer.Serialize(element.GetString()));
                    break;
                default:
                    text.Append(element.GetRawText());
                    break;
            }
        }
    }
}
