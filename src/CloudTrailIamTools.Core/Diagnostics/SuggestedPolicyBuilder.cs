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
            Document(new[] { new PolicyStatementSpec(sid, new[] { action }, resource, conditionKey, conditionValue) });

        /// <summary>A resource-policy or trust-policy statement naming the principal that must be let in.</summary>
        public static string AllowPrincipal(string sid, string principalArn, string action, string resource) =>
            Document(new[] { new PolicyStatementSpec(sid, new[] { action }, resource, principalArn: principalArn) });

        /// <summary>A policy of Allow statements, in the order given.</summary>
        public static string Document(IEnumerable<PolicyStatementSpec> statements)
        {
            using var buffer = new MemoryStream(256);
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                writer.WriteStartObject();
                writer.WriteString("Version", "2012-10-17");
                writer.WriteStartArray("Statement");
                foreach (PolicyStatementSpec statement in statements)
                {
                    WriteStatement(writer, statement);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }

        /// <summary>An identity policy of exactly the given grant statements (the same document the grant path writes).</summary>
        public static string Document(IReadOnlyList<Grants.GrantStatement> statements) =>
            Grants.PolicyJson.Document(System.Array.Empty<string>(), statements);

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

        private static void WriteStatement(Utf8JsonWriter writer, PolicyStatementSpec statement)
        {
            writer.WriteStartObject();
            writer.WriteString("Sid", statement.Sid);
            writer.WriteString("Effect", "Allow");
            if (statement.PrincipalArn is not null)
            {
                writer.WriteStartObject("Principal");
                writer.WriteString("AWS", statement.PrincipalArn);
                writer.WriteEndObject();
            }

            if (statement.Actions.Count == 1)
            {
                writer.WriteString("Action", statement.Actions[0]);
            }
            else
            {
                writer.WriteStartArray("Action");
                foreach (string action in statement.Actions)
                {
                    writer.WriteStringValue(action);
                }

                writer.WriteEndArray();
            }

            writer.WriteString("Resource", statement.Resource);
            if (statement.ConditionKey is not null && statement.ConditionValue is not null)
            {
                writer.WriteStartObject("Condition");
                writer.WriteStartObject("StringEquals");
                writer.WriteString(statement.ConditionKey, statement.ConditionValue);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }
    }

    /// <summary>One Allow statement: its actions on one resource, optionally for a principal and under one StringEquals condition.</summary>
    internal sealed class PolicyStatementSpec
    {
        public PolicyStatementSpec(string sid, IReadOnlyList<string> actions, string resource, string? conditionKey = null, string? conditionValue = null, string? principalArn = null)
        {
            Sid = sid;
            Actions = actions;
            Resource = resource;
            ConditionKey = conditionKey;
            ConditionValue = conditionValue;
            PrincipalArn = principalArn;
        }

        public string Sid { get; }

        public IReadOnlyList<string> Actions { get; }

        public string Resource { get; }

        public string? ConditionKey { get; }

        public string? ConditionValue { get; }

        public string? PrincipalArn { get; }
    }
}
