using System;

namespace CloudTrailIamTools.Core
{
    /// <summary>Base of every exception the core throws on purpose; the module maps each to one ErrorRecord.</summary>
    public class CloudTrailIamToolsException : Exception
    {
        public CloudTrailIamToolsException(string message)
            : base(message)
        {
        }

        public CloudTrailIamToolsException(string message, Exception? innerException)
            : base(message, innerException)
        {
        }

        /// <summary>A stable identifier, used as the ErrorRecord's ErrorId and in the CLI's JSON.</summary>
        public virtual string ErrorId => "CloudTrailIamToolsError";

        /// <summary>What went wrong, in the terms of PowerShell's ErrorCategory names.</summary>
        public virtual FailureCategory Category => FailureCategory.InvalidOperation;
    }

    /// <summary>Mirrors the subset of PowerShell's ErrorCategory the core needs, without referencing PowerShell.</summary>
    public enum FailureCategory
    {
        InvalidArgument,
        InvalidData,
        InvalidOperation,
        ObjectNotFound,
        PermissionDenied,
        ResourceUnavailable,
        AuthenticationError,
        ConnectionError,
        NotSpecified,
        OperationTimeout,
        SecurityError,
        ResourceExists,
        LimitsExceeded,
    }

    /// <summary>Input that cannot be used as given: names what is wrong and where.</summary>
    public sealed class InvalidInputException : CloudTrailIamToolsException
    {
        public InvalidInputException(string message, string? location = null, Exception? innerException = null)
            : base(message, innerException)
        {
            Location = location;
        }

        /// <summary>Where the bad value was found (a path within a document, a parameter or a file), if known.</summary>
        public string? Location { get; }

        public override string ErrorId => "InvalidInput";

        public override FailureCategory Category => FailureCategory.InvalidData;
    }
}
