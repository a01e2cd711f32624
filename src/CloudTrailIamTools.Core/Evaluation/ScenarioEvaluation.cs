using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>One permission a task needs: an action on a resource, with context the task's calls carry (iam:PassedToService, ...).</summary>
    public sealed class RequiredPermission
    {
        public RequiredPermission(string action, string? resource = null, IReadOnlyDictionary<string, IReadOnlyList<string>>? context = null, string? purpose = null)
        {
            Action = action ?? throw new ArgumentNullException(nameof(action));
            Resource = string.IsNullOrWhiteSpace(resource) ? "*" : resource!;
            Context = context;
            Purpose = purpose;
        }

        public string Action { get; }

        public string Resource { get; }

        /// <summary>Context keys this call carries; they become StringEquals conditions in the suggested policy.</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<string>>? Context { get; }

        /// <summary>Why the task needs it, in a few words (for display).</summary>
        public string? Purpose { get; }
    }

    /// <summary>The verdict for a whole task: allowed only when every permission it needs is allowed.</summary>
    public sealed class ScenarioResult
    {
        internal ScenarioResult(
            string scenario,
            string principal,
            PolicyDecision decision,
            IReadOnlyList<EvaluationResult> results,
            IReadOnlyList<RequiredPermission> missingPermissions,
            string? missingPermissionsPolicy,
            string explanation)
        {
            Scenario = scenario;
            Principal = principal;
            Decision = decision;
            Results = results;
            MissingPermissions = missingPermissions;
            MissingPermissionsPolicy = missingPermissionsPolicy;
            Explanation = explanation;
        }

        public string Scenario { get; }

        public string Principal { get; }

        /// <summary>Allowed when all are allowed; ExplicitDeny when any is explicitly denied; otherwise ImplicitDeny.</summary>
        public PolicyDecision Decision { get; }

        /// <summary>One result per required permission, in the order given.</summary>
        public IReadOnlyList<EvaluationResult> Results { get; }

        /// <summary>The permissions that were denied (implicitly or explicitly).</summary>
        public IReadOnlyList<RequiredPermission> MissingPermissions { get; }

        /// <summary>An identity-based policy granting the implicitly denied permissions; null when nothing an Allow could fix is missing.</summary>
        [System.Text.Json.Serialization.JsonConverter(typeof(Serialization.RawJsonStringConverter))]
        public string? MissingPermissionsPolicy { get; }

        public string Explanation { get; }
    }

    public static class ScenarioEvaluator
    {
        /// <summary>
        /// Checks every permission a task needs with the principal and policies of <paramref name="request"/>
        /// (its Action and Resource are replaced by each permission's).
        /// </summary>
        public static ScenarioResult Evaluate(string scenario, EvaluationRequest request, IReadOnlyList<RequiredPermission> permissions, EvaluationOptions? options = null)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            if (permissions is null || permissions.Count == 0)
            {
                throw new InvalidInputException("Scenario '" + scenario + "' lists no permissions.", "Scenario");
            }

            var results = new EvaluationResult[permissions.Count];
            var missing = new List<RequiredPermission>();
            var fixable = new List<RequiredPermission>();
            bool explicitDeny = false;
            for (int i = 0; i < permissions.Count; i++)
            {
                RequiredPermission permission = permissions[i];
                EvaluationResult result = PolicyEvaluator.Evaluate(request.WithAction(permission.Action, permission.Resource, permission.Context), options);
                results[i] = result;
                if (result.Decision != PolicyDecision.Allowed)
                {
                    missing.Add(permission);
                    if (result.Decision == PolicyDecision.ExplicitDeny)
                    {
                        explicitDeny = true;
                    }
                    else
                    {
                        fixable.Add(permission);
                    }
                }
            }

            PolicyDecision decision = missing.Count == 0 ? PolicyDecision.Allowed : explicitDeny ? PolicyDecision.ExplicitDeny : PolicyDecision.ImplicitDeny;
            var explanation = new StringBuilder();
            explanation.Append(request.Principal);
            if (missing.Count == 0)
            {
                explanation.Append(" can perform every step of ").Append(scenario).Append(" (").Append(permissions.Count).Append(" permissions checked).");
            }
            else
            {
                explanation.Append(" cannot complete ").Append(scenario).Append(": ").Append(missing.Count).Append(" of ")
                    .Append(permissions.Count).Append(" permissions are denied.");
                for (int i = 0; i < results.Length; i++)
                {
                    if (results[i].Decision != PolicyDecision.Allowed)
                    {
                        explanation.Append(' ').Append(results[i].Action).Append(" on ").Append(results[i].Resource)
                            .Append(results[i].Decision == PolicyDecision.ExplicitDeny ? " is explicitly denied by " : " lacks an allow in ")
                            .Append(string.Join(", ", results[i].DeniedBy)).Append('.');
                    }
                }

                if (explicitDeny)
                {
                    explanation.Append(" Explicit denies cannot be fixed by adding an Allow; change the denying policy.");
                }
            }

            return new ScenarioResult(
                scenario,
                request.Principal,
                decision,
                results,
                missing.ToArray(),
                fixable.Count == 0 ? null : BuildPolicy(scenario, fixable),
                explanation.ToString());
        }

        /// <summary>An identity-based policy with one statement per distinct resource and context, actions sorted.</summary>
        internal static string BuildPolicy(string scenario, IReadOnlyList<RequiredPermission> permissions)
        {
            var groups = new List<(string Resource, IReadOnlyDictionary<string, IReadOnlyList<string>>? Context, SortedSet<string> Actions)>();
            foreach (RequiredPermission permission in permissions)
            {
                int found = -1;
                for (int i = 0; i < groups.Count; i++)
                {
                    if (groups[i].Resource == permission.Resource && SameContext(groups[i].Context, permission.Context))
                    {
                        found = i;
                        break;
                    }
                }

                if (found < 0)
                {
                    groups.Add((permission.Resource, permission.Context, new SortedSet<string>(StringComparer.OrdinalIgnoreCase)));
                    found = groups.Count - 1;
                }

                groups[found].Actions.Add(permission.Action);
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
                    IReadOnlyDictionary<string, IReadOnlyList<string>>? context = groups[i].Context;
                    if (context is not null && context.Count > 0)
                    {
                        writer.WriteStartObject("Condition");
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

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
        }

        private static bool SameContext(IReadOnlyDictionary<string, IReadOnlyList<string>>? a, IReadOnlyDictionary<string, IReadOnlyList<string>>? b)
        {
            int countA = a?.Count ?? 0;
            int countB = b?.Count ?? 0;
            if (countA != countB)
            {
                return false;
            }

            if (countA == 0)
            {
                return true;
            }

            foreach (KeyValuePair<string, IReadOnlyList<string>> pair in a!)
            {
                if (!b!.TryGetValue(pair.Key, out IReadOnlyList<string>? other) || other.Count != pair.Value.Count)
                {
                    return false;
                }

                for (int i = 0; i < other.Count; i++)
                {
                    if (other[i] != pair.Value[i])
                    {
                        return false;
                    }
                }
            }

            return true;
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
