using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using CloudTrailIamTools.Core.Aws.Runtime;

namespace CloudTrailIamTools.Core.Aws
{
    public sealed class IamUser
    {
        public IamUser(string userName, string? userId, string arn, string? path, DateTimeOffset? createDate,
            string? permissionsBoundaryArn, IReadOnlyDictionary<string, string> tags)
        {
            UserName = userName;
            UserId = userId;
            Arn = arn;
            Path = path;
            CreateDate = createDate;
            PermissionsBoundaryArn = permissionsBoundaryArn;
            Tags = tags;
        }

        public string UserName { get; }
        public string? UserId { get; }
        public string Arn { get; }
        public string? Path { get; }
        public DateTimeOffset? CreateDate { get; }
        public string? PermissionsBoundaryArn { get; }
        public IReadOnlyDictionary<string, string> Tags { get; }

        internal static IamUser From(XElement e) => new IamUser(
            e.Text("UserName") ?? string.Empty, e.Text("UserId"), e.Text("Arn") ?? string.Empty, e.Text("Path"), e.Date("CreateDate"),
            e.Child("PermissionsBoundary").Text("PermissionsBoundaryArn"), e.Tags());
    }

    public sealed class IamRole
    {
        public IamRole(string roleName, string? roleId, string arn, string? path, DateTimeOffset? createDate, string? assumeRolePolicyDocument,
            string? description, int? maxSessionDuration, string? permissionsBoundaryArn, IReadOnlyDictionary<string, string> tags)
        {
            RoleName = roleName;
            RoleId = roleId;
            Arn = arn;
            Path = path;
            CreateDate = createDate;
            AssumeRolePolicyDocument = assumeRolePolicyDocument;
            Description = description;
            MaxSessionDuration = maxSessionDuration;
            PermissionsBoundaryArn = permissionsBoundaryArn;
            Tags = tags;
        }

        public string RoleName { get; }
        public string? RoleId { get; }
        public string Arn { get; }
        public string? Path { get; }
        public DateTimeOffset? CreateDate { get; }

        /// <summary>The trust policy, URL-decoded JSON.</summary>
        public string? AssumeRolePolicyDocument { get; }
        public string? Description { get; }
        public int? MaxSessionDuration { get; }
        public string? PermissionsBoundaryArn { get; }
        public IReadOnlyDictionary<string, string> Tags { get; }

        internal static IamRole From(XElement e) => new IamRole(
            e.Text("RoleName") ?? string.Empty, e.Text("RoleId"), e.Text("Arn") ?? string.Empty, e.Text("Path"), e.Date("CreateDate"),
            e.PolicyDocument("AssumeRolePolicyDocument"), e.Text("Description"), e.Int("MaxSessionDuration"),
            e.Child("PermissionsBoundary").Text("PermissionsBoundaryArn"), e.Tags());
    }

    public sealed class IamGroup
    {
        public IamGroup(string groupName, string? groupId, string arn, string? path, DateTimeOffset? createDate)
        {
            GroupName = groupName;
            GroupId = groupId;
            Arn = arn;
            Path = path;
            CreateDate = createDate;
        }

        public string GroupName { get; }
        public string? GroupId { get; }
        public string Arn { get; }
        public string? Path { get; }
        public DateTimeOffset? CreateDate { get; }

        internal static IamGroup From(XElement e) => new IamGroup(
            e.Text("GroupName") ?? string.Empty, e.Text("GroupId"), e.Text("Arn") ?? string.Empty, e.Text("Path"), e.Date("CreateDate"));
    }

    /// <summary>An inline policy of a user, group or role, its document URL-decoded.</summary>
    public sealed class IamInlinePolicy
    {
        public IamInlinePolicy(string policyName, string policyDocument)
        {
            PolicyName = policyName;
            PolicyDocument = policyDocument;
        }

        public string PolicyName { get; }
        public string PolicyDocument { get; }

        internal static IamInlinePolicy From(XElement e) =>
            new IamInlinePolicy(e.Text("PolicyName") ?? string.Empty, e.PolicyDocument("PolicyDocument") ?? string.Empty);
    }

    public sealed class IamAttachedPolicy
    {
        public IamAttachedPolicy(string policyName, string policyArn)
        {
            PolicyName = policyName;
            PolicyArn = policyArn;
        }

        public string PolicyName { get; }
        public string PolicyArn { get; }

        internal static IamAttachedPolicy From(XElement e) => new IamAttachedPolicy(e.Text("PolicyName") ?? string.Empty, e.Text("PolicyArn") ?? string.Empty);
    }

