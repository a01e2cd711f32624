using System;
using System.Collections.Generic;
using System.Linq;
using CloudTrailIamTools.Core.Aws;
using CloudTrailIamTools.Core.Catalog;

namespace CloudTrailIamTools.Core.Grants
{
    /// <summary>What an existing role holds, as far as the cross-account grant cares.</summary>
    public sealed class ExistingCrossAccountRole
    {
        public ExistingCrossAccountRole(IamRole role, IReadOnlyList<string> inlinePolicyNames, string? permissionPolicy, IReadOnlyList<string> attachedPolicyArns)
        {
            Role = role;
            InlinePolicyNames = inlinePolicyNames;
            PermissionPolicy = permissionPolicy;
            AttachedPolicyArns = attachedPolicyArns;
        }

        public IamRole Role { get; }

        public IReadOnlyList<string> InlinePolicyNames { get; }

        /// <summary>Our inline policy's document, or null when the role has none of that name.</summary>
        public string? PermissionPolicy { get; }

        public IReadOnlyList<string> AttachedPolicyArns { get; }
    }

    /// <summary>The role a request leads to and what must change to get there, before any write.</summary>
    public sealed class CrossAccountRolePlan
    {
        internal CrossAccountRolePlan(CrossAccountRoleRequest request, string roleArn, bool exists, string trustPolicy, string permissionPolicy,
            string trustedAccountPolicy, IReadOnlyList<string> differences, IReadOnlyList<string> notes, bool markedAsOurs,
            bool trustPolicyDiffers, bool permissionPolicyMissing, bool permissionPolicyDiffers, bool maxSessionDurationDiffers,
            IReadOnlyList<string>? otherPolicies = null)
        {
            OtherPolicies = otherPolicies ?? Array.Empty<string>();
            Request = request;
            RoleArn = roleArn;
            Exists = exists;
            TrustPolicy = trustPolicy;
            PermissionPolicy = permissionPolicy;
            TrustedAccountPolicy = trustedAccountPolicy;
            Differences = differences;
            Notes = notes;
            MarkedAsOurs = markedAsOurs;
            TrustPolicyDiffers = trustPolicyDiffers;
            PermissionPolicyMissing = permissionPolicyMissing;
            PermissionPolicyDiffers = permissionPolicyDiffers;
            MaxSessionDurationDiffers = maxSessionDurationDiffers;
        }

        public CrossAccountRoleRequest Request { get; }

        /// <summary>Inline policies other than ours and attached managed policies the existing role holds; -Force never updates such a role.</summary>
        public IReadOnlyList<string> OtherPolicies { get; }

        public string RoleArn { get; }

        public bool Exists { get; }

        public string TrustPolicy { get; }

        public string PermissionPolicy { get; }

        public string TrustedAccountPolicy { get; }

        public IReadOnlyList<string> Differences { get; }

        public IReadOnlyList<string> Notes { get; }

        /// <summary>
        /// The role does not exist yet or carries our marker tag. Only such a role is ever changed: replacing the trust
        /// policy of someone else's role would drop the principals it trusts.
        /// </summary>
        public bool MarkedAsOurs { get; }

        public bool TrustPolicyDiffers { get; }

        /// <summary>The existing role has no inline policy of our name.</summary>
        public bool PermissionPolicyMissing { get; }

        /// <summary>Our inline policy is missing or holds another document.</summary>
        public bool PermissionPolicyDiffers { get; }

        /// <summary>The existing role's MaxSessionDuration is not the one asked for (iam:UpdateRole sets it).</summary>
        public bool MaxSessionDurationDiffers { get; }

        /// <summary>
        /// A role of ours that lacks only our inline policy: an earlier run stopped between CreateRole and PutRolePolicy.
        /// Putting the policy finishes that creation, so it is no conflict and needs no -Force.
        /// </summary>
        public bool FinishesEarlierCreation => Exists && MarkedAsOurs && PermissionPolicyMissing && !TrustPolicyDiffers && !MaxSessionDurationDiffers;

        /// <summary>True when the role does not exist yet or differs from what was asked.</summary>
        public bool NeedsChange => !Exists || Differences.Count > 0;

        /// <summary>The text ShouldProcess and --what-if show: the action and both documents.</summary>
        public string WhatIfText =>
            (Exists ? "Update role " + RoleArn + ": " + string.Join(", ", Updates()) : "Create role " + RoleArn) +
            ". Trust policy: " + TrustPolicy + " Permission policy: " + PermissionPolicy;

