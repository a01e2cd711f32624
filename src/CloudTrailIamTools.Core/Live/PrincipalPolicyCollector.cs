using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CloudTrailIamTools.Core.Arns;
using CloudTrailIamTools.Core.Aws;
using CloudTrailIamTools.Core.Policies;

namespace CloudTrailIamTools.Core.Live
{
    /// <summary>Reads a user's or role's policies through IAM (and the caller's identity through STS when no principal is named).</summary>
    public sealed class PrincipalPolicyCollector
    {
        private readonly IIamApi iam;
        private readonly StsClient? sts;
        private readonly Dictionary<string, PolicyDocument> managedPolicies = new Dictionary<string, PolicyDocument>(StringComparer.Ordinal);

        public PrincipalPolicyCollector(IIamApi iam, StsClient? sts = null)
        {
            this.iam = iam ?? throw new ArgumentNullException(nameof(iam));
            this.sts = sts;
        }

        /// <summary>
        /// Collects the policies of <paramref name="principalArn"/> (a user, a role, or an assumed-role session, which
        /// gets its role's policies); null means the caller, found with GetCallerIdentity.
        /// </summary>
        /// <exception cref="InvalidInputException">The principal is not a user, role or assumed-role session.</exception>
        /// <exception cref="AwsServiceCallException">An IAM or STS call failed (e.g. NoSuchEntity, AccessDenied).</exception>
        public async Task<PrincipalPolicies> CollectAsync(string? principalArn, CancellationToken cancellationToken = default)
        {
            if (string.IsNullOrWhiteSpace(principalArn))
            {
                if (sts is null)
                {
                    throw new InvalidOperationException("Finding the caller needs an STS client.");
                }

                principalArn = NormalizeCallerArn((await sts.GetCallerIdentityAsync(cancellationToken).ConfigureAwait(false)).Arn);
            }

            if (PrincipalIdentity.TryParse(principalArn, out PrincipalIdentity? root) && root.Type == PrincipalType.Root &&
                principalArn!.Trim().EndsWith(":root", StringComparison.Ordinal))
            {
                // The root user has no IAM policies: the engine grants it everything in its account that guard rails allow.
                return new PrincipalPolicies(root.Text, root.Text, Array.Empty<PolicyDocument>(), null);
            }

            if (!PrincipalIdentity.TryParse(principalArn, out PrincipalIdentity? identity) || identity.Name is null)
            {
                throw new InvalidInputException(
                    "Principal '" + principalArn + "' is not an IAM user, role, assumed-role session or root ARN; only those can be tested against IAM.", "PrincipalArn");
            }

            switch (identity.Type)
            {
                case PrincipalType.User:
                    return await CollectUserAsync(identity.Name, cancellationToken).ConfigureAwait(false);
                case PrincipalType.Role:
                    return await CollectRoleAsync(identity.Name, null, cancellationToken).ConfigureAwait(false);
                case PrincipalType.AssumedRole:
                    return await CollectRoleAsync(identity.Name, identity.Text, cancellationToken).ConfigureAwait(false);
                default:
                    throw new InvalidInputException(
                        "Principal '" + principalArn + "' is a " + identity.Type + "; only IAM users, roles and assumed-role sessions have policies IAM can read.", "PrincipalArn");
            }
        }

        private async Task<PrincipalPolicies> CollectUserAsync(string userName, CancellationToken cancellationToken)
        {
            IamUser user = await iam.GetUserAsync(userName, cancellationToken).ConfigureAwait(false);
            var policies = new List<PolicyDocument>();
            string owner = "user/" + user.UserName;
            foreach (var inline in await iam.GetUserInlinePoliciesAsync(user.UserName, cancellationToken).ConfigureAwait(false))
            {
                policies.Add(Parse(inline.PolicyDocument, owner + ":" + inline.PolicyName));
            }

            foreach (var attached in await iam.ListAttachedUserPoliciesAsync(user.UserName, cancellationToken).ConfigureAwait(false))
            {
                policies.Add(await ManagedAsync(attached.PolicyArn, cancellationToken).ConfigureAwait(false));
            }

            foreach (IamGroup group in await iam.ListGroupsForUserAsync(user.UserName, cancellationToken).ConfigureAwait(false))
            {
                string groupOwner = "group/" + group.GroupName;
                foreach (var inline in await iam.GetGroupInlinePoliciesAsync(group.GroupName, cancellationToken).ConfigureAwait(false))
                {
                    policies.Add(Parse(inline.PolicyDocument, groupOwner + ":" + inline.PolicyName));
                }

                foreach (var attached in await iam.ListAttachedGroupPoliciesAsync(group.GroupName, cancellationToken).ConfigureAwait(false))
                {
                    policies.Add(await ManagedAsync(attached.PolicyArn, cancellationToken).ConfigureAwait(false));
                }
            }

            PolicyDocument? boundary = user.PermissionsBoundaryArn is null ? null : await ManagedAsync(user.PermissionsBoundaryArn, cancellationToken).ConfigureAwait(false);
            return new PrincipalPolicies(user.Arn, user.Arn, policies, boundary);
        }

        private async Task<PrincipalPolicies> CollectRoleAsync(string roleName, string? sessionArn, CancellationToken cancellationToken)
        {
            IamRole role = await iam.GetRoleAsync(roleName, cancellationToken).ConfigureAwait(false);
            var policies = new List<PolicyDocument>();
            string owner = "role/" + role.RoleName;
            foreach (var inline in await iam.GetRoleInlinePoliciesAsync(role.RoleName, cancellationToken).ConfigureAwait(false))
            {
                policies.Add(Parse(inline.PolicyDocument, owner + ":" + inline.PolicyName));
            }

            foreach (var attached in await iam.ListAttachedRolePoliciesAsync(role.RoleName, cancellationToken).ConfigureAwait(false))
            {
                policies.Add(await ManagedAsync(attached.PolicyArn, cancellationToken).ConfigureAwait(false));
            }

            PolicyDocument? boundary = role.PermissionsBoundaryArn is null ? null : await ManagedAsync(role.PermissionsBoundaryArn, cancellationToken).ConfigureAwait(false);
            return new PrincipalPolicies(sessionArn ?? role.Arn, role.Arn, policies, boundary);
        }

        /// <summary>A managed policy's default version, read once per collector (groups and boundaries often share them).</summary>
        private async Task<PolicyDocument> ManagedAsync(string policyArn, CancellationToken cancellationToken)
        {
            if (managedPolicies.TryGetValue(policyArn, out PolicyDocument? cached))
            {
                return cached;
            }

            var version = await iam.GetDefaultPolicyVersionAsync(policyArn, cancellationToken).ConfigureAwait(false);
            if (version.Document is null)
            {
                throw new InvalidInputException("IAM returned no document for the default version of " + policyArn + ".", policyArn);
            }

            PolicyDocument document = Parse(version.Document, policyArn);
            managedPolicies[policyArn] = document;
            return document;
        }

        /// <summary>Some emulators report a user caller as arn:aws:sts::...:user/name; IAM's form is arn:aws:iam::...:user/name.</summary>
        private static string NormalizeCallerArn(string arn)
        {
            int sts = arn.IndexOf(":sts::", StringComparison.Ordinal);
            return sts > 0 && arn.IndexOf(":user/", sts, StringComparison.Ordinal) > 0 ? arn.Substring(0, sts) + ":iam::" + arn.Substring(sts + 6) : arn;
        }

        private static PolicyDocument Parse(string json, string name) => PolicyDocument.Parse(json, name);
    }
}
