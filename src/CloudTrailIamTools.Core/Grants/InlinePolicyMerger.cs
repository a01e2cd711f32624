using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace CloudTrailIamTools.Core.Grants
{
    /// <summary>The outcome of merging new statements into an inline policy.</summary>
    public sealed class InlinePolicyMerge
    {
        internal InlinePolicyMerge(string document, IReadOnlyList<GrantStatement> added, int keptStatementCount)
        {
            Document = document;
            AddedStatements = added;
            KeptStatementCount = keptStatementCount;
        }

        /// <summary>The document to write: every existing statement unchanged, then the added ones.</summary>
        public string Document { get; }

        /// <summary>The statements that were not already present; empty means nothing to write.</summary>
        public IReadOnlyList<GrantStatement> AddedStatements { get; }

        /// <summary>How many statements the existing document held (all kept).</summary>
        public int KeptStatementCount { get; }

        public bool Changed => AddedStatements.Count > 0;
    }

    /// <summary>
    /// Merges grant statements into our inline policy: existing statements are kept byte for byte, a new statement
    /// is added only when no existing Allow statement with the same condition already covers all its actions and
    /// resources, and Sids stay unique. Nothing is ever removed.
    /// </summary>
    public static class InlinePolicyMerger
    {
        public static InlinePolicyMerge Merge(string? existingDocument, IReadOnlyList<GrantStatement> statements)
        {
            if (statements is null)
            {
                throw new ArgumentNullException(nameof(statements));
            }

            var kept = new List<string>();
            var existing = new List<ExistingStatement>();
            string? version = null;
            string? id = null;
            if (!string.IsNullOrWhiteSpace(existingDocument))
            {
                ReadExisting(existingDocument!, kept, existing, out version, out id);
            }

            var sids = new HashSet<string>(existing.Select(s => s.Sid).Where(s => s is not null)!, StringComparer.Ordinal);
            var added = new List<GrantStatement>();
            foreach (GrantStatement statement in statements)
            {
                string? condition = statement.Condition is null ? null : PolicyJson.Canonical(statement.Condition);
                if (existing.Any(e => e.Covers(statement, condition)) ||
                    added.Any(a => ExistingStatement.From(a).Covers(statement, condition)))
                {
                    continue;
                }

                added.Add(new GrantStatement(UniqueSid(statement.Sid, sids), statement.Actions, statement.Resources, statement.Condition));
            }

            string document = added.Count == 0 && existingDocument is not null
                ? existingDocument
                : PolicyJson.Document(kept, added, version, id);
            return new InlinePolicyMerge(document, added, kept.Count);
        }

        /// <summary>Keeps the document's Version and Id too: changing 2008-10-17 to 2012-10-17 would turn on policy variables in kept statements.</summary>
        private static void ReadExisting(string json, List<string> kept, List<ExistingStatement> existing, out string? version, out string? id)
        {
            JsonDocument parsed;
            try
            {
                parsed = JsonDocument.Parse(json);
            }
            catch (JsonException failure)
            {
                throw new InvalidInputException("The existing inline policy is not valid JSON, so it cannot be merged: " + failure.Message, "PolicyDocument", failure);
            }

            using (parsed)
            {
                JsonElement root = parsed.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("Statement", out JsonElement statements))
                {
                    throw new InvalidInputException("The existing inline policy has no Statement, so it cannot be merged.", "PolicyDocument");
                }

                version = root.TryGetProperty("Version", out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                id = root.TryGetProperty("Id", out JsonElement i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;

                IEnumerable<JsonElement> items = statements.ValueKind == JsonValueKind.Array ? statements.EnumerateArray() : new[] { statements };
                foreach (JsonElement statement in items)
                {
                    kept.Add(statement.GetRawText());
                    existing.Add(ExistingStatement.From(statement));
                }
            }
        }

        private static string UniqueSid(string sid, HashSet<string> taken)
        {
            string candidate = sid;
            for (int suffix = 2; !taken.Add(candidate); suffix++)
            {
                candidate = sid + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return candidate;
        }

        private sealed class ExistingStatement
        {
            private ExistingStatement(string? sid, bool simpleAllow, HashSet<string> actions, HashSet<string> resources, string? condition)
            {
                Sid = sid;
                SimpleAllow = simpleAllow;
                Actions = actions;
                Resources = resources;
                Condition = condition;
            }

            public string? Sid { get; }

            /// <summary>Effect Allow with Action and Resource (no NotAction, NotResource or Principal).</summary>
            private bool SimpleAllow { get; }

            private HashSet<string> Actions { get; }

            private HashSet<string> Resources { get; }

            private string? Condition { get; }

            public static ExistingStatement From(JsonElement statement)
            {
                string? sid = statement.ValueKind == JsonValueKind.Object && statement.TryGetProperty("Sid", out JsonElement s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
                bool simple = statement.ValueKind == JsonValueKind.Object &&
                              statement.TryGetProperty("Effect", out JsonElement effect) && effect.ValueKind == JsonValueKind.String && effect.GetString() == "Allow" &&
                              statement.TryGetProperty("Action", out _) && statement.TryGetProperty("Resource", out _) &&
                              !statement.TryGetProperty("NotAction", out _) && !statement.TryGetProperty("NotResource", out _) && !statement.TryGetProperty("Principal", out _);
                string? condition = statement.ValueKind == JsonValueKind.Object && statement.TryGetProperty("Condition", out JsonElement c) ? PolicyJson.Canonical(c) : null;
                return new ExistingStatement(
                    sid,
                    simple,
                    new HashSet<string>(PolicyJson.Strings(statement, "Action"), StringComparer.OrdinalIgnoreCase),
                    new HashSet<string>(PolicyJson.Strings(statement, "Resource"), StringComparer.Ordinal),
                    condition);
            }

            public static ExistingStatement From(GrantStatement statement) => new ExistingStatement(
                statement.Sid,
                true,
                new HashSet<string>(statement.Actions, StringComparer.OrdinalIgnoreCase),
                new HashSet<string>(statement.Resources, StringComparer.Ordinal),
                statement.Condition is null ? null : PolicyJson.Canonical(statement.Condition));

            /// <summary>Exact coverage only: the same condition and every action and resource listed literally.</summary>
            public bool Covers(GrantStatement statement, string? canonicalCondition) =>
                SimpleAllow &&
                string.Equals(Condition, canonicalCondition, StringComparison.Ordinal) &&
                statement.Actions.All(Actions.Contains) &&
                statement.Resources.All(Resources.Contains);
        }
    }
}
