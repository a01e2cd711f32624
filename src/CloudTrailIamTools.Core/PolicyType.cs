namespace CloudTrailIamTools.Core
{
    /// <summary>
    /// The policy types AWS names in access-denied messages and the evaluation engine reports in DeniedBy, AllowedBy and
    /// MatchedStatements. The names are part of the output contract of the cmdlets and the CLI's JSON.
    /// </summary>
    public enum PolicyType
    {
        IdentityBased,
        ResourceBased,
        ServiceControl,
        ResourceControl,
        PermissionsBoundary,
        Session,
        VpcEndpoint,

        /// <summary>Named by access-denied messages for sts:AssumeRole refusals; the engine reports trust policies as ResourceBased.</summary>
        RoleTrust,

        /// <summary>
        /// Not a policy: the resource belongs to AWS (an AWS managed policy, a role reserved for IAM Identity
        /// Center, a service-linked role, an alias of an AWS managed key) and no customer policy can allow the change.
        /// </summary>
        AwsOwnedResource,

        /// <summary>Not a policy: AWS refuses the account's root user this action (sts:AssumeRole) whatever policies say.</summary>
        RootUserRestriction,
    }
}