        private IEnumerable<string> Updates()
        {
            if (TrustPolicyDiffers)
            {
                yield return "the trust policy";
            }

            if (PermissionPolicyDiffers)
            {
                yield return (PermissionPolicyMissing ? "put the missing inline policy " : "the inline policy ") + CrossAccountRolePlanner.PermissionPolicyName;
            }

            if (MaxSessionDurationDiffers)
            {
                yield return "the MaxSessionDuration (" + Request.MaxSessionDuration + " seconds)";
            }
        }

        public CrossAccountRoleResult ToResult(CrossAccountRoleChange change) => new CrossAccountRoleResult(
            Request.RoleName,
            RoleArn,
            change,
            Request.TrustedAccountIds,
            Request.ExternalId is not null,
            Request.RequireMfa,
            Request.MaxSessionDuration,
            TrustPolicy,
            CrossAccountRolePlanner.PermissionPolicyName,
            PermissionPolicy,
            TrustedAccountPolicy,
            CrossAccountRolePlanner.PowerShellCommand(Request, RoleArn),
            CrossAccountRolePlanner.AwsCliCommand(Request, RoleArn),
            Differences,
            Notes);
    }

    /// <summary>
    /// Pure planning of Grant-CloudTrailCrossAccountRole: the trust policy, the read-only permission policy, the
    /// trusted side's policy and commands, and the difference from an existing role.
    /// </summary>
    public static class CrossAccountRolePlanner
    {
        public const string PermissionPolicyName = "CloudTrailIamTools-CrossAccountRead";

        /// <summary>The tag that marks a role as created by this tool.</summary>
        public const string MarkerTagKey = "CloudTrailIamTools";

        public const string MarkerTagValue = "CrossAccountRole";

        /// <summary>CloudTrail's List and Read actions from the catalog, sorted: read-only by construction, never a wildcard.</summary>
        public static IReadOnlyList<string> CloudTrailReadActions { get; } = IamCatalog.Default.MatchActions("cloudtrail:*")
            .Where(a => a.AccessLevel == "List" || a.AccessLevel == "Read")
            .Select(a => a.FullName)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderBy(a => a, StringComparer.Ordinal)
            .ToArray();

        public static string TrustPolicy(CrossAccountRoleRequest request, string partition)
        {
            var principals = request.TrustedAccountIds.Select(a => "arn:" + partition + ":iam::" + a + ":root").ToList();
            var conditions = new List<string>();
            if (request.ExternalId is not null)
            {
                conditions.Add("\"StringEquals\":{\"sts:ExternalId\":" + System.Text.Json.JsonSerializer.Serialize(request.ExternalId) + "}");
            }

            if (request.RequireMfa)
            {
                conditions.Add("\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}");
            }

            string? condition = conditions.Count == 0 ? null : "{" + string.Join(",", conditions) + "}";
            return PolicyJson.TrustDocument("TrustedAccounts", principals, condition);
        }

        public static string PermissionPolicy(CrossAccountRoleRequest request, string partition) =>
            PolicyJson.Document(Array.Empty<string>(), PermissionStatements(request, partition));

        /// <summary>The statements of the role's inline policy.</summary>
        public static IReadOnlyList<GrantStatement> PermissionStatements(CrossAccountRoleRequest request, string partition)
        {
            var statements = new List<GrantStatement> { new GrantStatement("ReadCloudTrail", CloudTrailReadActions, new[] { "*" }) };
            if (request.LogBucketName is string bucket)
            {
                var prefixes = LogPrefixes(request);
                statements.Add(new GrantStatement("ReadLogFiles", new[] { "s3:GetObject" }, prefixes.Select(p => "arn:" + partition + ":s3:::" + bucket + "/" + p + "*").ToList()));
                string prefixValues = prefixes.Count == 1
                    ? System.Text.Json.JsonSerializer.Serialize(prefixes[0] + "*")
                    : "[" + string.Join(",", prefixes.Select(p => System.Text.Json.JsonSerializer.Serialize(p + "*"))) + "]";
                statements.Add(new GrantStatement("ListLogFiles", new[] { "s3:ListBucket" }, new[] { "arn:" + partition + ":s3:::" + bucket },
                    "{\"StringLike\":{\"s3:prefix\":" + prefixValues + "}}"));
            }

            if (request.KmsKeyArn is string key)
            {
                statements.Add(new GrantStatement("DecryptLogFiles", new[] { "kms:Decrypt" }, new[] { key }));
            }

            return statements;
        }

