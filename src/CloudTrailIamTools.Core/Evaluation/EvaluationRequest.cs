using System;
using System.Threading;
using System.Collections.Generic;
using CloudTrailIamTools.Core.Arns;
using CloudTrailIamTools.Core.Policies;

namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>
    /// One question for the engine: may this principal perform this action on this resource, given these
    /// policies and this request context? Immutable; the derived context is computed once and reused.
    /// </summary>
    public sealed class EvaluationRequest
    {
        private static readonly IReadOnlyList<IReadOnlyList<PolicyDocument>> NoLevels = Array.Empty<IReadOnlyList<PolicyDocument>>();

        private readonly string? resourceAccount;
        private readonly string resource = "*";
        private readonly string? managementAccountId;
        private PreparedRequest? prepared;
        private PolicyDocument? vpcEndpointPolicy;

        /// <param name="action">service:Action, such as cloudtrail:GetTrailStatus.</param>
        /// <param name="principal">A user, role, assumed-role or federated-user ARN, an account id or root ARN, a service principal, or Anonymous.</param>
        public EvaluationRequest(string action, string principal)
            : this(action, principal, null)
        {
        }

        /// <summary>For readers that cache parsed principals across a batch.</summary>
        internal EvaluationRequest(string action, string principal, PrincipalIdentity? parsedPrincipal)
        {
            if (string.IsNullOrWhiteSpace(action))
            {
                throw new InvalidInputException("The request has no Action.", "Action");
            }

            string trimmedAction = action.Trim();
            int colon = trimmedAction.IndexOf(':');
            if (colon <= 0 || colon == trimmedAction.Length - 1 || trimmedAction.IndexOf(' ') >= 0)
            {
                throw new InvalidInputException("Action '" + action + "' is not of the form service:Action.", "Action");
            }

            if (string.IsNullOrWhiteSpace(principal))
            {
                throw new InvalidInputException("The request has no Principal.", "Principal");
            }

            PrincipalIdentity? identity = parsedPrincipal ?? PrincipalCache.Get(principal);
            if (identity is null)
            {
                throw new InvalidInputException(
                    "Principal '" + principal + "' is not a user, role, assumed-role or federated-user ARN, an account id or root ARN, a service principal or Anonymous.",
                    "Principal");
            }

            Action = trimmedAction;
            Principal = principal.Trim();
            Identity = identity;
        }

        public string Action { get; }

        public string Principal { get; }

        /// <summary>The resource ARN, or "*" (the default) for actions without resource-level permissions.</summary>
        public string Resource
        {
            get => resource;
            init => resource = string.IsNullOrWhiteSpace(value) ? "*" : value.Trim();
        }

        /// <summary>The account that owns the resource; taken from the resource ARN when it holds one and this is not set.</summary>
        public string? ResourceAccount
        {
            get => resourceAccount;
            init
            {
                if (value is not null && value.Length > 0 && !Arn.IsAccountId(value))
                {
                    throw new InvalidInputException("ResourceAccount '" + value + "' is not a 12-digit account id.", "ResourceAccount");
                }

                resourceAccount = string.IsNullOrEmpty(value) ? null : value;
            }
        }

        /// <summary>
        /// The organization's management account. SCPs do not restrict its principals and RCPs do not restrict
        /// its resources. Null when unknown (then SCPs and RCPs given apply as written).
        /// </summary>
        public string? ManagementAccountId
        {
            get => managementAccountId;
            init
            {
                if (value is not null && value.Length > 0 && !Arn.IsAccountId(value))
                {
                    throw new InvalidInputException("ManagementAccountId '" + value + "' is not a 12-digit account id.", "ManagementAccountId");
                }

                managementAccountId = string.IsNullOrEmpty(value) ? null : value;
            }
        }

        /// <summary>Action upper-cased invariantly, when the reader already has it (pooled with the action's text).</summary>
        internal string? ActionUpper { get; init; }

        /// <summary>Request context keys and their values (one value, or several for multi-valued keys). Keys are case-insensitive.</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<string>>? Context { get; init; }

        public IReadOnlyList<PolicyDocument> IdentityPolicies { get; init; } = Array.Empty<PolicyDocument>();

        public PolicyDocument? PermissionsBoundary { get; init; }

        public PolicyDocument? SessionPolicy { get; init; }

        /// <summary>The resource's policy: bucket policy, key policy, role trust policy, and so on.</summary>
        public PolicyDocument? ResourcePolicy { get; init; }

        /// <summary>SCPs by level, the organization root first and the account last; every level must allow.</summary>
        public IReadOnlyList<IReadOnlyList<PolicyDocument>> ServiceControlPolicies { get; init; } = NoLevels;

        /// <summary>RCPs by level, root first; RCPFullAWSAccess is implied at every level, so these can only deny.</summary>
        public IReadOnlyList<IReadOnlyList<PolicyDocument>> ResourceControlPolicies { get; init; } = NoLevels;

        /// <summary>The VPC endpoint's policy. AWS requires a Principal in each of its statements; one without is refused here.</summary>
        /// <exception cref="PolicyFormatException">A statement has neither Principal nor NotPrincipal.</exception>
        public PolicyDocument? VpcEndpointPolicy
        {
            get => vpcEndpointPolicy;
            init
            {
                if (value is not null)
                {
                    RequirePrincipals(value);
                }

                vpcEndpointPolicy = value;
            }
        }

        internal PrincipalIdentity Identity { get; }

        internal PreparedRequest Prepared => prepared ??= new PreparedRequest(this);

        private static void RequirePrincipals(PolicyDocument policy)
        {
            foreach (PolicyStatement statement in policy.StatementArray)
            {
                if (statement.Principal is null)
                {
                    string sid = statement.Sid is null ? string.Empty : " (Sid '" + statement.Sid + "')";
                    throw new PolicyFormatException(
                        policy.Name ?? "VpcEndpointPolicy",
                        "Statement[" + statement.Index + "]",
                        "the statement" + sid + " has no Principal, and every statement of a VPC endpoint policy needs one (use \"Principal\": \"*\" for every principal)");
                }
            }
        }

        /// <summary>A copy asking about another action and resource, with extra context keys (which win over existing ones).</summary>
        public EvaluationRequest WithAction(string action, string? resource, IReadOnlyDictionary<string, IReadOnlyList<string>>? extraContext = null)
        {
            IReadOnlyDictionary<string, IReadOnlyList<string>>? context = Context;
            if (extraContext is not null && extraContext.Count > 0)
            {
                var merged = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
                if (Context is not null)
                {
                    foreach (KeyValuePair<string, IReadOnlyList<string>> pair in Context)
                    {
                        merged[pair.Key] = pair.Value;
                    }
                }

                foreach (KeyValuePair<string, IReadOnlyList<string>> pair in extraContext)
                {
                    merged[pair.Key] = pair.Value;
                }

                context = merged;
            }

            return new EvaluationRequest(action, Principal, Identity)
            {
                Resource = resource ?? "*",
                ResourceAccount = ResourceAccount,
                ManagementAccountId = ManagementAccountId,
                Context = context,
                IdentityPolicies = IdentityPolicies,
                PermissionsBoundary = PermissionsBoundary,
                SessionPolicy = SessionPolicy,
                ResourcePolicy = ResourcePolicy,
                ServiceControlPolicies = ServiceControlPolicies,
                ResourceControlPolicies = ResourceControlPolicies,
                VpcEndpointPolicy = VpcEndpointPolicy,
            };
        }
    }

    /// <summary>Parsed principals shared across requests: batches and scenarios repeat the same few principals.</summary>
    internal static class PrincipalCache
    {
        private const int Capacity = 4096;
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, PrincipalIdentity> Parsed =
            new System.Collections.Concurrent.ConcurrentDictionary<string, PrincipalIdentity>(StringComparer.Ordinal);

        private static int added;

        /// <summary>The parsed principal, or null when the text is no principal.</summary>
        public static PrincipalIdentity? Get(string text)
        {
            if (Parsed.TryGetValue(text, out PrincipalIdentity? identity))
            {
                return identity;
            }

            if (!PrincipalIdentity.TryParse(text, out identity))
            {
                return null;
            }

            // Counted here: ConcurrentDictionary.Count takes every lock, and its first call builds an event source by reflection.
            if (Interlocked.Increment(ref added) > Capacity)
            {
                Parsed.Clear();
                Interlocked.Exchange(ref added, 1);
            }

            Parsed[text] = identity;
            return identity;
        }
    }

    /// <summary>Which resource policy must itself allow the request, whatever identity policies say.</summary>
    internal enum RequiredResourcePolicy
    {
        None,
        RoleTrustPolicy,
        KeyPolicy,
    }

    /// <summary>What the engine derives from a request once: the parsed principal, accounts and the context.</summary>
    internal sealed class PreparedRequest
    {
        
        private ContextValue? principalArn;
        private ContextValue? principalAccount;
        private ContextValue? principalType;
        private ContextValue? userName;
        private ContextValue? userId;
        private ContextValue? isAwsService;
        private ContextValue? serviceName;
        private ContextValue? resourceAccount;

        public PreparedRequest(EvaluationRequest request)
        {
            Request = request;
            Principal = request.Identity;
            Action = request.Action;
            ActionUpper = request.ActionUpper ?? Action.ToUpperInvariant();
            ServiceLength = Action.IndexOf(':');
            Resource = request.Resource;
            PrincipalAccount = Principal.AccountId;

            // arn:partition:service:region:account:resource, read without allocating the parts.
            string resource = Resource;
            string? arnAccount = null;
            if (resource.StartsWith("arn:", StringComparison.Ordinal))
            {
                int partitionEnd = resource.IndexOf(':', 4);
                int serviceEnd = partitionEnd < 0 ? -1 : resource.IndexOf(':', partitionEnd + 1);
                int regionEnd = serviceEnd < 0 ? -1 : resource.IndexOf(':', serviceEnd + 1);
                int accountEnd = regionEnd < 0 ? -1 : resource.IndexOf(':', regionEnd + 1);
                if (accountEnd > 0)
                {
                    if (accountEnd - regionEnd - 1 == 12 && AllDigits(resource, regionEnd + 1, 12))
                    {
                        arnAccount = PrincipalAccount is not null && string.CompareOrdinal(resource, regionEnd + 1, PrincipalAccount, 0, 12) == 0
                            ? PrincipalAccount
                            : resource.Substring(regionEnd + 1, 12);
                    }

                    Requirement = RequirementFor(resource, partitionEnd, serviceEnd, accountEnd, ActionUpper);
                }
            }

            ResourceAccount = request.ResourceAccount ?? arnAccount;
            IsCrossAccount = PrincipalAccount is not null && ResourceAccount is not null && PrincipalAccount != ResourceAccount;
            IsServiceLinkedRole =
                (Principal.Type == PrincipalType.Role && Principal.Path is not null && Principal.Path.StartsWith("/aws-service-role/", StringComparison.Ordinal)) ||
                ((Principal.Type == PrincipalType.Role || Principal.Type == PrincipalType.AssumedRole) &&
                 Principal.Name is not null && Principal.Name.StartsWith("AWSServiceRoleFor", StringComparison.Ordinal));
            Context = BuildSuppliedContext(request.Context);
        }

        public EvaluationRequest Request { get; }

        public PrincipalIdentity Principal { get; }

        public string Action { get; }

        /// <summary>The action upper-cased invariantly, so action patterns compare ordinally.</summary>
        public string ActionUpper { get; }

        public int ServiceLength { get; }

        public string Resource { get; }

        public string? PrincipalAccount { get; }

        public string? ResourceAccount { get; }

        public bool IsCrossAccount { get; }

        public bool IsServiceLinkedRole { get; }

        public RequiredResourcePolicy Requirement { get; }

        /// <summary>Users, roles, sessions, federated users and root: principals with an identity side and an account.</summary>
        public bool IsAccountPrincipal => Principal.Type is PrincipalType.User or PrincipalType.Role or PrincipalType.AssumedRole
            or PrincipalType.FederatedUser or PrincipalType.Root;

        /// <summary>The keys the request supplied; they win over derived ones.</summary>
        public ContextTable Context { get; }

        /// <summary>
        /// Keys AWS derives from the authenticated principal and the resource, built on first use. Unique ids
        /// (AIDA..., AROA...) cannot be known offline, so aws:userid is given only where it is built from names.
        /// </summary>
        public ContextValue? Derived(string key)
        {
            if (key.Length < 10 || string.Compare(key, 0, "aws:", 0, 4, StringComparison.OrdinalIgnoreCase) != 0)
            {
                return null;
            }

            PrincipalIdentity principal = Principal;
            switch (key.Length)
            {
                case 10 when Is(key, "aws:userid"):
                    return userId ??= Value(principal.Type switch
                    {
                        PrincipalType.FederatedUser => principal.AccountId + ":" + principal.Name,
                        PrincipalType.Root => principal.AccountId,
                        PrincipalType.Anonymous => "anonymous",
                        _ => null,
                    });
                case 12 when Is(key, "aws:username"):
                    return userName ??= Value(principal.Type == PrincipalType.User ? principal.Name : null);
                case 16 when Is(key, "aws:PrincipalArn"):
                    return principalArn ??= Value(principal.Type switch
                    {
                        PrincipalType.User or PrincipalType.Role or PrincipalType.FederatedUser => principal.Text,
                        PrincipalType.AssumedRole or PrincipalType.Root => principal.EntityArn,
                        _ => null,
                    });
                case 17 when Is(key, "aws:PrincipalType"):
                    return principalType ??= Value(principal.ContextPrincipalType);
                case 19 when Is(key, "aws:ResourceAccount"):
                    return resourceAccount ??= Value(ResourceAccount);
                case 20 when Is(key, "aws:PrincipalAccount"):
                    return principalAccount ??= Value(IsAccountPrincipal ? principal.AccountId : null);
                case 24 when Is(key, "aws:PrincipalServiceName"):
                    return serviceName ??= Value(principal.Type == PrincipalType.Service ? principal.Name : null);
                case 25 when Is(key, "aws:PrincipalIsAWSService"):
                    return isAwsService ??= Value(IsAccountPrincipal ? "false" : principal.Type == PrincipalType.Service ? "true" : null);
                default:
                    return null;
            }
        }

        private static bool AllDigits(string text, int start, int length)
        {
            for (int i = start; i < start + length; i++)
            {
                if (text[i] < '0' || text[i] > '9')
                {
                    return false;
                }
            }

            return true;
        }

        private static bool Is(string key, string name) => string.Equals(key, name, StringComparison.OrdinalIgnoreCase);

        /// <summary>Absent keys are cached as an empty marker so they are worked out once.</summary>
        private static ContextValue Value(string? value) => string.IsNullOrEmpty(value) ? ContextValue.Absent : new ContextValue(new[] { value! });

        private static RequiredResourcePolicy RequirementFor(string resource, int partitionEnd, int serviceEnd, int accountEnd, string actionUpper)
        {
            int serviceLength = serviceEnd - partitionEnd - 1;
            if (serviceLength == 3 && string.CompareOrdinal(resource, partitionEnd + 1, "iam", 0, 3) == 0 &&
                string.CompareOrdinal(resource, accountEnd + 1, "role/", 0, 5) == 0 &&
                (actionUpper.StartsWith("STS:ASSUMEROLE", StringComparison.Ordinal) || actionUpper == "STS:TAGSESSION" ||
                 actionUpper == "STS:SETSOURCEIDENTITY" || actionUpper == "STS:SETCONTEXT"))
            {
                return RequiredResourcePolicy.RoleTrustPolicy;
            }

            if (serviceLength == 3 && string.CompareOrdinal(resource, partitionEnd + 1, "kms", 0, 3) == 0 &&
                string.CompareOrdinal(resource, accountEnd + 1, "key/", 0, 4) == 0)
            {
                return RequiredResourcePolicy.KeyPolicy;
            }

            return RequiredResourcePolicy.None;
        }

        private static ContextTable BuildSuppliedContext(IReadOnlyDictionary<string, IReadOnlyList<string>>? supplied)
        {
            if (supplied is null || supplied.Count == 0)
            {
                return ContextTable.Empty;
            }

            if (supplied is SuppliedContext table)
            {
                return table.Table;
            }

            var context = new ContextTable(supplied.Count);
            foreach (KeyValuePair<string, IReadOnlyList<string>> pair in supplied)
            {
                IReadOnlyList<string>? list = pair.Value;
                string[] values;
                if (list is string[] array)
                {
                    values = array;
                }
                else
                {
                    values = new string[list?.Count ?? 0];
                    for (int i = 0; i < values.Length; i++)
                    {
                        values[i] = list![i] ?? string.Empty;
                    }
                }

                context.Set(pair.Key, new ContextValue(values));
            }

            return context;
        }
    }

    /// <summary>A context key's values, with their numeric, date and address readings cached on first use.</summary>
    internal sealed class ContextValue
    {
        private double[]? numbers;
        private DateTimeOffset?[]? dates;
        private byte[]?[]? addresses;

        public ContextValue(string[] values)
        {
            Values = values;
        }

        /// <summary>Marks a derived key that this request does not have.</summary>
        public static ContextValue Absent { get; } = new ContextValue(Array.Empty<string>());

        public string[] Values { get; }

        public double Number(int index)
        {
            double[]? cached = numbers;
            if (cached is null)
            {
                cached = new double[Values.Length];
                for (int i = 0; i < cached.Length; i++)
                {
                    cached[i] = PolicyCondition.TryParseNumber(Values[i], out double parsed) ? parsed : double.NaN;
                }

                numbers = cached;
            }

            return cached[index];
        }

        public DateTimeOffset? Date(int index)
        {
            DateTimeOffset?[]? cached = dates;
            if (cached is null)
            {
                cached = new DateTimeOffset?[Values.Length];
                for (int i = 0; i < cached.Length; i++)
                {
                    cached[i] = PolicyCondition.TryParseDate(Values[i], out DateTimeOffset parsed) ? parsed : null;
                }

                dates = cached;
            }

            return cached[index];
        }

        public byte[]? Address(int index)
        {
            byte[]?[]? cached = addresses;
            if (cached is null)
            {
                cached = new byte[]?[Values.Length];
                for (int i = 0; i < cached.Length; i++)
                {
                    cached[i] = IpNetwork.ParseAddress(Values[i]);
                }

                addresses = cached;
            }

            return cached[index];
        }
    }
}
