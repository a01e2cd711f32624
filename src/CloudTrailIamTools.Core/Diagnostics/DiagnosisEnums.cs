namespace CloudTrailIamTools.Core.Diagnostics
{
    /// <summary>What family of failure an input describes; each family has its own remedies.</summary>
    public enum DiagnosisKind
    {
        /// <summary>"... is not authorized to perform ..." with a principal and usually an action.</summary>
        NotAuthorized,

        /// <summary>A bare access-denied reply that names neither principal nor policy.</summary>
        AccessDenied,

        /// <summary>EC2-style reply whose details are in an encoded blob that sts:DecodeAuthorizationMessage opens.</summary>
        EncodedAuthorizationFailure,

        /// <summary>The management account lacks CloudTrail's service-linked role.</summary>
        ServiceLinkedRoleMissing,

        /// <summary>An AWS Organizations prerequisite of organization trails or delegated administration is missing.</summary>
        OrganizationPrerequisite,

        /// <summary>CloudTrail cannot deliver to a bucket, key, topic or log group because that resource's policy or role does not let it.</summary>
        DeliveryPermission,

        Unrecognized,

        /// <summary>CloudTrail cannot use a bucket, key, topic or log group it was given: it does not exist, is disabled, is in another Region, or its ARN is wrong.</summary>
        DeliveryConfiguration,
    }

    /// <summary>Whether a policy said no (explicit) or nothing said yes (implicit).</summary>
    public enum DenialType
    {
        Unknown,
        Explicit,
        Implicit,
    }
}