    public sealed class IamManagedPolicy
    {
        public IamManagedPolicy(string? policyName, string? policyId, string arn, string? path, string? defaultVersionId, int? attachmentCount,
            int? permissionsBoundaryUsageCount, bool? isAttachable, string? description, DateTimeOffset? createDate, DateTimeOffset? updateDate)
        {
            PolicyName = policyName;
            PolicyId = policyId;
            Arn = arn;
            Path = path;
            DefaultVersionId = defaultVersionId;
            AttachmentCount = attachmentCount;
            PermissionsBoundaryUsageCount = permissionsBoundaryUsageCount;
            IsAttachable = isAttachable;
            Description = description;
            CreateDate = createDate;
            UpdateDate = updateDate;
        }

        public string? PolicyName { get; }
        public string? PolicyId { get; }
        public string Arn { get; }
        public string? Path { get; }
        public string? DefaultVersionId { get; }
        public int? AttachmentCount { get; }
        public int? PermissionsBoundaryUsageCount { get; }
        public bool? IsAttachable { get; }
        public string? Description { get; }
        public DateTimeOffset? CreateDate { get; }
        public DateTimeOffset? UpdateDate { get; }

        internal static IamManagedPolicy From(XElement e) => new IamManagedPolicy(
            e.Text("PolicyName"), e.Text("PolicyId"), e.Text("Arn") ?? string.Empty, e.Text("Path"), e.Text("DefaultVersionId"),
            e.Int("AttachmentCount"), e.Int("PermissionsBoundaryUsageCount"), e.Bool("IsAttachable"), e.Text("Description"),
            e.Date("CreateDate"), e.Date("UpdateDate"));
    }

    public sealed class IamPolicyVersion
    {
        public IamPolicyVersion(string versionId, bool isDefaultVersion, DateTimeOffset? createDate, string? document)
        {
            VersionId = versionId;
            IsDefaultVersion = isDefaultVersion;
            CreateDate = createDate;
            Document = document;
        }

        public string VersionId { get; }
        public bool IsDefaultVersion { get; }
        public DateTimeOffset? CreateDate { get; }

        /// <summary>The policy document, URL-decoded JSON.</summary>
        public string? Document { get; }

        internal static IamPolicyVersion From(XElement e) => new IamPolicyVersion(
            e.Text("VersionId") ?? string.Empty, e.Bool("IsDefaultVersion") ?? false, e.Date("CreateDate"), e.PolicyDocument("Document"));
    }

    public sealed class IamUserDetail
    {
        public IamUserDetail(IamUser user, IReadOnlyList<string> groupNames, IReadOnlyList<IamInlinePolicy> inlinePolicies, IReadOnlyList<IamAttachedPolicy> attachedPolicies)
        {
            User = user;
            GroupNames = groupNames;
            InlinePolicies = inlinePolicies;
            AttachedPolicies = attachedPolicies;
        }

        public IamUser User { get; }
        public IReadOnlyList<string> GroupNames { get; }
        public IReadOnlyList<IamInlinePolicy> InlinePolicies { get; }
        public IReadOnlyList<IamAttachedPolicy> AttachedPolicies { get; }

        internal static IamUserDetail From(XElement e) => new IamUserDetail(
            IamUser.From(e), e.Strings("GroupList"), e.Members("UserPolicyList").Select(IamInlinePolicy.From).ToList(),
            e.Members("AttachedManagedPolicies").Select(IamAttachedPolicy.From).ToList());
    }

    public sealed class IamGroupDetail
    {
        public IamGroupDetail(IamGroup group, IReadOnlyList<IamInlinePolicy> inlinePolicies, IReadOnlyList<IamAttachedPolicy> attachedPolicies)
        {
            Group = group;
            InlinePolicies = inlinePolicies;
            AttachedPolicies = attachedPolicies;
        }

        public IamGroup Group { get; }
        public IReadOnlyList<IamInlinePolicy> InlinePolicies { get; }
        public IReadOnlyList<IamAttachedPolicy> AttachedPolicies { get; }

        internal static IamGroupDetail From(XElement e) => new IamGroupDetail(
            IamGroup.From(e), e.Members("GroupPolicyList").Select(IamInlinePolicy.From).ToList(),
            e.Members("AttachedManagedPolicies").Select(IamAttachedPolicy.From).ToList());
    }

