using System;
using System.Collections.Generic;
using System.Text.Json;

namespace CloudTrailIamTools.Core.Policies
{
    public enum PolicyEffect
    {
        Allow,
        Deny,
    }

    /// <summary>
    /// An IAM policy document parsed once into an immutable, precompiled model. Safe to share between threads
    /// and to evaluate any number of times.
    /// </summary>
    public sealed class PolicyDocument
    {
        public const string Version2012 = "2012-10-17";
        public const string Version2008 = "2008-10-17";

        internal PolicyDocument(string? name, string version, string? id, PolicyStatement[] statements)
        {
            Name = name;
            Version = version;
            Id = id;
            StatementArray = statements;
        }

        /// <summary>The name or ARN the caller gave the policy; null for anonymous documents.</summary>
        public string? Name { get; }

        /// <summary>2012-10-17, or 2008-10-17 (also when the document has no Version).</summary>
        public string Version { get; }

        public string? Id { get; }

        public IReadOnlyList<PolicyStatement> Statements => StatementArray;

        /// <summary>Policy variables are substituted only in 2012-10-17 documents; older ones read ${...} literally.</summary>
        public bool SupportsPolicyVariables => Version == Version2012;

        internal PolicyStatement[] StatementArray { get; }

        /// <summary>Parses policy JSON; errors name <paramref name="policyName"/> (or "policy") and the bad element's path.</summary>
        public static PolicyDocument Parse(string json, string? policyName = null) => Parse(json, policyName, policyName ?? "policy");

        /// <summary>Reads an already parsed JSON value (the object itself).</summary>
        public static PolicyDocument FromJson(JsonElement element, string? policyName = null) =>
            PolicyParser.Parse(element, policyName, policyName ?? "policy");

        /// <summary>Same as <see cref="Parse(string, string?)"/> with a separate label for error messages.</summary>
        internal static PolicyDocument Parse(string json, string? policyName, string errorLabel)
        {
            if (json is null)
            {
                throw new ArgumentNullException(nameof(json));
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
            }
            catch (JsonException exception)
            {
                throw new PolicyFormatException(errorLabel, string.Empty, "not valid JSON: " + exception.Message, exception);
            }

            using (document)
            {
                return PolicyParser.Parse(document.RootElement, policyName, errorLabel);
            }
        }
    }

    /// <summary>One statement, with its action, resource and principal patterns compiled for fast matching.</summary>
    public sealed class PolicyStatement
    {
        internal PolicyStatement(
            int index,
            string? sid,
            PolicyEffect effect,
            string[] actions,
            bool isNotAction,
            string[]? resources,
            bool isNotResource,
            PolicyPrincipal? principal,
            bool isNotPrincipal,
            PolicyCondition[] conditions,
            bool allowVariables)
        {
            Index = index;
            Sid = sid;
            Effect = effect;
            Actions = actions;
            IsNotAction = isNotAction;
            Resources = resources;
            IsNotResource = isNotResource;
            Principal = principal;
            IsNotPrincipal = isNotPrincipal;
            ConditionArray = conditions;
            ActionPatterns = new ActionPattern[actions.Length];
            for (int i = 0; i < actions.Length; i++)
            {
                ActionPatterns[i] = new ActionPattern(actions[i]);
            }

            if (resources is not null)
            {
                ResourcePatterns = new PolicyPattern[resources.Length];
                for (int i = 0; i < resources.Length; i++)
                {
                    ResourcePatterns[i] = PolicyPattern.Compile(resources[i], allowVariables, out string? error);
                    ResourceError ??= error;
                }
            }
        }

        /// <summary>Zero-based position in the document's Statement list.</summary>
        public int Index { get; }

        public string? Sid { get; }

        public PolicyEffect Effect { get; }

        /// <summary>The Action or NotAction values.</summary>
        public IReadOnlyList<string> Actions { get; }

        public bool IsNotAction { get; }

        /// <summary>The Resource or NotResource values; null when the statement has neither (trust policies).</summary>
        public IReadOnlyList<string>? Resources { get; }

