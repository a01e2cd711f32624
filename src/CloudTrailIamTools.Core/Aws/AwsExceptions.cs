using System;
using System.Net;

namespace CloudTrailIamTools.Core.Aws
{
    /// <summary>
    /// Every failed AWS call, whatever the service or protocol: the service's error code and message, the request
    /// id and HTTP status when the service answered, and the SDK exception as InnerException.
    /// </summary>
    public sealed class AwsServiceCallException : CloudTrailIamToolsException, Diagnostics.IServiceErrorSource
    {
        public AwsServiceCallException(
            AwsService service,
            string operation,
            string? errorCode,
            string serviceMessage,
            string? requestId,
            HttpStatusCode? httpStatusCode,
            string message,
            Exception? innerException)
            : base(message, innerException)
        {
            Service = service;
            Operation = operation;
            ErrorCode = errorCode;
            ServiceMessage = serviceMessage;
            RequestId = requestId;
            HttpStatusCode = httpStatusCode;
        }

        public AwsService Service { get; }

        /// <summary>The API operation, e.g. GetRole.</summary>
        public string Operation { get; }

        /// <summary>The service's error code (AccessDenied, NoSuchEntity, TrailNotFoundException...), or for failures
        /// without an answer ConnectionFailure / Timeout / ClientError.</summary>
        public string? ErrorCode { get; }

        /// <summary>The service's own message, unchanged (what access-denied parsing wants).</summary>
        public string ServiceMessage { get; }

        public string? RequestId { get; }

        /// <summary>Null when no HTTP answer arrived (connection failure, timeout).</summary>
        public HttpStatusCode? HttpStatusCode { get; }

        /// <summary>True for the error codes AWS uses when the caller lacks a permission.</summary>
        public bool IsAccessDenied => AwsErrorCodes.IsAccessDenied(ErrorCode);

        public override string ErrorId => "AwsServiceCallFailed";

        public override FailureCategory Category => AwsErrorCodes.CategoryFor(ErrorCode, HttpStatusCode);
    }

    /// <summary>
    /// Credentials, profile, region or endpoint cannot be worked out (or are unusable): raised before any call
    /// where possible; the message names the fix.
    /// </summary>
    public sealed class AwsConfigurationException : CloudTrailIamToolsException
    {
        public AwsConfigurationException(string message, AwsConfigurationProblem problem, Exception? innerException = null)
            : base(message, innerException)
        {
            Problem = problem;
        }

        public AwsConfigurationProblem Problem { get; }

        public override string ErrorId => "AwsConfiguration." + Problem;

        public override FailureCategory Category
        {
            get
            {
                switch (Problem)
                {
                    case AwsConfigurationProblem.ExpiredCredentials:
                    case AwsConfigurationProblem.InvalidCredentials:
                    case AwsConfigurationProblem.CredentialProcessFailed:
                        return FailureCategory.AuthenticationError;
                    case AwsConfigurationProblem.SsoSupportMissing:
                        return FailureCategory.ResourceUnavailable;
                    default:
                        return FailureCategory.InvalidArgument;
                }
            }
        }
    }

    public enum AwsConfigurationProblem
    {
        NoCredentials,
        ProfileNotFound,
        ProfileWithoutCredentials,
        IncompleteKeys,
        NoRegion,
        InvalidRegion,
        InvalidEndpointUrl,
        ExpiredCredentials,
        InvalidCredentials,
        InvalidRetrySetting,
        InvalidTimeout,

        /// <summary>The credential_process of a profile failed; the message carries the process's own words.</summary>
        CredentialProcessFailed,

        /// <summary>An SSO profile needs the SSO and SSO OIDC client assemblies, which are not loaded.</summary>
        SsoSupportMissing,
    }

    internal static class AwsErrorCodes
    {
        public static bool IsAccessDenied(string? code)
        {
            switch (code)
            {
                case "AccessDenied":
                case "AccessDeniedException":
                case "UnauthorizedOperation":
                case "UnauthorizedAccess":
                case "AuthorizationError":
                case "Forbidden":
                    return true;
                default:
                    return false;
            }
        }

        public static bool IsExpiredToken(string? code)
        {
            return code == "ExpiredToken" || code == "ExpiredTokenException" || code == "RequestExpired" || code == "TokenRefreshRequired";
        }

        public static bool IsThrottling(string? code)
        {
            return code != null && (code.Contains("Throttl") || code == "TooManyRequestsException" || code == "RequestLimitExceeded"
                                    || code == "SlowDown" || code == "ProvisionedThroughputExceededException" || code == "RequestThrottledException");
        }

        public static bool IsInvalidCredentials(string? code)
        {
            return code == "InvalidClientTokenId" || code == "UnrecognizedClientException" || code == "SignatureDoesNotMatch"
                   || code == "InvalidAccessKeyId" || code == "IncompleteSignature" || code == "MissingAuthenticationToken";
        }

        public static FailureCategory CategoryFor(string? code, HttpStatusCode? status)
        {
            if (IsAccessDenied(code))
            {
                return FailureCategory.PermissionDenied;
            }

            if (IsExpiredToken(code) || IsInvalidCredentials(code))
            {
                return FailureCategory.AuthenticationError;
            }

            if (code != null)
            {
                if (code == "Timeout" || code == "RequestTimeout" || code == "RequestTimeoutException")
                {
                    return FailureCategory.OperationTimeout;
                }

                if (code == "ConnectionFailure")
                {
                    return FailureCategory.ConnectionError;
                }

                if (code.StartsWith("NoSuch", StringComparison.Ordinal) || code.EndsWith("NotFoundException", StringComparison.Ordinal)
                    || code == "NotFound" || code.EndsWith("NotInUseException", StringComparison.Ordinal))
                {
                    return FailureCategory.ObjectNotFound;
                }

                if (code.Contains("AlreadyExists") || code == "AccountRegisteredException")
                {
                    return FailureCategory.ResourceExists;
                }

                if (code.Contains("Throttl") || code.Contains("LimitExceeded") || code == "TooManyRequestsException")
                {
                    return FailureCategory.LimitsExceeded;
                }

                if (code.StartsWith("Invalid", StringComparison.Ordinal) || code.StartsWith("Malformed", StringComparison.Ordinal)
                    || code == "ValidationError" || code == "ValidationException")
                {
                    return FailureCategory.InvalidArgument;
                }
            }

            if (status.HasValue && (int)status.Value >= 500)
            {
                return FailureCategory.ResourceUnavailable;
            }

            return FailureCategory.InvalidOperation;
        }
    }
}
