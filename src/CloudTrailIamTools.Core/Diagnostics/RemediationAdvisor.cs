using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using CloudTrailIamTools.Core.Arns;
using CloudTrailIamTools.Core.Catalog;
using CloudTrailIamTools.Core.Evaluation;
using CloudTrailIamTools.Core.Policies;

namespace CloudTrailIamTools.Core.Diagnostics
{
    /// <summary>
    /// Turns a parsed error into its cause and ordered remedies. The rule that matters most: a grant only helps
    /// an implicit deny on the identity side; explicit denies and the guard-rail policy types (SCP, RCP,
    /// boundary, session, endpoint) are fixed where they live, so no grant is suggested for them.
    /// </summary>
    internal sealed class RemediationAdvisor
    {
        private const int MaxSuggestedManagedPolicies = 5;

        /// <summary>Actions the CloudTrail console's CloudWatch Logs set-up needs beyond AWSCloudTrail_FullAccess.</summary>
        private static readonly HashSet<string> CloudWatchLogsSetupActions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:ListRoles", "iam:GetRolePolicy", "iam:GetUser",
            "iam:PassRole", "logs:CreateLogGroup", "logs:DescribeLogGroups", "logs:PutRetentionPolicy",
        };

        private static readonly HashSet<string> OrganizationTrailActions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "iam:CreateServiceLinkedRole", "iam:GetRole", "organizations:EnableAWSServiceAccess", "organizations:DisableAWSServiceAccess",
            "organizations:ListAccounts", "organizations:DescribeOrganization", "organizations:ListAWSServiceAccessForOrganization",
            "organizations:RegisterDelegatedAdministrator", "organizations:DeregisterDelegatedAdministrator",
            "organizations:ListDelegatedAdministrators", "cloudtrail:RegisterOrganizationDelegatedAdmin",
            "cloudtrail:DeregisterOrganizationDelegatedAdmin",
        };

        private readonly IamCatalog catalog;
        private readonly ConcurrentDictionary<string, IReadOnlyList<string>> managedPoliciesByGrant =
            new ConcurrentDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);

        private readonly ConcurrentDictionary<string, PolicyDocument> parsedManagedPolicies =
            new ConcurrentDictionary<string, PolicyDocument>(StringComparer.Ordinal);

        private readonly ConcurrentDictionary<string, string?> actionByOperation =
            new ConcurrentDictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Log scans meet the same unknown action thousands of times; the closest-name search is the costly part. Bounded.</summary>
        private readonly ConcurrentDictionary<string, IReadOnlyList<ActionInfo>> closestByAction =
            new ConcurrentDictionary<string, IReadOnlyList<ActionInfo>>(StringComparer.Ordinal);

        public RemediationAdvisor(IamCatalog catalog)
        {
            this.catalog = catalog;
        }

        public void Advise(DiagnosisDraft draft)
        {
            ClassifyByErrorCode(draft);
            ResolveAction(draft);
            switch (draft.Kind)
            {
                case DiagnosisKind.NotAuthorized:
                case DiagnosisKind.AccessDenied:
                    AdviseDenial(draft);
                    break;
                case DiagnosisKind.EncodedAuthorizationFailure:
                    AdviseEncoded(draft);
                    break;
                case DiagnosisKind.ServiceLinkedRoleMissing:
                case DiagnosisKind.OrganizationPrerequisite:
                case DiagnosisKind.DeliveryPermission:
                case DiagnosisKind.DeliveryConfiguration:
                    AdviseFromErrorCode(draft);
                    break;
                default:
                    draft.Cause = draft.UnrecognizedReason ?? "The input is not an access-denied message, an AWS error this module knows, or a CloudTrail event with an error.";
                    draft.Remediation.Add("Pass the full error text (including 'User: ... is not authorized to perform: ...' when present), the ErrorRecord, the exception, or the CloudTrail event.");
                    draft.HelpTopic = HelpTopics.NotAuthorized;
                    break;
            }
        }

        /// <summary>A known CloudTrail code outranks what the text looked like; an authorization code makes a bare denial.</summary>
        private static void ClassifyByErrorCode(DiagnosisDraft draft)
        {
            string? code = draft.ErrorCode;
            if (code is null && draft.Message is not null && draft.Kind == DiagnosisKind.Unrecognized)
            {
                code = KnownErrorCodes.FindCodeInText(draft.Message);
                if (code is not null)
                {
                    draft.ErrorCode = code;
                }
            }

            if (KnownErrorCodes.TryGet(code, out ErrorCodeAdvice advice))
            {
                draft.Kind = advice.Kind;
            }
            else if (draft.Kind == DiagnosisKind.Unrecognized && KnownErrorCodes.IsAuthorizationCode(code))
            {
                draft.Kind = DiagnosisKind.AccessDenied;
            }
        }

        private void ResolveAction(DiagnosisDraft draft)
        {
            if (draft.Action is null && draft.Operation is not null && !draft.Operation.Contains("-"))
            {
                draft.Action = actionByOperation.GetOrAdd(draft.Operation, ActionForOperation);
                draft.ActionInferred = draft.Action is not null;
            }

            if (draft.Action is null)
            {
                return;
            }

            int colon = draft.Action.IndexOf(':');
            draft.Service = colon > 0 ? draft.Action.Substring(0, colon) : null;
            if (draft.Service is not null && catalog.IsKnownService(draft.Service))
            {
                draft.ActionIsKnown = catalog.TryGetAction(draft.Action, out _);
            }
        }

        /// <summary>An operation name such as GetTrailStatus maps to an action when exactly one service has it (CloudTrail preferred).</summary>
        private string? ActionForOperation(string operation)
        {
            IReadOnlyList<ActionInfo> matches = catalog.MatchActions("*:" + operation);
            ActionInfo? cloudTrail = matches.FirstOrDefault(a => a.Service.Equals("cloudtrail", StringComparison.OrdinalIgnoreCase));
            return cloudTrail?.FullName ?? (matches.Count == 1 ? matches[0].FullName : null);
        }

        private void AdviseDenial(DiagnosisDraft draft)
        {
            draft.HelpTopic = HelpTopics.NotAuthorized;
            string who = Describe(draft.Principal);
            string what = draft.Action ?? "the requested action";

            if (draft.Action is null)
            {
                draft.Cause = draft.ActionWrittenAsNull
                    ? who + " was denied, and AWS did not name the action (the message says 'perform: null')."
                    : draft.Kind == DiagnosisKind.NotAuthorized
                        ? who + " was denied access" + (draft.Resource is null ? string.Empty : " to " + draft.Resource) + "; the message does not name the action."
                        : "AWS returned a bare access-denied reply that names neither the principal nor the policy" + (draft.ErrorCode is null ? "." : " (" + draft.ErrorCode + ").");
                draft.Remediation.Add("Find the denied call in CloudTrail's event history (Get-CTEvent / aws cloudtrail lookup-events, filtered on errorCode) or in the tool's debug output: the event names the action (eventSource and eventName) and the principal (userIdentity). Pass the event to Resolve-CloudTrailAccessError for a full diagnosis.");
                draft.Remediation.Add("Check who you are calling as: Get-STSCallerIdentity (aws sts get-caller-identity).");
                AddGuardRailCheck(draft);
                return;
            }

            if (draft.ActionIsKnown == false)
            {
                AdviseUnknownAction(draft);
                return;
            }

            if (draft.DenialType == DenialType.Explicit)
            {
                AdviseExplicitDeny(draft, who, what);
                return;
            }

            if (draft.DenialType == DenialType.Implicit && draft.PolicyType is PolicyType policyType && policyType != PolicyType.IdentityBased)
            {
                AdviseImplicitGuardRail(draft, policyType, who, what);
                return;
            }

            AdviseGrant(draft, who, what);
        }

        private void AdviseUnknownAction(DiagnosisDraft draft)
        {
            if (!closestByAction.TryGetValue(draft.Action!, out IReadOnlyList<ActionInfo>? closest))
            {
                closest = catalog.FindClosestActions(draft.Action!, 3);
                if (closestByAction.Count < 4096)
                {
                    closestByAction.TryAdd(draft.Action!, closest);
                }
            }
            string suggestions = closest.Count == 0 ? string.Empty : " The closest real actions are " + string.Join(", ", closest.Select(a => a.FullName)) + ".";
            draft.Cause = "'" + draft.Action + "' is not an action that " + draft.Service + " defines, so no policy can grant it." + suggestions;
            draft.Remediation.Add("Check the action name for a typo or an outdated SDK, tool or console page: IAM evaluates only real actions." + suggestions);
            draft.Remediation.Add("If a policy you wrote lists '" + draft.Action + "', replace it with the real action the operation needs; the -Action parameters of this module's cmdlets complete real action names.");
            draft.Remediation.Add("If the error came from AWS itself, the request is for a feature your account or Region does not have; check the service's API reference for the operation.");
        }

        private static void AdviseExplicitDeny(DiagnosisDraft draft, string who, string what)
        {
            string where = draft.PolicyType is PolicyType type ? PolicyTypeText(type) : "a policy that applies to the request";
            draft.Cause = who + " is denied " + what + OnResource(draft) + " by an explicit Deny statement in " + where +
                          (draft.PolicyArn is null ? string.Empty : " (" + draft.PolicyArn + ")") + ". An explicit deny overrides every Allow, so granting more permissions cannot fix it.";
            if (draft.TransitivePolicyType is PolicyType through)
            {
                draft.Cause += " The deny reached the request transitively through " + PolicyTypeText(through) + ".";
            }

            draft.Remediation.Add("Do not add an Allow: it cannot override this Deny.");
            draft.Remediation.Add(ExplicitDenyStep(draft));
            draft.Remediation.Add("Read the Deny statement's Condition: many denies apply only outside an approved network, Region, time or without MFA or a tag. Meeting the condition (calling from the allowed place, with MFA, with the right tags) may be the intended fix.");
            draft.Remediation.Add("Confirm which statement decides with Test-CloudTrailPermission (offline, on the policy documents) before and after the change.");
            if (draft.PolicyType == PolicyType.ServiceControl)
            {
                draft.Remediation.Add("AWS sometimes reports an SCP that merely lacks an Allow as an explicit deny: also check that every SCP level from the root to the account allows the action (FullAWSAccess or an explicit Allow).");
            }
        }

        private static string ExplicitDenyStep(DiagnosisDraft draft)
        {
            string named = draft.PolicyArn is null ? string.Empty : " The policy is " + draft.PolicyArn + ".";
            switch (draft.PolicyType)
            {
                case PolicyType.ServiceControl:
                    return "Ask an administrator of the organization's management account (or the delegated policy administrator) to change the service control policy attached to the account, its OUs or the root: narrow the Deny or exempt this principal with a condition such as aws:PrincipalArn." + named;
                case PolicyType.ResourceControl:
                    return "Ask an organization administrator to change the resource control policy that applies to the resource's account: narrow the Deny or add a condition that exempts this request." + named;
                case PolicyType.PermissionsBoundary:
                    return "Change the permissions boundary set on " + EntityName(draft) + " (or have an administrator replace it); the boundary's Deny applies whatever the identity policies allow." + named;
                case PolicyType.Session:
                    return "Start a new session without the session policy, or with one that does not deny the action: the policy passed to AssumeRole, AssumeRoleWithSAML/WebIdentity or GetFederationToken narrows this session." + named;
                case PolicyType.VpcEndpoint:
                    return "Change the VPC endpoint policy of the endpoint the request went through, or call the service outside that endpoint if your network rules allow it." + named;
                case PolicyType.ResourceBased:
                    return "Change the resource's own policy (bucket, key, topic or other resource policy) to remove or narrow the Deny that matches this principal." + named;
                case PolicyType.RoleTrust:
                    return "Change the trust policy of the role being assumed (Update-IAMAssumeRolePolicy / aws iam update-assume-role-policy) to remove the Deny that matches this principal." + named;
                case PolicyType.IdentityBased:
                    return "Find the Deny among the policies attached to " + EntityName(draft) + " (inline, managed, and for users their groups' policies) and narrow or remove it." + named;
                default:
                    return "Look for a Deny matching the action in every policy type that applies: identity policies, permissions boundary, session policy, SCPs, RCPs, the resource policy and any VPC endpoint policy." + named;
            }
        }

        private void AdviseImplicitGuardRail(DiagnosisDraft draft, PolicyType policyType, string who, string what)
        {
            draft.Cause = who + " is denied " + what + OnResource(draft) + " because no " + PolicyTypeText(policyType, article: false) +
                          " allows it. That policy type must allow the action as well as the identity policies, so adding an identity policy alone will not help.";
            switch (policyType)
            {
                case PolicyType.ResourceBased:
                    draft.HelpTopic = HelpTopics.CrossAccountAccess;
                    draft.Cause = who + " is denied " + what + OnResource(draft) + " because the resource's own policy does not allow it. For a principal in another account both sides must allow: the resource policy in the owner's account and the identity policy in the caller's.";
                    draft.Remediation.Add("In the resource owner's account, add a statement to the resource policy that allows " + what + " for " + (draft.Principal?.Text ?? "the principal") + "; SuggestedPolicy holds that statement.");
                    draft.Remediation.Add("Make sure the caller's own identity policy also allows the action on that resource.");
                    draft.Remediation.Add("To give another account read access to CloudTrail data, Grant-CloudTrailCrossAccountRole creates a read-only role they can assume.");
                    if (draft.Principal?.Text is string principal && draft.Resource is string resource && resource.StartsWith("arn:", StringComparison.Ordinal))
                    {
                        draft.SuggestedPolicy = SuggestedPolicyBuilder.AllowPrincipal(SuggestedPolicyBuilder.SidFor(draft.Action!), PrincipalForPolicy(draft.Principal), CanonicalAction(draft.Action!), resource);
                    }

                    break;
                case PolicyType.RoleTrust:
                    draft.HelpTopic = HelpTopics.CrossAccountAccess;
                    draft.Remediation.Add("Add the principal to the trust policy of the role being assumed (Update-IAMAssumeRolePolicy / aws iam update-assume-role-policy), with sts:ExternalId or MFA conditions where a third party is involved.");
                    draft.Remediation.Add("The caller also needs sts:AssumeRole on the role's ARN in its own identity policy.");
                    if (draft.Principal is PrincipalIdentity caller && draft.Resource is string roleArn && roleArn.StartsWith("arn:", StringComparison.Ordinal))
                    {
                        draft.SuggestedPolicy = SuggestedPolicyBuilder.AllowPrincipal("TrustCaller", PrincipalForPolicy(caller), CanonicalAction(draft.Action!), "*");
                    }

                    break;
                case PolicyType.ServiceControl:
                    draft.Remediation.Add("Every SCP level from the organization root down to the account must allow the action. Ask an organization administrator to add an Allow for it (or keep FullAWSAccess attached) at the level that lacks one.");
                    draft.Remediation.Add("SCPs do not affect the management account or service-linked roles; running the task from the management account is a workaround only where your governance allows it.");
                    break;
                case PolicyType.ResourceControl:
                    draft.Remediation.Add("RCPs can only restrict: this message means the AWS-managed RCPFullAWSAccess is missing at some level, or a custom RCP replaced it. Ask an organization administrator to re-attach RCPFullAWSAccess where it is missing.");
                    break;
                case PolicyType.PermissionsBoundary:
                    draft.Remediation.Add("Add the action to the permissions boundary of " + EntityName(draft) + ", or remove the boundary if it no longer serves a purpose; the identity policy already allows it or must also be extended.");
                    break;
                case PolicyType.Session:
                    draft.Remediation.Add("Start a new session whose session policy includes the action, or none at all: a session can never exceed the policy passed when it was created.");
                    break;
                case PolicyType.VpcEndpoint:
                    draft.Remediation.Add("Add the action (and resource) to the policy of the VPC endpoint the request used, or send the request through an endpoint whose policy allows it.");
                    break;
            }

            AddCrossAccountNote(draft);
        }

        private void AdviseGrant(DiagnosisDraft draft, string who, string what)
        {
            PrincipalIdentity? principal = draft.Principal;
            string action = CanonicalAction(draft.Action!);
            string resource = PolicyResource(draft);

            if (principal?.Type == PrincipalType.Root)
            {
                draft.Cause = "The account's root user was denied " + what + OnResource(draft) + ". Identity policies do not limit the root user, so something else refused it: a service control or resource control policy, or the resource's own policy.";
                AddGuardRailCheck(draft);
                return;
            }

            if (principal?.Type == PrincipalType.Anonymous)
            {
                draft.Cause = "The request was not signed (anonymous), so no identity policy applies; only a resource policy that allows everyone could let it through, which is rarely what you want.";
                draft.Remediation.Add("Sign the request with credentials of an IAM user or role that is allowed the action (check the tool's credential settings: Get-STSCallerIdentity).");
                return;
            }

            if (principal?.Type == PrincipalType.Service)
            {
                draft.Cause = "The service principal " + principal.Text + " was denied " + what + OnResource(draft) + ". Services acting on your behalf are allowed by the resource's policy (bucket, key or topic policy) or by the role you pass them, not by an identity policy of yours.";
                draft.Remediation.Add("Add a statement for the service principal to the resource's policy, limited with aws:SourceArn and aws:SourceAccount to your trail or account.");
                draft.Remediation.Add("If the service uses a role you passed it (CloudWatch Logs delivery, for example), give that role the permission instead.");
                return;
            }

            draft.Cause = draft.DenialType == DenialType.Implicit
                ? who + " is denied " + what + OnResource(draft) + " because no identity-based policy allows it: nothing attached to " + EntityName(draft) + " grants the action."
                : who + " is denied " + what + OnResource(draft) + ". The message does not say which policy refused it; most often no identity-based policy allows the action.";
            draft.SuggestedManagedPolicies = managedPoliciesByGrant.GetOrAdd(action + "\n" + resource, key => FindManagedPolicies(action, resource, draft.Principal?.Partition));

            bool passRole = action.Equals("iam:PassRole", StringComparison.OrdinalIgnoreCase);
            if (passRole)
            {
                AdvisePassRole(draft, resource);
            }
            else
            {
                draft.SuggestedPolicy = SuggestedPolicyBuilder.Allow(SuggestedPolicyBuilder.SidFor(action), action, resource);
                draft.Remediation.Add("Allow " + action + " on " + resource + " in a policy attached to " + EntityName(draft) + ": SuggestedPolicy holds a least-privilege document for exactly that." + GrantCommand(draft, action, resource));
            }

            if (draft.SuggestedManagedPolicies.Count > 0)
            {
                draft.Remediation.Add("Or attach an AWS managed policy that includes it, narrowest first: " + string.Join(", ", draft.SuggestedManagedPolicies.Select(NameOfArn)) + ".");
            }

            AddIntegrationNotes(draft, action);
            if (principal?.Type == PrincipalType.FederatedUser)
            {
                draft.Remediation.Add("For a federated user, the permission must be in the policy of the IAM user that called GetFederationToken and in the session policy passed to that call.");
            }

            if (draft.DenialType == DenialType.Unknown)
            {
                draft.Remediation.Add("If a policy already allows it, something denies it: check the permissions boundary, session policy, SCPs and RCPs with Test-CloudTrailPermission, which names the deciding statement.");
            }

            AddCrossAccountNote(draft);
        }

        private static void AdvisePassRole(DiagnosisDraft draft, string resource)
        {
            draft.HelpTopic = HelpTopics.PassRole;
            string roleArn = resource == "*" && draft.Principal?.AccountId is string account
                ? "arn:" + (draft.Principal.Partition ?? "aws") + ":iam::" + account + ":role/*"
                : resource;
            draft.Cause += " Handing a role to CloudTrail (for CloudWatch Logs delivery) needs iam:PassRole on that role; AWSCloudTrail_FullAccess allows it only toward cloudtrail.amazonaws.com.";
            draft.SuggestedPolicy = SuggestedPolicyBuilder.Allow("AllowPassRoleToCloudTrail", "iam:PassRole", roleArn, "iam:PassedToService", "cloudtrail.amazonaws.com");
            draft.Remediation.Add("Allow iam:PassRole on " + roleArn + " with the condition iam:PassedToService = cloudtrail.amazonaws.com, so the permission cannot hand the role to any other service: SuggestedPolicy holds that document." + GrantCommand(draft, "iam:PassRole", roleArn));
            draft.Remediation.Add("Name the exact role (for example CloudTrail_CloudWatchLogs_Role) instead of role/* where you can.");
            draft.Remediation.Add("For the whole CloudWatch Logs set-up, Grant-CloudTrailPermission -Scenario ConfigureCloudWatchLogs grants role creation, PassRole and the log group together.");
        }

        private static void AddIntegrationNotes(DiagnosisDraft draft, string action)
        {
            if (CloudWatchLogsSetupActions.Contains(action) && !action.Equals("iam:PassRole", StringComparison.OrdinalIgnoreCase))
            {
                draft.Remediation.Add("Configuring CloudWatch Logs for a trail in the CloudTrail console needs more than AWSCloudTrail_FullAccess: iam:CreateRole, iam:PutRolePolicy, iam:AttachRolePolicy, iam:ListRoles, iam:GetRolePolicy, iam:GetUser and iam:PassRole toward cloudtrail.amazonaws.com. Test-CloudTrailPermission -Scenario ConfigureCloudWatchLogs lists what is missing.");
            }
            else if (action.StartsWith("config:", StringComparison.OrdinalIgnoreCase))
            {
                draft.Remediation.Add("The CloudTrail console's AWS Config view needs config:Get*, config:Describe* and config:List*, which AWSCloudTrail_FullAccess does not include. Test-CloudTrailPermission -Scenario ViewAwsConfigIntegration checks them.");
            }
            else if (OrganizationTrailActions.Contains(action))
            {
                draft.HelpTopic = HelpTopics.OrganizationTrails;
                draft.Remediation.Add("Organization trails need permissions beyond AWSCloudTrail_FullAccess (organizations:DescribeOrganization, ListAWSServiceAccessForOrganization, EnableAWSServiceAccess, iam:GetRole, iam:CreateServiceLinkedRole). Repair-OrganizationTrailSlr checks them all with the other prerequisites.");
            }
        }

        /// <summary>When the resource lives in another account, both sides must allow; say so.</summary>
        private static void AddCrossAccountNote(DiagnosisDraft draft)
        {
            if (draft.Principal?.AccountId is string caller && Arn.TryParse(draft.Resource, out Arn? arn) &&
                Arn.IsAccountId(arn.AccountId) && arn.AccountId != caller)
            {
                draft.HelpTopic = HelpTopics.CrossAccountAccess;
                draft.Remediation.Add("The resource belongs to account " + arn.AccountId + ", not the caller's " + caller + ": that account must also allow the request (a resource policy, or a role the caller may assume). Grant-CloudTrailCrossAccountRole sets up such a role for CloudTrail data.");
            }
        }

        private static void AddGuardRailCheck(DiagnosisDraft draft)
        {
            draft.Remediation.Add("Check the policies that can refuse even an allowed request: service control policies and resource control policies of the organization, the permissions boundary, the session policy, the resource's own policy and any VPC endpoint policy.");
            draft.Remediation.Add("Test-CloudTrailPermission evaluates those policies together and names the deciding statement.");
        }

        private void AdviseEncoded(DiagnosisDraft draft)
        {
            draft.HelpTopic = HelpTopics.NotAuthorized;
            draft.Cause = "The service refused the request and put the details (principal, action, resource, matching statements) in an encoded authorization message.";
            draft.Remediation.Add("Decode it with Resolve-CloudTrailAccessError -Decode, Convert-STSAuthorizationMessage, or aws sts decode-authorization-message --encoded-message <message>; decoding needs sts:DecodeAuthorizationMessage.");
            draft.Remediation.Add("The decoded document's 'explicitDeny' and 'matchedStatements' tell whether a grant can help.");
        }

        private static void AdviseFromErrorCode(DiagnosisDraft draft)
        {
            KnownErrorCodes.TryGet(draft.ErrorCode, out ErrorCodeAdvice advice);
            draft.Cause = advice.Cause;
            draft.HelpTopic = advice.HelpTopic;
            draft.Remediation.AddRange(advice.Steps);
            if (advice.Kind == DiagnosisKind.ServiceLinkedRoleMissing)
            {
                draft.SuggestedPolicy = SuggestedPolicyBuilder.Allow("AllowCloudTrailServiceLinkedRole", "iam:CreateServiceLinkedRole", "arn:aws:iam::*:role/aws-service-role/cloudtrail.amazonaws.com/*", "iam:AWSServiceName", "cloudtrail.amazonaws.com");
            }
        }

        /// <summary>
        /// AWS managed policies that really allow this action on this resource, narrowest first. The catalog's candidates
        /// match on the action alone; each is evaluated with the engine so resource limits and conditions count (a policy
        /// passing roles only to other services does not fix an iam:PassRole toward CloudTrail). Policies for service
        /// roles are left out: they are written for services, not for people.
        /// </summary>
        private IReadOnlyList<string> FindManagedPolicies(string action, string resource, string? partition)
        {
            int colon = action.IndexOf(':');
            if (colon <= 0 || colon == action.Length - 1)
            {
                return Array.Empty<string>();
            }

            string account = Arn.TryParse(resource, out Arn? arn) && Arn.IsAccountId(arn.AccountId) ? arn.AccountId : "123456789012";
            var context = action.Equals("iam:PassRole", StringComparison.OrdinalIgnoreCase)
                ? new Dictionary<string, IReadOnlyList<string>> { ["iam:PassedToService"] = new[] { "cloudtrail.amazonaws.com" } }
                : null;
            string checker = "arn:" + (partition ?? "aws") + ":iam::" + account + ":user/managed-policy-check";
            var suggestions = new List<string>(MaxSuggestedManagedPolicies);
            foreach (ManagedPolicyInfo candidate in catalog.FindManagedPoliciesGranting(action))
            {
                if (candidate.Path.StartsWith("/service-role/", StringComparison.Ordinal))
                {
                    continue;
                }

                if (AllowsAlone(candidate, action, checker, resource, context))
                {
                    suggestions.Add(candidate.Arn);
                    if (suggestions.Count == MaxSuggestedManagedPolicies)
                    {
                        break;
                    }
                }
            }

            return suggestions;
        }

        /// <summary>Whether the managed policy by itself allows the request; a policy the engine cannot read is not suggested.</summary>
        private bool AllowsAlone(ManagedPolicyInfo candidate, string action, string principal, string resource, IReadOnlyDictionary<string, IReadOnlyList<string>>? context)
        {
            try
            {
                PolicyDocument document = parsedManagedPolicies.GetOrAdd(candidate.Arn, _ => PolicyDocument.Parse(candidate.Document, candidate.Name));
                var request = new EvaluationRequest(action, principal) { Resource = resource, Context = context, IdentityPolicies = new[] { document } };
                return PolicyEvaluator.Evaluate(request).Decision == PolicyDecision.Allowed;
            }
            catch (CloudTrailIamToolsException)
            {
                return false;
            }
        }

        private string CanonicalAction(string action) => catalog.TryGetAction(action, out ActionInfo? info) ? info.FullName : action;

        /// <summary>
        /// The Resource for a suggested policy: the ARN when AWS gave one; a bare name (e.g. a trail name) turned into
        /// an ARN through the action's resource type; otherwise "*".
        /// </summary>
        private string PolicyResource(DiagnosisDraft draft)
        {
            string? resource = draft.Resource;
            if (resource is null || resource.Length == 0 || resource == "*")
            {
                return "*";
            }

            if (resource.StartsWith("arn:", StringComparison.Ordinal))
            {
                return resource;
            }

            return ResourceArnBuilder.FromName(
                catalog, draft.Action!, resource, draft.Principal?.Partition, draft.Principal?.AccountId ?? draft.AccountId, draft.Region) ?? "*";
        }

        private static string GrantCommand(DiagnosisDraft draft, string action, string resource)
        {
            PrincipalIdentity? principal = draft.Principal;
            string? target = principal?.Type switch
            {
                PrincipalType.User => "-UserName " + principal.Name,
                PrincipalType.Role or PrincipalType.AssumedRole => "-RoleName " + principal.Name,
                _ => null,
            };
            return target is null
                ? string.Empty
                : " With this module: Grant-CloudTrailPermission " + target + " -Action " + action + " -Resource '" + resource + "' -WhatIf, then without -WhatIf.";
        }

        private static string PrincipalForPolicy(PrincipalIdentity principal) =>
            principal.Type == PrincipalType.AssumedRole && principal.EntityArn is not null ? principal.EntityArn : principal.Text;

        private static string Describe(PrincipalIdentity? principal)
        {
            if (principal is null)
            {
                return "The caller";
            }

            return principal.Type switch
            {
                PrincipalType.User => "IAM user " + principal.Name,
                PrincipalType.Role => "IAM role " + principal.Name,
                PrincipalType.AssumedRole => "Role " + principal.Name + (principal.SessionName is null ? string.Empty : " (session " + principal.SessionName + ")"),
                PrincipalType.FederatedUser => "Federated user " + principal.Name,
                PrincipalType.Root => "The root user of account " + principal.AccountId,
                PrincipalType.Service => "Service principal " + principal.Text,
                PrincipalType.Anonymous => "An anonymous caller",
                _ => principal.Text,
            };
        }

        private static string EntityName(DiagnosisDraft draft)
        {
            PrincipalIdentity? principal = draft.Principal;
            return principal?.Type switch
            {
                PrincipalType.User => "IAM user " + principal.Name,
                PrincipalType.Role or PrincipalType.AssumedRole => "IAM role " + principal.Name,
                PrincipalType.FederatedUser => "the IAM user that issued the federation token",
                _ => "the calling user or role",
            };
        }

        private static string OnResource(DiagnosisDraft draft) => draft.Resource is null ? string.Empty : " on " + draft.Resource;

        private static string NameOfArn(string arn) => arn.Substring(arn.LastIndexOf('/') + 1);

        internal static string PolicyTypeText(PolicyType type, bool article = true)
        {
            string text = type switch
            {
                PolicyType.IdentityBased => "identity-based policy",
                PolicyType.ResourceBased => "resource-based policy",
                PolicyType.ServiceControl => "service control policy (SCP)",
                PolicyType.ResourceControl => "resource control policy (RCP)",
                PolicyType.PermissionsBoundary => "permissions boundary",
                PolicyType.Session => "session policy",
                PolicyType.VpcEndpoint => "VPC endpoint policy",
                PolicyType.RoleTrust => "role trust policy",
                _ => "policy",
            };
            return article ? "a " + text : text;
        }
    }
}
