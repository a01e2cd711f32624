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
    }
}
