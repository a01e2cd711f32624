using System;
using System.Collections.Generic;
using System.Text.Json;
using CloudTrailIamTools.Core.Matching;

namespace CloudTrailIamTools.Core.Catalog
{
    /// <summary>
    /// The action part of one managed policy, reduced to what "does it grant this action?" needs: an action is
    /// granted when an Allow statement covers it (Action or NotAction, wildcards, ignoring case, whatever its
    /// resource or condition) and no Deny statement of the same policy covers it for every resource without a
    /// condition. The generator computes GrantedActionCount by the same rule.
    /// </summary>
    internal sealed class PolicyGrantRules
    {
        private readonly Statement[] statements;

        private PolicyGrantRules(Statement[] statements)
        {
            this.statements = statements;
        }

        public static PolicyGrantRules Parse(ManagedPolicyInfo policy)
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(policy.Document);
                var result = new List<Statement>();
                if (document.RootElement.ValueKind == JsonValueKind.Object &&
                    document.RootElement.TryGetProperty("Statement", out JsonElement statementElement))
                {
                    if (statementElement.ValueKind == JsonValueKind.Array)
                    {
                        foreach (JsonElement statement in statementElement.EnumerateArray())
                        {
                            result.Add(ParseStatement(statement));
                        }
                    }
                    else
                    {
                        result.Add(ParseStatement(statementElement));
                    }
                }

                return new PolicyGrantRules(result.ToArray());
            }
            catch (Exception ex) when (ex is JsonException || ex is InvalidOperationException)
            {
                throw new CatalogUnavailableException(
                    "The IAM catalog holds a malformed document for managed policy " + policy.Name + ": " + ex.Message, ex);
            }
        }

        public bool Grants(string action)
        {
            bool allowed = false;
            foreach (Statement statement in statements)
            {
                if (!statement.Covers(action))
                {
                    continue;
                }

                if (statement.IsAllow)
                {
                    allowed = true;
                }
                else if (statement.DeniesEverywhere)
                {
                    return false;
                }
            }

            return allowed;
        }

        private static Statement ParseStatement(JsonElement statement)
        {
            bool isAllow = statement.TryGetProperty("Effect", out JsonElement effect) &&
                effect.ValueKind == JsonValueKind.String && effect.GetString() == "Allow";
            bool isNotAction = statement.TryGetProperty("NotAction", out JsonElement actions);
            if (!isNotAction && !statement.TryGetProperty("Action", out actions))
            {
                actions = default;
            }

            bool everywhere = !statement.TryGetProperty("Condition", out _) &&
                !statement.TryGetProperty("NotResource", out _) &&
                statement.TryGetProperty("Resource", out JsonElement resource) &&
                StringsOf(resource).Contains("*");
            return new Statement(isAllow, isNotAction, StringsOf(actions).ToArray(), everywhere);
        }

        private static List<string> StringsOf(JsonElement element)
        {
            var values = new List<string>();
            if (element.ValueKind == JsonValueKind.String)
            {
                values.Add(element.GetString() ?? string.Empty);
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement item in element.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String)
                    {
                        values.Add(item.GetString() ?? string.Empty);
                    }
                }
            }

            return values;
        }

        private sealed class Statement
        {
            private readonly bool isNotAction;
            private readonly string[] patterns;

            public Statement(bool isAllow, bool isNotAction, string[] patterns, bool deniesEverywhere)
            {
                IsAllow = isAllow;
                this.isNotAction = isNotAction;
                this.patterns = patterns;
                DeniesEverywhere = !isAllow && deniesEverywhere;
            }

            public bool IsAllow { get; }

            public bool DeniesEverywhere { get; }

            public bool Covers(string action)
            {
                foreach (string pattern in patterns)
                {
                    if (WildcardPattern.IsMatch(pattern, action, ignoreCase: true))
                    {
                        return !isNotAction;
                    }
                }

                return isNotAction;
            }
        }
    }
}
