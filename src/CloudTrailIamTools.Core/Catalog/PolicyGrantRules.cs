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

        internal PolicyGrantRules(Statement[] statements)
        {
            this.statements = statements;
        }

        /// <summary>The statements as read, for the binary catalog writer.</summary>
        internal IReadOnlyList<Statement> Statements => statements;

        public static PolicyGrantRules Parse(ManagedPolicyInfo policy)
        {
            try
            {
                return new PolicyGrantRules(ReadStatements(policy.DocumentUtf8.Span));
            }
            catch (Exception ex) when (ex is JsonException || ex is InvalidOperationException || ex is FormatException)
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

        // Streams the document (hundreds of them are read on the first grant query): only Effect, Action,
        // NotAction, Resource, NotResource and Condition matter here.
        private static Statement[] ReadStatements(ReadOnlySpan<byte> document)
        {
            var reader = new Utf8JsonReader(document);
            var statements = new List<Statement>();
            Next(ref reader);
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new FormatException("the document is not a JSON object");
            }

            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                bool isStatement = reader.ValueTextEquals("Statement"u8);
                Next(ref reader);
                if (isStatement && reader.TokenType == JsonTokenType.StartArray)
                {
                    while (Next(ref reader) != JsonTokenType.EndArray)
                    {
                        statements.Add(ReadStatement(ref reader));
                    }
                }
                else if (isStatement && reader.TokenType == JsonTokenType.StartObject)
                {
                    statements.Add(ReadStatement(ref reader));
                }
                else
                {
                    reader.Skip();
                }
            }

            return statements.ToArray();
        }

        private static Statement ReadStatement(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return new Statement(false, false, Array.Empty<string>(), false);
            }

            bool isAllow = false;
            List<string>? actions = null;
            List<string>? notActions = null;
            bool hasNotAction = false;
            bool resourceIsStar = false;
            bool limited = false; // a Condition or NotResource
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("Effect"u8))
                {
                    Next(ref reader);
                    isAllow = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("Allow"u8);
                }
                else if (reader.ValueTextEquals("Action"u8))
                {
                    Next(ref reader);
                    actions = ReadStrings(ref reader);
                }
                else if (reader.ValueTextEquals("NotAction"u8))
                {
                    Next(ref reader);
                    hasNotAction = true;
                    notActions = ReadStrings(ref reader);
                }
                else if (reader.ValueTextEquals("Resource"u8))
                {
                    Next(ref reader);
                    resourceIsStar = ReadStrings(ref reader).Contains("*");
                }
                else
                {
                    limited |= reader.ValueTextEquals("Condition"u8) || reader.ValueTextEquals("NotResource"u8);
                    Next(ref reader);
                    reader.Skip();
                }
            }

            List<string>? patterns = hasNotAction ? notActions : actions;
            return new Statement(isAllow, hasNotAction, patterns?.ToArray() ?? Array.Empty<string>(), resourceIsStar && !limited);
        }

        /// <summary>A string or an array's strings; anything else yields none.</summary>
        private static List<string> ReadStrings(ref Utf8JsonReader reader)
        {
            var values = new List<string>();
            if (reader.TokenType == JsonTokenType.String)
            {
                values.Add(reader.GetString() ?? string.Empty);
            }
            else if (reader.TokenType == JsonTokenType.StartArray)
            {
                while (Next(ref reader) != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        values.Add(reader.GetString() ?? string.Empty);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Skip();
            }

            return values;
        }

        private static JsonTokenType Next(ref Utf8JsonReader reader)
        {
            if (!reader.Read())
            {
                throw new FormatException("the document ends early");
            }

            return reader.TokenType;
        }

        internal sealed class Statement
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

            public bool IsNotAction => isNotAction;

            /// <summary>The Action patterns, or the NotAction ones when <see cref="IsNotAction"/>.</summary>
            public IReadOnlyList<string> Patterns => patterns;

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
