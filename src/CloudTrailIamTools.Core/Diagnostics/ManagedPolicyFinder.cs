using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using CloudTrailIamTools.Core.Arns;
using CloudTrailIamTools.Core.Catalog;
using CloudTrailIamTools.Core.Evaluation;
using CloudTrailIamTools.Core.Policies;

namespace CloudTrailIamTools.Core.Diagnostics
{
    /// <summary>
    /// AWS managed policies that really allow an action on a resource, narrowest first. The catalog's candidates match
    /// on the action alone; each is evaluated with the engine so resource limits and conditions count (a policy passing
    /// roles only to other services does not fix an iam:PassRole toward CloudTrail). Policies for service roles are left
    /// out: they are written for services, not for people; so are policies that fail the escalation guard.
    /// </summary>
    /// <remarks>
    /// A log scan asks this for thousands of (action, resource) pairs that share few actions. Most candidates are made
    /// only of unconditional Allow statements on Resource "*": what such a policy does to a request depends on the action
    /// alone, so all of them that allow the action get the same engine verdict on any one request. Those are sorted once
    /// per action by a probe evaluation, and per request the engine runs once per sort instead of once per candidate;
    /// the rest are still evaluated one by one. The answer is the same either way (the tests compare both paths).
    /// </remarks>
    internal sealed class ManagedPolicyFinder
    {
        private const string ProbeResource = "*";
        private const string ProbePrincipal = "arn:aws:iam::123456789012:user/managed-policy-check";

        private readonly IamCatalog catalog;
        private readonly int limit;
        private readonly bool fastPath;

        private readonly ConcurrentDictionary<string, PolicyDocument?> parsed =
            new ConcurrentDictionary<string, PolicyDocument?>(StringComparer.Ordinal);

        private readonly ConcurrentDictionary<string, Candidate[]> candidatesByAction =
            new ConcurrentDictionary<string, Candidate[]>(StringComparer.Ordinal);

        /// <param name="fastPath">False evaluates every candidate per request: the reference the fast path must equal.</param>
        public ManagedPolicyFinder(IamCatalog catalog, int limit, bool fastPath = true)
        {
            this.catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
            this.limit = limit;
            this.fastPath = fastPath;
        }

        /// <summary>How a candidate's verdict is found for one request.</summary>
        private enum Kind
        {
            /// <summary>Never suggested: a service-role policy or one the engine cannot read.</summary>
            Skip,

            /// <summary>Its verdict may depend on the resource, principal or context: evaluated per request.</summary>
            PerRequest,

            /// <summary>Action-only policy whose probe was allowed: shares one evaluation per request with its kind.</summary>
            SharedAllowed,

            /// <summary>Action-only policy whose probe was not allowed: shares one evaluation per request with its kind.</summary>
            SharedNotAllowed,
        }

