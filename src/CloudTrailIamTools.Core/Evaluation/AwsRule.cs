namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>A rule AWS applies before or beside any policy, which no customer policy changes.</summary>
    internal enum AwsRule
    {
        None,

        /// <summary>sts:GetCallerIdentity needs no permission, and an explicit deny does not stop it.</summary>
        CallerIdentityAlwaysAllowed,

        /// <summary>The root user cannot call sts:AssumeRole.</summary>
        RootCannotAssumeRole,

        /// <summary>The resource belongs to AWS; see <see cref="AwsOwnedResource"/>.</summary>
        AwsOwnedResource,
    }
}
