using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using CloudTrailIamTools.Core.Arns;
using CloudTrailIamTools.Core.Catalog;
using CloudTrailIamTools.Core.Evaluation;
using CloudTrailIamTools.Core.Grants;
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

        private readonly ManagedPolicyFinder managedPolicyFinder;

        private readonly ConcurrentDictionary<string, string?> serviceByOperation =
            new ConcurrentDictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

        private readonly ConcurrentDictionary<string, string?> actionByOperation =
            new ConcurrentDictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Log scans meet the same unknown action thousands of times; the closest-name search is the costly part. Bounded.</summary>
        private readonly ConcurrentDictionary<string, IReadOnlyList<ActionInfo>> closestByAction =
            new ConcurrentDictionary<string, IReadOnlyList<ActionInfo>>(StringComparer.Ordinal);

        public RemediationAdvisor(IamCatalog catalog)
        {
            this.catalog = catalog;
            managedPolicyFinder = new ManagedPolicyFinder(catalog, MaxSuggestedManagedPolicies);
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

            if (draft.SuggestedStatements.Count == 0 && draft.NoGrantReason is null)
            {
                draft.NoGrant(GrantRefusalReason.NotAPermissionProblem, "A permission grant cannot fix this (" + draft.Kind + "): " + draft.Cause);
            }
            else if (draft.SuggestedStatements.Count > 0 && !IsGrantable(draft.Principal))
            {
                draft.NoGrant(GrantRefusalReason.NoGrantablePrincipal,
                    "The error names no IAM user or role to grant to (" + (draft.Principal?.Text ?? "the caller") + ", " + (draft.Principal?.Type ?? PrincipalType.Unknown) + "). " + draft.Cause);
            }
        }

        private static bool IsGrantable(PrincipalIdentity? principal) =>
            principal?.Name is not null && principal.Type is PrincipalType.User or PrincipalType.Role or PrincipalType.AssumedRole;

        /// <summary>Why an identity grant cannot lift a denial decided by this policy type or an explicit deny, and where the fix belongs.</summary>
        private static void NoGrantFor(DiagnosisDraft draft, GrantRefusalReason reason)
        {
            string what = (draft.Action ?? "the action") + (draft.Resource is null ? string.Empty : " on " + draft.Resource);
            string who = draft.Principal?.Text ?? "the caller";
            string policy = draft.PolicyArn is null ? string.Empty : " (" + draft.PolicyArn + ")";
            draft.NoGrant(reason, reason switch
            {
                GrantRefusalReason.ExplicitDeny => "Not granting: a policy explicitly denies " + what + " to " + who + policy + ", and no Allow overrides an explicit deny. Find and change the denying statement.",
                GrantRefusalReason.ServiceControlPolicy => "Not granting: a service control policy" + policy + " denies " + what + " to " + who + ". Identity permissions cannot lift an SCP; the organization's management account must change it.",
                GrantRefusalReason.ResourceControlPolicy => "Not granting: a resource control policy" + policy + " denies " + what + ". Identity permissions cannot lift an RCP; the organization's management account must change it.",
                GrantRefusalReason.PermissionsBoundary => "Not granting: the permissions boundary" + policy + " of " + who + " does not allow " + what + ", and the boundary caps every grant. Change the boundary instead.",
                GrantRefusalReason.SessionPolicy => "Not granting: the session policy of " + who + " does not allow " + what + ". Start a new session with a session policy that allows it (or none).",
                GrantRefusalReason.VpcEndpointPolicy => "Not granting: the VPC endpoint policy" + policy + " does not allow " + what + ". Change the endpoint's policy.",
                GrantRefusalReason.ResourcePolicy => "Not granting: the resource's own policy (or the role's trust policy) refuses " + what + " to " + who + ". Add the principal to that policy instead.",
                _ => "Not granting: " + draft.Cause,
            });
        }

        private static GrantRefusalReason? GuardRailReason(PolicyType? type) => type switch
        {
            PolicyType.ServiceControl => GrantRefusalReason.ServiceControlPolicy,
            PolicyType.ResourceControl => GrantRefusalReason.ResourceControlPolicy,
            PolicyType.PermissionsBoundary => GrantRefusalReason.PermissionsBoundary,
            PolicyType.Session => GrantRefusalReason.SessionPolicy,
            PolicyType.VpcEndpoint => GrantRefusalReason.VpcEndpointPolicy,
            PolicyType.ResourceBased or PolicyType.RoleTrust => GrantRefusalReason.ResourcePolicy,
            _ => null,
        };

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
                draft.Remediation.Add(RemediationStep.CallAws(
                    "Find the denied call in CloudTrail's event history (cloudtrail:LookupEvents, filtered on errorCode) or in the tool's debug output: the event names the action (eventSource and eventName) and the principal (userIdentity). Resolve that event with this tool for a full diagnosis.",
                    new AwsOperationCall("cloudtrail", "LookupEvents")));
                draft.Remediation.Add(RemediationStep.CallAws("Check who you are calling as (sts:GetCallerIdentity).", new AwsOperationCall("sts", "GetCallerIdentity")));
                AddGuardRailCheck(draft);
                draft.NoGrant(GrantRefusalReason.NotAPermissionProblem, "The error does not say which action " + (draft.Principal?.Text ?? "the caller") + " was denied, so there is nothing exact to grant. " + draft.Cause);
                return;
            }

            if (draft.ActionIsKnown == false)
            {
                AdviseUnknownAction(draft);
                return;
            }

            if (GuardRailReason(draft.PolicyType) is GrantRefusalReason guardRail)
            {
                NoGrantFor(draft, guardRail);
            }
            else if (draft.DenialType == DenialType.Explicit)
            {
                NoGrantFor(draft, GrantRefusalReason.ExplicitDeny);
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
            draft.NoGrant(GrantRefusalReason.UnknownAction, "'" + draft.Action + "' is not an action AWS defines, so granting it would change nothing." + suggestions);
            draft.Remediation.Add("Check the action name for a typo or an outdated SDK, tool or console page: IAM evaluates only real actions." + suggestions);
            draft.Remediation.Add("If a policy you wrote lists '" + draft.Action + "', replace it with the real action the operation needs; this tool completes real action names as you type them.");
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
            draft.Remediation.Add(RemediationStep.Test("Confirm which statement decides by testing the permission offline, on the policy documents, before and after the change.", actions: new[] { draft.Action! }));
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
                    return "Change the trust policy of the role being assumed (iam:UpdateAssumeRolePolicy) to remove the Deny that matches this principal." + named;
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
                    AddResourcePolicyStep(draft, what);
                    draft.Remediation.Add("Make sure the caller's own identity policy also allows " + what + " in the caller's account.");
                    draft.Remediation.Add(RemediationStep.SetUpCrossAccountRole("To give another account read access to CloudTrail data, set up a read-only role it can assume."));
                    if (draft.Principal?.Text is string principal && draft.Resource is string resource && resource.StartsWith("arn:", StringComparison.Ordinal))
                    {
                        draft.SuggestedPolicy = SuggestedPolicyBuilder.AllowPrincipal(SuggestedPolicyBuilder.SidFor(draft.Action!), PrincipalForPolicy(draft.Principal), CanonicalAction(draft.Action!), resource);
                    }

                    break;
                case PolicyType.RoleTrust:
                    draft.HelpTopic = HelpTopics.CrossAccountAccess;
                    AddTrustPolicySteps(draft);
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
            string resource = LeastPrivilegeShape(action, PolicyResource(draft));

            if (principal?.Type == PrincipalType.Root)
            {
                draft.Cause = "The account's root user was denied " + what + OnResource(draft) + ". Identity policies do not limit the root user, so something else refused it: a service control or resource control policy, or the resource's own policy.";
                draft.NoGrant(GrantRefusalReason.NoGrantablePrincipal, "The error names no IAM user or role to grant to (" + principal.Text + ", root). " + draft.Cause);
                AddGuardRailCheck(draft);
                return;
            }

            if (principal?.Type == PrincipalType.Anonymous)
            {
                draft.Cause = "The request was not signed (anonymous), so no identity policy applies; only a resource policy that allows everyone could let it through, which is rarely what you want.";
                draft.NoGrant(GrantRefusalReason.NoGrantablePrincipal, "The error names no IAM user or role to grant to (anonymous). " + draft.Cause);
                draft.Remediation.Add(RemediationStep.CallAws(
                    "Sign the request with credentials of an IAM user or role that is allowed the action (check the tool's credential settings: sts:GetCallerIdentity says who they are).",
                    new AwsOperationCall("sts", "GetCallerIdentity")));
                return;
            }

            if (principal?.Type == PrincipalType.Service)
            {
                draft.Cause = "The service principal " + principal.Text + " was denied " + what + OnResource(draft) + ". Services acting on your behalf are allowed by the resource's policy (bucket, key or topic policy) or by the role you pass them, not by an identity policy of yours.";
                draft.NoGrant(GrantRefusalReason.NoGrantablePrincipal, "The error names no IAM user or role to grant to (" + principal.Text + ", a service). " + draft.Cause);
                draft.Remediation.Add("Add a statement for the service principal to the resource's policy, limited with aws:SourceArn and aws:SourceAccount to your trail or account.");
                draft.Remediation.Add("If the service uses a role you passed it (CloudWatch Logs delivery, for example), give that role the permission instead.");
                return;
            }

            draft.Cause = draft.DenialType == DenialType.Implicit
                ? who + " is denied " + what + OnResource(draft) + " because no identity-based policy allows it: nothing attached to " + EntityName(draft) + " grants the action."
                : who + " is denied " + what + OnResource(draft) + ". The message does not say which policy refused it; most often no identity-based policy allows the action.";
            bool passRole = action.Equals("iam:PassRole", StringComparison.OrdinalIgnoreCase);
            string? passedTo = passRole ? PassedToService(draft, resource) : null;
            draft.SuggestedManagedPolicies = passRole && passedTo is null
                ? Array.Empty<string>()
                : managedPoliciesByGrant.GetOrAdd(action + "\n" + resource + "\n" + passedTo, key => FindManagedPolicies(action, resource, draft.Principal?.Partition, passedTo));

            if (passRole)
            {
                AdvisePassRole(draft, resource);
            }
            else
            {
                draft.SuggestGrant(new GrantStatement(SuggestedPolicyBuilder.SidFor(action), new[] { action }, new[] { resource }));
                draft.Remediation.Add(RemediationStep.Grant(
                    "Allow " + action + " on " + resource + " in a policy attached to " + EntityName(draft) + ": SuggestedPolicy holds a least-privilege document for exactly that.",
                    GrantTargetOf(draft.Principal), new[] { action }, new[] { resource }));
            }

            if (draft.SuggestedManagedPolicies.Count > 0)
            {
                draft.Remediation.Add("Or attach an AWS managed policy that includes it, narrowest first: " + string.Join(", ", draft.SuggestedManagedPolicies.Select(NameOfArn)) + ".");
            }

            if (action.Equals("sts:AssumeRole", StringComparison.OrdinalIgnoreCase))
            {
                // The usual cause is the role's side: its trust policy does not name the caller.
                draft.Cause += " For sts:AssumeRole the usual cause is the role's trust policy, which must name the caller.";
                AddTrustPolicySteps(draft, suggestTrustStatement: false);
            }

            AddIntegrationNotes(draft, action);
            if (principal?.Type == PrincipalType.FederatedUser)
            {
                draft.Remediation.Add("For a federated user, the permission must be in the policy of the IAM user that called GetFederationToken and in the session policy passed to that call.");
            }

            if (draft.DenialType == DenialType.Unknown)
            {
                draft.Remediation.Add(RemediationStep.Test("If a policy already allows it, something denies it: test the permission with the permissions boundary, session policy, SCPs and RCPs; the test names the deciding statement.", actions: new[] { action }));
            }

            AddCrossAccountNote(draft);
        }

        private void AdvisePassRole(DiagnosisDraft draft, string resource)
        {
            draft.HelpTopic = HelpTopics.PassRole;
            string roleArn = resource == "*" && draft.Principal?.AccountId is string account
                ? "arn:" + (draft.Principal.Partition ?? "aws") + ":iam::" + account + ":role/*"
                : resource;
            string? service = PassedToService(draft, resource);
            if (service is null)
            {
                draft.NoGrant(GrantRefusalReason.PassedToServiceUnknown, "Not granting iam:PassRole: the error does not say which service the role is passed to, and passing it to any service is a way to more privilege.");
                // Never guess CloudTrail: a condition naming the wrong service would not fix the error, and none at all is an escalation path.
                draft.Cause += " Passing a role to a service needs iam:PassRole on that role, limited with iam:PassedToService to the service that receives it; the message does not say which service that is.";
                draft.Remediation.Add("Allow iam:PassRole on " + roleArn + " with the condition iam:PassedToService = the service the role is handed to (for example lambda.amazonaws.com for a Lambda function's execution role): the operation that failed and the role's trust policy name it.");
                draft.Remediation.Add("Name the exact role instead of role/* where you can: iam:PassRole on every role lets the caller hand any role's permissions to code it runs.");
                return;
            }

            draft.SuggestGrant(new GrantStatement(PassRoleSid(service), new[] { "iam:PassRole" }, new[] { roleArn }, "{\"StringEquals\":{\"iam:PassedToService\":\"" + service + "\"}}"));
            string passText = "Allow iam:PassRole on " + roleArn + " with the condition iam:PassedToService = " + service +
                              ", so the permission cannot hand the role to any other service: SuggestedPolicy holds that document.";
            draft.Remediation.Add(service == CloudTrailService
                ? RemediationStep.Grant(passText, GrantTargetOf(draft.Principal), new[] { "iam:PassRole" }, new[] { roleArn })
                : RemediationStep.Explain(passText));
            draft.Remediation.Add("Name the exact role instead of role/* where you can.");
            if (service == CloudTrailService)
            {
                draft.Cause += " Handing a role to CloudTrail (for CloudWatch Logs delivery) needs iam:PassRole on that role; AWSCloudTrail_FullAccess allows it only toward cloudtrail.amazonaws.com.";
                draft.Remediation.Add(RemediationStep.GrantScenario(
                    "For the whole CloudWatch Logs set-up, grant the ConfigureCloudWatchLogs scenario: the administrator granting it creates the delivery role, and the user may pass exactly that role to CloudTrail.",
                    GrantTargetOf(draft.Principal), "ConfigureCloudWatchLogs"));
            }
            else
            {
                draft.Cause += " The role is handed to " + service + ", so the permission must name that service in iam:PassedToService.";
                draft.Remediation.Add("This module grants iam:PassRole only toward CloudTrail; an administrator adds this statement to the caller's policy directly, after checking that the role's permissions are meant for code the caller runs.");
            }
        }

        private const string CloudTrailService = "cloudtrail.amazonaws.com";

        /// <summary>Service prefixes whose service principal is not simply prefix.amazonaws.com.</summary>
        private static readonly Dictionary<string, string> ServicePrincipalByPrefix = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["ecs"] = "ecs-tasks.amazonaws.com",
            ["sfn"] = "states.amazonaws.com",
            ["states"] = "states.amazonaws.com",
            ["emr"] = "elasticmapreduce.amazonaws.com",
            ["elasticmapreduce"] = "elasticmapreduce.amazonaws.com",
            ["scheduler"] = "scheduler.amazonaws.com",
        };

        /// <summary>Words in role names that name the service a role is made for, in the order they are checked.</summary>
        private static readonly (string Word, string Service)[] RoleNameHints =
        {
            ("cloudtrail", CloudTrailService), ("lambda", "lambda.amazonaws.com"), ("bedrock", "bedrock.amazonaws.com"), ("ecs", "ecs-tasks.amazonaws.com"),
            ("glue", "glue.amazonaws.com"), ("sagemaker", "sagemaker.amazonaws.com"), ("codebuild", "codebuild.amazonaws.com"),
            ("stepfunctions", "states.amazonaws.com"), ("states", "states.amazonaws.com"), ("ec2", "ec2.amazonaws.com"),
            ("cloudformation", "cloudformation.amazonaws.com"), ("batch", "batch.amazonaws.com"),
        };

        /// <summary>
        /// The service a role is passed to: named in the message (a service principal), implied by the operation that failed
        /// (CreateFunction is Lambda's), or by the role's name; null when nothing says.
        /// </summary>
        private string? PassedToService(DiagnosisDraft draft, string resource)
        {
            string? message = draft.Message;
            if (message is not null)
            {
                int at = message.IndexOf(".amazonaws.com", StringComparison.OrdinalIgnoreCase);
                if (at > 0)
                {
                    int start = at;
                    while (start > 0 && (char.IsLetterOrDigit(message[start - 1]) || message[start - 1] == '-' || message[start - 1] == '.'))
                    {
                        start--;
                    }

                    if (at > start)
                    {
                        return message.Substring(start, at - start).ToLowerInvariant() + ".amazonaws.com";
                    }
                }
            }

            if (draft.Operation is string operation && operation.Length > 0 && !operation.Contains("-") && !operation.Equals("PassRole", StringComparison.OrdinalIgnoreCase))
            {
                string? prefix = serviceByOperation.GetOrAdd(operation, ServiceTakingRolesFor);
                if (prefix is not null)
                {
                    return ServicePrincipalByPrefix.TryGetValue(prefix, out string? principal) ? principal : prefix.ToLowerInvariant() + ".amazonaws.com";
                }
            }

            int slash = resource.LastIndexOf('/');
            string roleName = slash >= 0 ? resource.Substring(slash + 1) : string.Empty;
            foreach ((string word, string service) in RoleNameHints)
            {
                if (roleName.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return service;
                }
            }

            return null;
        }

        /// <summary>
        /// The service of an operation that passes a role (CreateFunction is Lambda's, not CloudFront's): the one service
        /// that has it, else the one among the services that take roles; null when that is not clear.
        /// </summary>
        private string? ServiceTakingRolesFor(string operation)
        {
            var services = catalog.MatchActions("*:" + operation).Select(a => a.Service).Where(p => !p.Equals("iam", StringComparison.OrdinalIgnoreCase))
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (services.Count == 1)
            {
                return services[0];
            }

            var takingRoles = services.Where(p => RoleNameHints.Any(h => h.Service.StartsWith(p + ".", StringComparison.OrdinalIgnoreCase)) || ServicePrincipalByPrefix.ContainsKey(p)).ToList();
            return takingRoles.Count == 1 ? takingRoles[0] : null;
        }

        private static string PassRoleSid(string service)
        {
            string name = service.Substring(0, service.IndexOf('.'));
            return name == "cloudtrail" ? "AllowPassRoleToCloudTrail" : "AllowPassRoleTo" + SuggestedPolicyBuilder.SidFor(name).Substring("Allow".Length);
        }

        private static void AddIntegrationNotes(DiagnosisDraft draft, string action)
        {
            if (CloudWatchLogsSetupActions.Contains(action) && !action.Equals("iam:PassRole", StringComparison.OrdinalIgnoreCase))
            {
                draft.Remediation.Add(RemediationStep.Test(
                    "Configuring CloudWatch Logs for a trail needs more than AWSCloudTrail_FullAccess: a delivery role trusting cloudtrail.amazonaws.com (which an administrator creates; creating roles and writing their policies lets the holder make itself administrator), iam:PassRole on exactly that role toward cloudtrail.amazonaws.com, and iam:ListRoles and iam:GetRole for the console. Testing the ConfigureCloudWatchLogs scenario lists what is missing.",
                    "ConfigureCloudWatchLogs"));
            }
            else if (action.StartsWith("config:", StringComparison.OrdinalIgnoreCase))
            {
                draft.Remediation.Add(RemediationStep.Test(
                    "The CloudTrail console's AWS Config view needs config:Get*, config:Describe* and config:List*, which AWSCloudTrail_FullAccess does not include. Testing the ViewAwsConfigIntegration scenario checks them.",
                    "ViewAwsConfigIntegration"));
            }
            else if (OrganizationTrailActions.Contains(action))
            {
                draft.HelpTopic = HelpTopics.OrganizationTrails;
                draft.Remediation.Add(RemediationStep.RepairOrganizationTrail(
                    "Organization trails need permissions beyond AWSCloudTrail_FullAccess (organizations:DescribeOrganization, ListAWSServiceAccessForOrganization, EnableAWSServiceAccess, iam:GetRole, iam:CreateServiceLinkedRole). The organization trail repair checks them all with the other prerequisites."));
            }
        }

        /// <summary>When the resource lives in another account, both sides must allow; say so.</summary>
        private static void AddCrossAccountNote(DiagnosisDraft draft)
        {
            if (draft.Principal?.AccountId is string caller && Arn.TryParse(draft.Resource, out Arn? arn) &&
                Arn.IsAccountId(arn.AccountId) && arn.AccountId != caller)
            {
                draft.HelpTopic = HelpTopics.CrossAccountAccess;
                draft.Remediation.Add(RemediationStep.SetUpCrossAccountRole(
                    "The resource belongs to account " + arn.AccountId + ", not the caller's " + caller + ": that account must also allow the request (a resource policy, or a role the caller may assume). For CloudTrail data, that account can set up a read-only role for the caller."));
            }
        }

        /// <summary>
        /// The resource's owner adds the caller to its key, bucket or other resource policy, naming the role ARN (a policy
        /// cannot name a session) and the statement to add.
        /// </summary>
        private void AddResourcePolicyStep(DiagnosisDraft draft, string what)
        {
            string? resource = draft.Resource is null ? null : PolicyLiteral.Unquote(draft.Resource);
            string? principal = draft.Principal is null ? null : PrincipalForPolicy(draft.Principal);
            Arn.TryParse(resource, out Arn? arn);
            (RemediationStepKind kind, string policy) = arn?.Service switch
            {
                "kms" => (RemediationStepKind.EditKeyPolicy, "the key policy of " + resource),
                "s3" => (RemediationStepKind.EditBucketPolicy, "the bucket policy of " + (arn!.Resource.IndexOf('/') > 0 ? "arn:" + arn.Partition + ":s3:::" + arn.Resource.Substring(0, arn.Resource.IndexOf('/')) : resource)),
                _ => (RemediationStepKind.EditResourcePolicy, "the resource policy of " + (resource ?? "the resource")),
            };
            string? statement = null;
            if (principal is not null && arn is not null)
            {
                draft.SuggestedPolicy = SuggestedPolicyBuilder.AllowPrincipal(SuggestedPolicyBuilder.SidFor(draft.Action!), principal, CanonicalAction(draft.Action!), PolicyLiteral.Escape(resource!));
                statement = draft.SuggestedPolicy;
            }

            string owner = arn is not null && Arn.IsAccountId(arn.AccountId) ? " (account " + arn.AccountId + ")" : string.Empty;
            draft.Remediation.Add(RemediationStep.EditPolicy(kind,
                "In the resource owner's account" + owner + ", add a statement to " + policy + " that allows " + what + " for " + (principal ?? "the principal") +
                (draft.Principal?.Type == PrincipalType.AssumedRole ? " (the role's ARN: a policy names the role, not the session)" : string.Empty) +
                (statement is null ? "." : "; SuggestedPolicy holds that statement."),
                arn is null ? resource : (kind == RemediationStepKind.EditBucketPolicy ? "arn:" + arn.Partition + ":s3:::" + arn.Resource.Split('/')[0] : resource), principal, statement));
        }

        /// <summary>sts:AssumeRole: the role's trust policy must name the caller; across accounts the caller's own policy must allow it too.</summary>
        private void AddTrustPolicySteps(DiagnosisDraft draft, bool suggestTrustStatement = true)
        {
            string? roleArn = draft.Resource is null ? null : PolicyLiteral.Unquote(draft.Resource);
            string? caller = draft.Principal is null ? null : PrincipalForPolicy(draft.Principal);
            string? statement = null;
            if (caller is not null && roleArn is not null && roleArn.StartsWith("arn:", StringComparison.Ordinal))
            {
                statement = SuggestedPolicyBuilder.AllowPrincipal("TrustCaller", caller, "sts:AssumeRole", "*");
                if (suggestTrustStatement)
                {
                    draft.SuggestedPolicy = statement;
                }
            }

            draft.Remediation.Add(RemediationStep.EditPolicy(RemediationStepKind.EditTrustPolicy,
                "Add " + (caller ?? "the caller") + " to the trust policy of " + (roleArn ?? "the role being assumed") +
                " (iam:UpdateAssumeRolePolicy), with sts:ExternalId or MFA conditions where a third party is involved" +
                (statement is null ? "." : suggestTrustStatement ? "; SuggestedPolicy holds the trust statement." : "."),
                roleArn, caller, statement).Calling(new AwsOperationCall("iam", "UpdateAssumeRolePolicy", ("RoleName", RoleName(roleArn) ?? "<role-name>"), ("PolicyDocument", "<trust-policy>"))));
            bool crossAccount = Arn.TryParse(roleArn, out Arn? role) && draft.Principal?.AccountId is string account && Arn.IsAccountId(role.AccountId) && role.AccountId != account;
            draft.Remediation.Add(crossAccount
                ? "Both sides must allow a cross-account assume: the trust policy in account " + role!.AccountId + ", and the caller's own identity policy in account " + draft.Principal!.AccountId + " must allow sts:AssumeRole on " + roleArn + "."
                : "The caller also needs sts:AssumeRole on the role's ARN in its own identity policy, unless the trust policy names the caller's own ARN.");
        }

        /// <summary>The role name in a role ARN (role/path/name), or null.</summary>
        private static string? RoleName(string? roleArn) =>
            Arn.TryParse(roleArn, out Arn? arn) && arn.Resource.StartsWith("role/", StringComparison.Ordinal)
                ? arn.Resource.Substring(arn.Resource.LastIndexOf('/') + 1)
                : null;

        private static void AddGuardRailCheck(DiagnosisDraft draft)
        {
            draft.Remediation.Add("Check the policies that can refuse even an allowed request: service control policies and resource control policies of the organization, the permissions boundary, the session policy, the resource's own policy and any VPC endpoint policy.");
            draft.Remediation.Add(RemediationStep.Test("Testing the permission evaluates those policies together and names the deciding statement.", actions: draft.Action is null ? null : new[] { draft.Action }));
        }

        private void AdviseEncoded(DiagnosisDraft draft)
        {
            draft.HelpTopic = HelpTopics.NotAuthorized;
            draft.Cause = "The service refused the request and put the details (principal, action, resource, matching statements) in an encoded authorization message.";
            draft.Remediation.Add(RemediationStep.Decode("Decode it (this tool's decode option, or sts:DecodeAuthorizationMessage with EncodedMessage <message>); decoding needs sts:DecodeAuthorizationMessage.")
                .Calling(new AwsOperationCall("sts", "DecodeAuthorizationMessage", ("EncodedMessage", "<message>"))));
            draft.Remediation.Add("The decoded document's 'explicitDeny' and 'matchedStatements' tell whether a grant can help.");
        }

        private static void AdviseFromErrorCode(DiagnosisDraft draft)
        {
            KnownErrorCodes.TryGet(draft.ErrorCode, out ErrorCodeAdvice advice);
            draft.Cause = advice.Cause;
            draft.HelpTopic = advice.HelpTopic;
            foreach (RemediationStep step in advice.Steps)
            {
                draft.Remediation.Add(step);
            }
            if (advice.Kind == DiagnosisKind.ServiceLinkedRoleMissing)
            {
                draft.SuggestedPolicy = SuggestedPolicyBuilder.Allow("AllowCloudTrailServiceLinkedRole", "iam:CreateServiceLinkedRole", "arn:aws:iam::*:role/aws-service-role/cloudtrail.amazonaws.com/*", "iam:AWSServiceName", "cloudtrail.amazonaws.com");
            }
        }

        /// <summary>AWS managed policies that really allow this action on this resource, narrowest first (see ManagedPolicyFinder).</summary>
        private IReadOnlyList<string> FindManagedPolicies(string action, string resource, string? partition, string? passedToService) =>
            managedPolicyFinder.Find(action, resource, partition, passedToService);

        private string CanonicalAction(string action) => catalog.TryGetAction(action, out ActionInfo? info) ? info.FullName : action;

        /// <summary>
        /// The Resource for a suggested policy: the ARN when AWS gave one; a bare name (e.g. a trail name) turned into
        /// an ARN through the action's resource type; otherwise "*".
        /// </summary>
        private string PolicyResource(DiagnosisDraft draft)
        {
            string? resource = draft.Resource is null ? null : PolicyLiteral.Unquote(draft.Resource);
            if (resource is null || resource.Length == 0 || resource == "*")
            {
                return "*";
            }

            // Text from the message is data: *, ? and $ in it are literal characters, never policy wildcards or variables.
            if (resource.StartsWith("arn:", StringComparison.Ordinal))
            {
                return PolicyLiteral.Escape(resource);
            }

            return ResourceArnBuilder.FromName(
                catalog, draft.Action!, PolicyLiteral.Escape(resource), draft.Principal?.Partition, draft.Principal?.AccountId ?? draft.AccountId, draft.Region) ?? "*";
        }

        /// <summary>
        /// The resource pattern that fits the action rather than the one item in the message: CloudWatch Logs stream writes
        /// cover the log group's streams (log-group:NAME:*), S3 object actions on a bucket cover its objects (bucket/*),
        /// and S3 bucket actions on an object name the bucket.
        /// </summary>
        private string LeastPrivilegeShape(string action, string resource)
        {
            if (!resource.StartsWith("arn:", StringComparison.Ordinal))
            {
                return resource;
            }

            if (action.Equals("logs:CreateLogStream", StringComparison.OrdinalIgnoreCase) || action.Equals("logs:PutLogEvents", StringComparison.OrdinalIgnoreCase))
            {
                int stream = resource.IndexOf(":log-stream:", StringComparison.Ordinal);
                string group = stream > 0 ? resource.Substring(0, stream) : resource;
                return group.IndexOf(":log-group:", StringComparison.Ordinal) > 0 && !group.EndsWith(":*", StringComparison.Ordinal) ? group + ":*" : resource;
            }

            if (resource.StartsWith("arn:", StringComparison.Ordinal) && Arn.TryParse(resource, out Arn? arn) && arn.Service == "s3" && catalog.TryGetAction(action, out ActionInfo? info))
            {
                bool objectAction = info.ResourceTypes.Any(t => t.Name == "object") && !info.ResourceTypes.Any(t => t.Name == "bucket");
                bool bucketAction = info.ResourceTypes.Any(t => t.Name == "bucket") && !info.ResourceTypes.Any(t => t.Name == "object");
                int slash = arn.Resource.IndexOf('/');
                if (objectAction && slash < 0)
                {
                    return resource + "/*";
                }

                if (bucketAction && slash > 0)
                {
                    return "arn:" + arn.Partition + ":s3:::" + arn.Resource.Substring(0, slash);
                }
            }

            return resource;
        }

        /// <summary>The user or role a grant step names; null when the error names no identity that can hold a policy.</summary>
        private static GrantTarget? GrantTargetOf(PrincipalIdentity? principal)
        {
            try
            {
                return principal?.Type switch
                {
                    PrincipalType.User when principal.Name is not null => new GrantTarget(GrantPrincipalType.User, principal.Name),
                    PrincipalType.Role or PrincipalType.AssumedRole when principal.Name is not null => new GrantTarget(GrantPrincipalType.Role, principal.Name),
                    _ => null,
                };
            }
            catch (InvalidInputException)
            {
                // A name from the text that IAM would not accept: the step stays, without a target.
                return null;
            }
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
