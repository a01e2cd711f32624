using System;
using System.Management.Automation;
using CloudTrailIamTools.Core;

namespace CloudTrailIamTools.Infrastructure
{
    /// <summary>
    /// The one place ErrorRecords are made: a stable ErrorId, the right category, the failing item as target,
    /// and the original exception kept (as the record's exception, or as the inner one when wrapped).
    /// </summary>
    internal static class ErrorRecordFactory
    {
        public static ErrorRecord FromCoreException(CloudTrailIamToolsException exception, object? target) =>
            new ErrorRecord(exception, exception.ErrorId, ToCategory(exception.Category), target);

        public static ErrorRecord Create(string errorId, ErrorCategory category, string message, object? target, Exception? inner = null) =>
            new ErrorRecord(new CloudTrailIamToolsException(message, inner), errorId, category, target);

        internal static ErrorCategory ToCategory(FailureCategory category) => category switch
        {
            FailureCategory.InvalidArgument => ErrorCategory.InvalidArgument,
            FailureCategory.InvalidData => ErrorCategory.InvalidData,
            FailureCategory.InvalidOperation => ErrorCategory.InvalidOperation,
            FailureCategory.ObjectNotFound => ErrorCategory.ObjectNotFound,
            FailureCategory.PermissionDenied => ErrorCategory.PermissionDenied,
            FailureCategory.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
            FailureCategory.AuthenticationError => ErrorCategory.AuthenticationError,
            FailureCategory.ConnectionError => ErrorCategory.ConnectionError,
            FailureCategory.OperationTimeout => ErrorCategory.OperationTimeout,
            FailureCategory.SecurityError => ErrorCategory.SecurityError,
            FailureCategory.ResourceExists => ErrorCategory.ResourceExists,
            FailureCategory.LimitsExceeded => ErrorCategory.LimitsExceeded,
            _ => ErrorCategory.NotSpecified,
        };
    }
}