        public bool IsNotResource { get; }

        public PolicyPrincipal? Principal { get; }

        public bool IsNotPrincipal { get; }

        public IReadOnlyList<PolicyCondition> Conditions => ConditionArray;

        internal PolicyCondition[] ConditionArray { get; }

        internal ActionPattern[] ActionPatterns { get; }

        internal PolicyPattern[]? ResourcePatterns { get; }

        internal string? ResourceError { get; }

        /// <param name="actionUpper">The request's action upper-cased invariantly; <paramref name="serviceLength"/> is where its colon sits.</param>
        internal bool MatchesAction(string actionUpper, int serviceLength)
        {
            bool any = false;
            ActionPattern[] patterns = ActionPatterns;
            for (int i = 0; i < patterns.Length; i++)
            {
                if (patterns[i].IsMatch(actionUpper, serviceLength))
                {
                    any = true;
                    break;
                }
            }

            return any != IsNotAction;
        }

        internal bool MatchesResource(string resource, IPolicyVariableSource source)
        {
            PolicyPattern[]? patterns = ResourcePatterns;
            if (patterns is null)
            {
                return true;
            }

            bool any = false;
            for (int i = 0; i < patterns.Length; i++)
            {
                PolicyPattern pattern = patterns[i];

                // An entry whose variable has no value matches in neither polarity: a NotResource holding one
                // does not apply (rather than applying to everything).
                if (pattern.HasVariables && !pattern.VariablesResolve(source))
                {
                    if (IsNotResource)
                    {
                        return false;
                    }

                    continue;
                }

                if (pattern.MatchArn(resource, source))
                {
                    any = true;
                    break;
                }
            }

            return any != IsNotResource;
        }
    }

    /// <summary>
    /// An Action value, kept upper-cased so matching against the request's upper-cased action is ordinal.
    /// A literal service prefix rejects other services with one comparison.
    /// </summary>
    internal sealed class ActionPattern
    {
        private readonly string upper;
        private readonly string? service;
        private readonly Shape shape;
        private readonly int prefixLength;

        public ActionPattern(string text)
        {
            upper = text.ToUpperInvariant();
            int star = upper.IndexOf('*');
            bool hasQuestion = upper.IndexOf('?') >= 0;
            int colon = upper.IndexOf(':');
            string head = colon < 0 ? upper : upper.Substring(0, colon);
            service = colon > 0 && head.IndexOf('*') < 0 && head.IndexOf('?') < 0 ? head : null;
            if (upper == "*")
            {
                shape = Shape.Any;
            }
            else if (star < 0 && !hasQuestion)
            {
                shape = Shape.Exact;
            }
            else if (star == upper.Length - 1 && !hasQuestion)
            {
                shape = Shape.Prefix;
                prefixLength = upper.Length - 1;
            }
            else
            {
                shape = Shape.Glob;
            }
        }

        private enum Shape
        {
            Any,
            Exact,
            Prefix,
            Glob,
        }

        /// <param name="actionUpper">The request's action, upper-cased invariantly.</param>
        /// <param name="serviceLength">The position of the colon in <paramref name="actionUpper"/>.</param>
        public bool IsMatch(string actionUpper, int serviceLength)
        {
            if (shape == Shape.Any)
            {
                return true;
            }

            if (service is not null &&
                (service.Length != serviceLength || string.CompareOrdinal(actionUpper, 0, service, 0, serviceLength) != 0))
            {
                return false;
            }

            switch (shape)
            {
                case Shape.Exact:
                    return actionUpper.Length == upper.Length && string.Equals(actionUpper, upper, StringComparison.Ordinal);
                case Shape.Prefix:
                    return actionUpper.Length >= prefixLength && string.CompareOrdinal(actionUpper, 0, upper, 0, prefixLength) == 0;
                default:
                    return Matching.WildcardPattern.IsMatch(upper.AsSpan(), actionUpper.AsSpan(), ignoreCase: false);
            }
        }
    }
}
