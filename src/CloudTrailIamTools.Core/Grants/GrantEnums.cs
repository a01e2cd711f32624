namespace CloudTrailIamTools.Core.Grants
{
    /// <summary>The two AWS managed CloudTrail policies a grant can attach.</summary>
    public enum GrantAccessLevel
    {
        /// <summary>AWSCloudTrail_ReadOnlyAccess.</summary>
        ReadOnly,

        /// <summary>AWSCloudTrail_FullAccess.</summary>
        FullAccess,
    }

    /// <summary>The IAM identities a permission can be granted to.</summary>
    public enum GrantPrincipalType
    {
        User,
        Role,
        Group,
    }

    /// <summary>What a grant did (or, under -WhatIf, would do) to one policy.</summary>
    public enum GrantChange
    {
        /// <summary>A managed policy was attached.</summary>
        Attached,

        /// <summary>Our inline policy was written (created, or merged with what it held).</summary>
        PutInline,

        /// <summary>Already in place; nothing was written.</summary>
        Unchanged,

        /// <summary>A change was planned but not made (-WhatIf, --what-if).</summary>
        WouldChange,
    }

    /// <summary>Whether a grant attaches an AWS managed policy or writes our inline policy.</summary>
    public enum GrantPolicyType
    {
        Managed,
        Inline,
    }

    /// <summary>What a cross-account role grant did (or would do) to the role.</summary>
    public enum CrossAccountRoleChange
    {
        Created,

        /// <summary>An existing role got our trust and inline policy (only with -Force).</summary>
        Updated,

        Unchanged,

        /// <summary>A creation or update was planned but not made (-WhatIf, --what-if).</summary>
        WouldChange,
    }

    /// <summary>Why a grant was refused: each reason means that an identity-policy grant would not help or is not safe.</summary>
    public enum GrantRefusalReason
    {
        /// <summary>A policy explicitly denies the request; no Allow can override it.</summary>
        ExplicitDeny,

        /// <summary>A service control policy denies it; only the organization can change that.</summary>
        ServiceControlPolicy,

        /// <summary>A resource control policy denies it.</summary>
        ResourceControlPolicy,

        /// <summary>The permissions boundary does not allow it; an identity grant stays capped by the boundary.</summary>
        PermissionsBoundary,

        /// <summary>The session policy does not allow it; the session must be started with another policy.</summary>
        SessionPolicy,

        /// <summary>The VPC endpoint policy does not allow it.</summary>
        VpcEndpointPolicy,

        /// <summary>The resource's own policy (or a role's trust policy) refuses it; the fix belongs there.</summary>
        ResourcePolicy,

        /// <summary>The action is not one AWS defines; granting it would do nothing.</summary>
        UnknownAction,

        /// <summary>The diagnosis names no IAM user or role that can hold a policy (root, service, federated or anonymous caller, or no principal).</summary>
        NoGrantablePrincipal,

        /// <summary>The diagnosis is not a missing permission at all (unrecognized input, missing service-linked role, delivery or organization set-up).</summary>
        NotAPermissionProblem,

        /// <summary>A cross-account trust for everyone (*) or a whole organization, which no reader role should have.</summary>
        UnsafeTrust,

        /// <summary>The diagnosis is from another account than the one the credentials manage.</summary>
        DifferentAccount,

        /// <summary>The merged inline policy would exceed IAM's size quota for the principal.</summary>
        PolicyTooLarge,

        /// <summary>The policy would open a known IAM privilege-escalation path (see EscalationGuard.Checklist).</summary>
        PrivilegeEscalation,

        /// <summary>A grant taken from error text would go beyond CloudTrail's own work; only an explicit action from an administrator may.</summary>
        OutsideCloudTrailWork,

        /// <summary>The error names no resource for an action that takes one; granting on * would be more than the error shows.</summary>
        NoResourceNamed,

        /// <summary>The error's account or partition is not a real one, or not the account being changed.</summary>
        UntrustedAccount,

        /// <summary>The role is an IAM Identity Center reserved role (AWSReservedSSO_...): AWS manages it; the permission set is the place to change.</summary>
        IdentityCenterRole,

        /// <summary>An iam:PassRole denial that does not say which service the role goes to; no condition can be written for it.</summary>
        PassedToServiceUnknown,

        /// <summary>The existing role holds policies this tool did not write; updating its trust would hand those to another account.</summary>
        RoleHasForeignPolicies,
    }
}