        /// <summary>
        /// Each trusted account's own log prefix, ending in a slash: [prefix/]AWSLogs/account/ for an account trail,
        /// [prefix/]AWSLogs/o-id/account/ for an organization trail.
        /// </summary>
        public static IReadOnlyList<string> LogPrefixes(CrossAccountRoleRequest request) =>
            request.TrustedAccountIds
                .Select(account => (request.LogPrefix is null ? string.Empty : request.LogPrefix + "/") + "AWSLogs/" +
                                   (request.OrganizationId is null ? string.Empty : request.OrganizationId + "/") + account + "/")
                .ToList();

        /// <summary>What each trusted account attaches to its users or roles so they may assume the role.</summary>
        public static string TrustedAccountPolicy(string roleArn) =>
            PolicyJson.Document(Array.Empty<string>(), new[] { new GrantStatement("AssumeCloudTrailReaderRole", new[] { "sts:AssumeRole" }, new[] { roleArn }) });

        public static string PowerShellCommand(CrossAccountRoleRequest request, string roleArn) =>
            "(Use-STSRole -RoleArn '" + roleArn + "' -RoleSessionName 'cloudtrail-reader'" +
            (request.ExternalId is null ? string.Empty : " -ExternalId '<external-id>'") +
            (request.RequireMfa ? " -SerialNumber 'arn:aws:iam::<trusted-account-id>:mfa/<device-name>' -TokenCode '<mfa-code>'" : string.Empty) +
            ").Credentials";

        public static string AwsCliCommand(CrossAccountRoleRequest request, string roleArn) =>
            "aws sts assume-role --role-arn " + roleArn + " --role-session-name cloudtrail-reader" +
            (request.ExternalId is null ? string.Empty : " --external-id <external-id>") +
            (request.RequireMfa ? " --serial-number arn:aws:iam::<trusted-account-id>:mfa/<device-name> --token-code <mfa-code>" : string.Empty);

        /// <summary>Plans the request in an account; <paramref name="existing"/> is null when the role does not exist.</summary>
        public static CrossAccountRolePlan Plan(CrossAccountRoleRequest request, string accountId, string partition, ExistingCrossAccountRole? existing)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            string roleArn = existing?.Role.Arn is { Length: > 0 } arn ? arn : "arn:" + partition + ":iam::" + accountId + ":role/" + request.RoleName;
            string trust = TrustPolicy(request, partition);
            string permissions = PermissionPolicy(request, partition);
            string trustedSide = TrustedAccountPolicy(roleArn);
            var differences = new List<string>();
            var notes = new List<string>();
            var others = new List<string>();
            bool markedAsOurs = true;
            bool maxSessionDurationDiffers = false;
            bool trustDiffers = false;
            bool permissionsMissing = false;
            bool permissionsDiffer = false;
            if (existing is not null)
            {
                if (!PolicyJson.SameDocument(existing.Role.AssumeRolePolicyDocument, trust))
                {
                    trustDiffers = true;
                    differences.Add("Trust policy differs. Now: " + (existing.Role.AssumeRolePolicyDocument ?? "(none)") + " Wanted: " + trust);
                }

                if (existing.PermissionPolicy is null)
                {
                    permissionsMissing = permissionsDiffer = true;
                    differences.Add("Inline policy " + PermissionPolicyName + " is missing.");
                }
                else if (!PolicyJson.SameDocument(existing.PermissionPolicy, permissions))
                {
                    permissionsDiffer = true;
                    differences.Add("Inline policy " + PermissionPolicyName + " differs. Now: " + existing.PermissionPolicy + " Wanted: " + permissions);
                }

                if (!existing.Role.Tags.TryGetValue(MarkerTagKey, out string? marker) || marker != MarkerTagValue)
                {
                    markedAsOurs = false;
                    differences.Add("The role is not tagged " + MarkerTagKey + "=" + MarkerTagValue + ", so this tool did not create it.");
                }

                others.AddRange(existing.InlinePolicyNames.Where(n => n != PermissionPolicyName).Concat(existing.AttachedPolicyArns));
                if (others.Count > 0)
                {
                    notes.Add("The role has other policies, which were left alone and may grant more than reading: " + string.Join(", ", others) + ".");
                }

                // IAM reports the duration of every role; 3600 is its default when a reply leaves it out.
                int current = existing.Role.MaxSessionDuration ?? 3600;
                if (request.MaxSessionDuration is int wanted && wanted != current)
                {
                    maxSessionDurationDiffers = true;
                    differences.Add("MaxSessionDuration differs. Now: " + current + " seconds. Wanted: " + wanted + " seconds.");
                }
            }

            return new CrossAccountRolePlan(request, roleArn, existing is not null, trust, permissions, trustedSide, differences, notes, markedAsOurs,
                trustDiffers, permissionsMissing, permissionsDiffer, maxSessionDurationDiffers, others);
        }
    }
}