    public sealed class IamRoleDetail
    {
        public IamRoleDetail(IamRole role, IReadOnlyList<IamInlinePolicy> inlinePolicies, IReadOnlyList<IamAttachedPolicy> attachedPolicies)
        {
            Role = role;
            InlinePolicies = inlinePolicies;
            AttachedPolicies = attachedPolicies;
        }

        public IamRole Role { get; }
        public IReadOnlyList<IamInlinePolicy> InlinePolicies { get; }
        public IReadOnlyList<IamAttachedPolicy> AttachedPolicies { get; }

        internal static IamRoleDetail From(XElement e) => new IamRoleDetail(
            IamRole.From(e), e.Members("RolePolicyList").Select(IamInlinePolicy.From).ToList(),
            e.Members("AttachedManagedPolicies").Select(IamAttachedPolicy.From).ToList());
    }

    public sealed class IamManagedPolicyDetail
    {
        public IamManagedPolicyDetail(IamManagedPolicy policy, IReadOnlyList<IamPolicyVersion> versions)
        {
            Policy = policy;
            Versions = versions;
        }

        public IamManagedPolicy Policy { get; }
        public IReadOnlyList<IamPolicyVersion> Versions { get; }

        /// <summary>The default version's document, if it was returned.</summary>
        public string? DefaultDocument => Versions.FirstOrDefault(v => v.IsDefaultVersion)?.Document;

        internal static IamManagedPolicyDetail From(XElement e) =>
            new IamManagedPolicyDetail(IamManagedPolicy.From(e), e.Members("PolicyVersionList").Select(IamPolicyVersion.From).ToList());
    }

    /// <summary>GetAccountAuthorizationDetails, all pages merged.</summary>
    public sealed class IamAccountAuthorizationDetails
    {
        public IamAccountAuthorizationDetails(IReadOnlyList<IamUserDetail> users, IReadOnlyList<IamGroupDetail> groups,
            IReadOnlyList<IamRoleDetail> roles, IReadOnlyList<IamManagedPolicyDetail> policies)
        {
            Users = users;
            Groups = groups;
            Roles = roles;
            Policies = policies;
        }

        public IReadOnlyList<IamUserDetail> Users { get; }
        public IReadOnlyList<IamGroupDetail> Groups { get; }
        public IReadOnlyList<IamRoleDetail> Roles { get; }
        public IReadOnlyList<IamManagedPolicyDetail> Policies { get; }
    }

    /// <summary>Entity filter for GetAccountAuthorizationDetails (the API's EntityType values).</summary>
    public enum IamEntityFilter
    {
        User,
        Role,
        Group,
        LocalManagedPolicy,
        AWSManagedPolicy,
    }

    /// <summary>A context key for the simulator (ContextKeyType: string, stringList, numeric, boolean, date, ip, binary, ...).</summary>
    public sealed class IamContextEntry
    {
        public IamContextEntry(string keyName, string keyType, IReadOnlyList<string> values)
        {
            KeyName = keyName;
            KeyType = keyType;
            Values = values;
        }

        public string KeyName { get; }
        public string KeyType { get; }
        public IReadOnlyList<string> Values { get; }
    }

    /// <summary>Input of SimulatePrincipalPolicy.</summary>
    public sealed class IamSimulationRequest
    {
        public IamSimulationRequest(string policySourceArn, IReadOnlyList<string> actionNames)
        {
            PolicySourceArn = policySourceArn;
            ActionNames = actionNames;
        }

        public string PolicySourceArn { get; }
        public IReadOnlyList<string> ActionNames { get; }
        public IReadOnlyList<string>? ResourceArns { get; init; }

        /// <summary>Extra identity policies IAM adds to the principal's own (they widen, unlike a session policy, so none is sent here).</summary>
        public IReadOnlyList<string>? PolicyInputList { get; init; }
        public IReadOnlyList<string>? PermissionsBoundaryPolicyInputList { get; init; }
        public string? ResourcePolicy { get; init; }
        public string? ResourceOwner { get; init; }
        public string? CallerArn { get; init; }
        public IReadOnlyList<IamContextEntry>? ContextEntries { get; init; }
        public string? ResourceHandlingOption { get; init; }
    }

    public sealed class IamStatementMatch
    {
        public IamStatementMatch(string? sourcePolicyId, string? sourcePolicyType, int? startLine, int? startColumn, int? endLine, int? endColumn)
        {
            SourcePolicyId = sourcePolicyId;
            SourcePolicyType = sourcePolicyType;
            StartLine = startLine;
            StartColumn = startColumn;
            EndLine = endLine;
            EndColumn = endColumn;
        }

