using System;
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

        /// <param name="action">service:Action, such as cloudtrail:GetTrailStatus.</param>
        /// <param name="principal">A user, role, assumed-role or federated-user ARN, an account id or root ARN, a service principal, or Anonymous.</param>
        public EvaluationRequest(string action, string principal)
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

            if (!PrincipalIdentity.TryParse(principal, out PrincipalIdentity? identity))
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

        public PolicyDocument? VpcEndpointPolicy { get; init; }

        internal PrincipalIdentity Identity { get; }

        internal PreparedRequest Prepared => prepared ??= new PreparedRequest(this);

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

            return new EvaluationRequest(action, Principal)
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

    /// <summary>Which resource policy must itself allow the request, whatever identity policies say.</summary>
    internal enum RequiredResourcePolicy
    {
        None,
        RoleTrustPolicy,
        KeyPolicy,
    }

    /// <summary>What the engine derives from a request once: the parsed principal, accounts and the full context.</summary>
    internal sealed class PreparedRequest
    {
        public PreparedRequest(EvaluationRequest request)
        {
            Request = request;
            Principal = request.Identity;
            Action = request.Action;
            Resource = request.Resource;
            PrincipalAccount = Principal.AccountId;

            string? resourceArnAccount = null;
            Arn? resourceArn = null;
            if (Arn.TryParse(Resource, out resourceArn) && Arn.IsAccountId(resourceArn.AccountId))
            {
                resourceArnAccount = resourceArn.AccountId;
            }

            ResourceAccount = request.ResourceAccount ?? resourceArnAccount;
            IsCrossAccount = PrincipalAccount is not null && ResourceAccount is not null && PrincipalAccount != ResourceAccount;
            IsServiceLinkedRole =
                (Principal.Type == PrincipalType.Role && Principal.Path is not null && Principal.Path.StartsWith("/aws-service-role/", StringComparison.Ordinal)) ||
                ((Principal.Type == PrincipalType.Role || Principal.Type == PrincipalType.AssumedRole) &&
                 Principal.Name is not null && Principal.Name.StartsWith("AWSServiceRoleFor", StringComparison.Ordinal));

            if (resourceArn is not null)
            {
                if (resourceArn.Service == "iam" && resourceArn.Resource.StartsWith("role/", StringComparison.Ordinal) &&
                    (Action.StartsWith("sts:AssumeRole", StringComparison.OrdinalIgnoreCase) ||
                     Action.Equals("sts:TagSession", StringComparison.OrdinalIgnoreCase) ||
                     Action.Equals("sts:SetSourceIdentity", StringComparison.OrdinalIgnoreCase) ||
                     Action.Equals("sts:SetContext", StringComparison.OrdinalIgnoreCase)))
                {
                    Requirement = RequiredResourcePolicy.RoleTrustPolicy;
                }
                else if (resourceArn.Service == "kms" && resourceArn.Resource.StartsWith("key/", StringComparison.Ordinal))
                {
                    Requirement = RequiredResourcePolicy.KeyPolicy;
                }
            }

            Context = BuildContext(request);
        }

        public EvaluationRequest Request { get; }

        public PrincipalIdentity Principal { get; }

        public string Action { get; }

        public string Resource { get; }

        public string? PrincipalAccount { get; }

        public string? ResourceAccount { get; }

        public bool IsCrossAccount { get; }

        public bool IsServiceLinkedRole { get; }

        public RequiredResourcePolicy Requirement { get; }

        /// <summary>Users, roles, sessions, federated users and root: principals with an identity side and an account.</summary>
        public bool IsAccountPrincipal => Principal.Type is PrincipalType.User or PrincipalType.Role or PrincipalType.AssumedRole
            or PrincipalType.FederatedUser or PrincipalType.Root;

        public Dictionary<string, ContextValue> Context { get; }

        private Dictionary<string, ContextValue> BuildContext(EvaluationRequest request)
        {
            var context = new Dictionary<string, ContextValue>(StringComparer.OrdinalIgnoreCase);
            PrincipalIdentity principal = Principal;

            // Keys AWS derives from the authenticated principal. Unique ids (AIDA..., AROA...) are unknowable
            // offline, so aws:userid is filled only where it is built from names.
            switch (principal.Type)
            {
                case PrincipalType.User:
                    Add(context, "aws:username", principal.Name);
                    Add(context, "aws:PrincipalArn", principal.Text);
                    break;
                case PrincipalType.Role:
                    Add(context, "aws:PrincipalArn", principal.Text);
                    break;
                case PrincipalType.AssumedRole:
                    Add(context, "aws:PrincipalArn", principal.EntityArn);
                    break;
                case PrincipalType.FederatedUser:
                    Add(context, "aws:PrincipalArn", principal.Text);
                    Add(context, "aws:userid", principal.AccountId + ":" + principal.Name);
                    break;
                case PrincipalType.Root:
                    Add(context, "aws:PrincipalArn", principal.EntityArn);
                    Add(context, "aws:userid", principal.AccountId);
                    break;
                case PrincipalType.Anonymous:
                    Add(context, "aws:userid", "anonymous");
                    break;
                case PrincipalType.Service:
                    Add(context, "aws:PrincipalServiceName", principal.Name);
                    break;
            }

            if (IsAccountPrincipal)
            {
                Add(context, "aws:PrincipalAccount", principal.AccountId);
                Add(context, "aws:PrincipalIsAWSService", "false");
            }
            else if (principal.Type == PrincipalType.Service)
            {
                Add(context, "aws:PrincipalIsAWSService", "true");
            }

            Add(context, "aws:PrincipalType", principal.ContextPrincipalType);
            Add(context, "aws:ResourceAccount", ResourceAccount);

            if (request.Context is not null)
            {
                foreach (KeyValuePair<string, IReadOnlyList<string>> pair in request.Context)
                {
                    string[] values = new string[pair.Value?.Count ?? 0];
                    for (int i = 0; i < values.Length; i++)
                    {
                        values[i] = pair.Value![i] ?? string.Empty;
                    }

                    context[pair.Key] = new ContextValue(values);
                }
            }

            return context;
        }

        private static void Add(Dictionary<string, ContextValue> context, string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                context[key] = new ContextValue(new[] { value! });
            }
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