        public IReadOnlyList<string> Find(string action, string resource, string? partition, string? passedToService)
        {
            int colon = action.IndexOf(':');
            if (colon <= 0 || colon == action.Length - 1)
            {
                return Array.Empty<string>();
            }

            string account = Arn.TryParse(resource, out Arn? arn) && Arn.IsAccountId(arn.AccountId) ? arn.AccountId : "123456789012";
            var context = passedToService is not null
                ? new Dictionary<string, IReadOnlyList<string>> { ["iam:PassedToService"] = new[] { passedToService } }
                : null;
            string checker = "arn:" + (partition ?? "aws") + ":iam::" + account + ":user/managed-policy-check";
            var suggestions = new List<string>(limit);
            if (!fastPath)
            {
                foreach (ManagedPolicyInfo candidate in catalog.FindManagedPoliciesGranting(action))
                {
                    if (candidate.Path.StartsWith("/service-role/", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    PolicyDocument? document = Parsed(candidate);
                    if (document is not null && AllowsAlone(document, action, checker, resource, context) && Grants.EscalationGuard.IsSafeManagedPolicy(candidate))
                    {
                        suggestions.Add(candidate.Arn);
                        if (suggestions.Count == limit)
                        {
                            break;
                        }
                    }
                }

                return suggestions;
            }

            // One verdict per shared kind, computed on first need: 0 unknown, 1 allowed, 2 not allowed.
            Span<int> shared = stackalloc int[2];
            foreach (Candidate candidate in candidatesByAction.GetOrAdd(action, Prepare))
            {
                if (candidate.KnownUnsafe)
                {
                    continue;
                }

                bool allows;
                Kind kind = candidate.KindFor(this, action);
                switch (kind)
                {
                    case Kind.PerRequest:
                        allows = AllowsAlone(candidate.Document!, action, checker, resource, context);
                        break;
                    case Kind.SharedAllowed:
                    case Kind.SharedNotAllowed:
                        int slot = kind == Kind.SharedAllowed ? 0 : 1;
                        if (shared[slot] == 0)
                        {
                            shared[slot] = AllowsAlone(candidate.Document!, action, checker, resource, context) ? 1 : 2;
                        }

                        allows = shared[slot] == 1;
                        break;
                    default:
                        continue;
                }

                // A suggestion must not be a way up: policies that fail the escalation guard (IAMFullAccess, ...) are left out.
                if (allows && !Grants.EscalationGuard.IsSafeManagedPolicy(candidate.Policy))
                {
                    // The guard's verdict is per policy: later requests need not evaluate this one at all.
                    candidate.KnownUnsafe = true;
                }
                else if (allows)
                {
                    suggestions.Add(candidate.Arn);
                    if (suggestions.Count == limit)
                    {
                        break;
                    }
                }
            }

            return suggestions;
        }

        /// <summary>
        /// Whether the policy's effect on a request for this action is a function of the action alone: every statement
        /// that matches the action (the engine skips the others) is an unconditional Allow on exactly Resource "*" with
        /// no Principal, so nothing it says can deny or depend on the resource, the caller or the request context.
        /// </summary>
        internal static bool DependsOnActionOnly(PolicyDocument document, string actionUpper, int serviceLength)
        {
            foreach (PolicyStatement statement in document.Statements)
            {
                if (!statement.MatchesAction(actionUpper, serviceLength))
                {
                    continue;
                }

                if (statement.Effect != PolicyEffect.Allow ||
                    statement.IsNotResource ||
                    statement.Resources is not { Count: 1 } ||
                    !string.Equals(statement.Resources[0], "*", StringComparison.Ordinal) ||
                    statement.Conditions.Count != 0 ||
                    statement.Principal is not null ||
                    statement.IsNotPrincipal)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The action's candidates in the catalog's order; each is sorted on first use, since most scans stop early.</summary>
        private Candidate[] Prepare(string action)
        {
            IReadOnlyList<ManagedPolicyInfo> granting = catalog.FindManagedPoliciesGranting(action);
            var candidates = new Candidate[granting.Count];
            for (int i = 0; i < granting.Count; i++)
            {
                candidates[i] = new Candidate(granting[i]);
            }

            return candidates;
        }

        private Kind Classify(ManagedPolicyInfo policy, string action, out PolicyDocument? document)
        {
            document = policy.Path.StartsWith("/service-role/", StringComparison.Ordinal) ? null : Parsed(policy);
            if (document is null)
            {
                return Kind.Skip;
            }

            // The probe's action is read exactly as the engine reads every request's.
            EvaluationRequest probe;
            try
            {
                probe = new EvaluationRequest(action, ProbePrincipal) { Resource = ProbeResource, IdentityPolicies = new[] { document } };
                PreparedRequest prepared = probe.Prepared;
                if (!DependsOnActionOnly(document, prepared.ActionUpper, prepared.ServiceLength))
                {
                    return Kind.PerRequest;
                }
            }
            catch (CloudTrailIamToolsException)
            {
                // Whatever the engine makes of it, it does per request, as it always did.
                return Kind.PerRequest;
            }

            // Same policy outcome for every request with this action: sorted by whether it allows the probe.
            return Allows(probe) ? Kind.SharedAllowed : Kind.SharedNotAllowed;
        }

        /// <summary>The parsed document, or null when the engine cannot read it (such a policy is never suggested).</summary>
        private PolicyDocument? Parsed(ManagedPolicyInfo policy) => parsed.GetOrAdd(policy.Arn, _ =>
        {
            try
            {
                return PolicyDocument.Parse(policy.Document, policy.Name);
            }
            catch (CloudTrailIamToolsException)
            {
                return null;
            }
        });

        /// <summary>Whether the managed policy by itself allows the request; one the engine cannot evaluate does not.</summary>
        private static bool AllowsAlone(PolicyDocument document, string action, string principal, string resource, IReadOnlyDictionary<string, IReadOnlyList<string>>? context)
        {
            try
            {
                return Allows(new EvaluationRequest(action, principal) { Resource = resource, Context = context, IdentityPolicies = new[] { document } });
            }
            catch (CloudTrailIamToolsException)
            {
                return false;
            }
        }

        private static bool Allows(EvaluationRequest request)
        {
            try
            {
                return PolicyEvaluator.Evaluate(request).Decision == PolicyDecision.Allowed;
            }
            catch (CloudTrailIamToolsException)
            {
                return false;
            }
        }

        /// <summary>One candidate for one action; its kind is worked out once, by whichever request needs it first.</summary>
        private sealed class Candidate
        {
            private volatile Classified? classified;
            private bool knownUnsafe;

            public Candidate(ManagedPolicyInfo policy)
            {
                Policy = policy;
            }

            public ManagedPolicyInfo Policy { get; }

            /// <summary>Set once the escalation guard rejected it: never suggested, so never evaluated again.</summary>
            public bool KnownUnsafe
            {
                get => Volatile.Read(ref knownUnsafe);
                set => Volatile.Write(ref knownUnsafe, value);
            }

            public string Arn => Policy.Arn;

            public PolicyDocument? Document => classified?.Document;

            public Kind KindFor(ManagedPolicyFinder finder, string action)
            {
                Classified? known = classified;
                if (known is null)
                {
                    Kind kind = finder.Classify(Policy, action, out PolicyDocument? document);
                    known = new Classified(kind, document);
                    classified = known;
                }

                return known.Kind;
            }
        }

        private sealed class Classified
        {
            public Classified(Kind kind, PolicyDocument? document)
            {
                Kind = kind;
                Document = document;
            }

            public Kind Kind { get; }

            public PolicyDocument? Document { get; }
        }
    }
}
