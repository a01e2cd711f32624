namespace CloudTrailIamTools.Core.Grants
{
    /// <summary>
    /// The service role a scenario hands to an AWS service, created by the administrator running the grant (never by
    /// the grantee): its trust policy (the service, for this account's resources only) and its one inline policy.
    /// </summary>
    public sealed class ServiceRolePlan
    {
        internal ServiceRolePlan(string roleName, string roleArn, string service, string trustPolicy, string permissionPolicy, bool exists)
        {
            RoleName = roleName;
            RoleArn = roleArn;
            Service = service;
            TrustPolicy = trustPolicy;
            PermissionPolicy = permissionPolicy;
            Exists = exists;
        }

        /// <summary>The inline policy written on a role we create.</summary>
        public const string PermissionPolicyName = "CloudTrailIamTools-ServiceRole";

        public string RoleName { get; }

        public string RoleArn { get; }

        /// <summary>The service principal the role trusts.</summary>
        public string Service { get; }

        public string TrustPolicy { get; }

        public string PermissionPolicy { get; }

        /// <summary>True when the role exists already: it is used as it is and not changed.</summary>
        public bool Exists { get; }

        /// <summary>The text ShouldProcess and --what-if show for the role.</summary>
        public string WhatIfText => Exists
            ? "Use the existing role " + RoleArn + " (unchanged)."
            : "Create role " + RoleArn + " trusting " + Service + ". Trust policy: " + TrustPolicy + ". Inline policy " + PermissionPolicyName + ": " + PermissionPolicy + ".";
    }
}
