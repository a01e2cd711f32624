namespace CloudTrailIamTools.Core.Grants
{
    /// <summary>
    /// A grant that would not help or would not be safe, refused before anything was written. The ErrorId is
    /// stable per reason (GrantRefused.ExplicitDeny, GrantRefused.UnknownAction, ...).
    /// </summary>
    public sealed class GrantRefusedException : CloudTrailIamToolsException
    {
        public GrantRefusedException(GrantRefusalReason reason, string message, string? principal = null)
            : base(message)
        {
            Reason = reason;
            Principal = principal;
        }

        public GrantRefusalReason Reason { get; }

        /// <summary>The principal the grant was for, when known.</summary>
        public string? Principal { get; }

        public override string ErrorId => "GrantRefused." + Reason;

        public override FailureCategory Category => Reason switch
        {
            GrantRefusalReason.UnknownAction => FailureCategory.InvalidArgument,
            GrantRefusalReason.PolicyTooLarge => FailureCategory.LimitsExceeded,
            GrantRefusalReason.NotAPermissionProblem => FailureCategory.InvalidData,
            GrantRefusalReason.NoResourceNamed or GrantRefusalReason.UntrustedAccount => FailureCategory.InvalidData,
            GrantRefusalReason.PrivilegeEscalation => FailureCategory.SecurityError,
            _ => FailureCategory.PermissionDenied,
        };
    }
}