        public string? SourcePolicyId { get; }

        /// <summary>user | group | role | aws-managed | user-managed | resource | none.</summary>
        public string? SourcePolicyType { get; }
        public int? StartLine { get; }
        public int? StartColumn { get; }
        public int? EndLine { get; }
        public int? EndColumn { get; }

        internal static IamStatementMatch From(XElement e) => new IamStatementMatch(
            e.Text("SourcePolicyId"), e.Text("SourcePolicyType"), e.Child("StartPosition").Int("Line"), e.Child("StartPosition").Int("Column"),
            e.Child("EndPosition").Int("Line"), e.Child("EndPosition").Int("Column"));
    }

    public sealed class IamResourceSimulationResult
    {
        public IamResourceSimulationResult(string resourceName, string decision, IReadOnlyList<IamStatementMatch> matchedStatements,
            IReadOnlyList<string> missingContextValues, IReadOnlyDictionary<string, string> decisionDetails, bool? allowedByPermissionsBoundary)
        {
            ResourceName = resourceName;
            Decision = decision;
            MatchedStatements = matchedStatements;
            MissingContextValues = missingContextValues;
            DecisionDetails = decisionDetails;
            AllowedByPermissionsBoundary = allowedByPermissionsBoundary;
        }

        public string ResourceName { get; }
        public string Decision { get; }
        public IReadOnlyList<IamStatementMatch> MatchedStatements { get; }
        public IReadOnlyList<string> MissingContextValues { get; }
        public IReadOnlyDictionary<string, string> DecisionDetails { get; }
        public bool? AllowedByPermissionsBoundary { get; }

        internal static IamResourceSimulationResult From(XElement e) => new IamResourceSimulationResult(
            e.Text("EvalResourceName") ?? string.Empty, e.Text("EvalResourceDecision") ?? string.Empty,
            e.Members("MatchedStatements").Select(IamStatementMatch.From).ToList(), e.Strings("MissingContextValues"),
            e.Map("EvalDecisionDetails"), e.Child("PermissionsBoundaryDecisionDetail").Bool("AllowedByPermissionsBoundary"));
    }

    /// <summary>One EvaluationResult of SimulatePrincipalPolicy.</summary>
    public sealed class IamSimulationResult
    {
        public IamSimulationResult(string actionName, string? resourceName, string decision, IReadOnlyList<IamStatementMatch> matchedStatements,
            IReadOnlyList<string> missingContextValues, IReadOnlyDictionary<string, string> decisionDetails, bool? allowedByOrganizations,
            bool? allowedByPermissionsBoundary, IReadOnlyList<IamResourceSimulationResult> resourceSpecificResults)
        {
            ActionName = actionName;
            ResourceName = resourceName;
            Decision = decision;
            MatchedStatements = matchedStatements;
            MissingContextValues = missingContextValues;
            DecisionDetails = decisionDetails;
            AllowedByOrganizations = allowedByOrganizations;
            AllowedByPermissionsBoundary = allowedByPermissionsBoundary;
            ResourceSpecificResults = resourceSpecificResults;
        }

        public string ActionName { get; }
        public string? ResourceName { get; }

        /// <summary>allowed | explicitDeny | implicitDeny.</summary>
        public string Decision { get; }
        public IReadOnlyList<IamStatementMatch> MatchedStatements { get; }
        public IReadOnlyList<string> MissingContextValues { get; }
        public IReadOnlyDictionary<string, string> DecisionDetails { get; }
        public bool? AllowedByOrganizations { get; }
        public bool? AllowedByPermissionsBoundary { get; }
        public IReadOnlyList<IamResourceSimulationResult> ResourceSpecificResults { get; }

        internal static IamSimulationResult From(XElement e) => new IamSimulationResult(
            e.Text("EvalActionName") ?? string.Empty, e.Text("EvalResourceName"), e.Text("EvalDecision") ?? string.Empty,
            e.Members("MatchedStatements").Select(IamStatementMatch.From).ToList(), e.Strings("MissingContextValues"),
            e.Map("EvalDecisionDetails"), e.Child("OrganizationsDecisionDetail").Bool("AllowedByOrganizations"),
            e.Child("PermissionsBoundaryDecisionDetail").Bool("AllowedByPermissionsBoundary"),
            e.Members("ResourceSpecificResults").Select(IamResourceSimulationResult.From).ToList());
    }
}
