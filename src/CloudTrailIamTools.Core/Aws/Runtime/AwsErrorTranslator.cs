using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using Amazon.Runtime;

namespace CloudTrailIamTools.Core.Aws.Runtime
{
    /// <summary>Turns whatever the SDK pipeline threw into our one exception type (or a configuration error).</summary>
    internal static class AwsErrorTranslator
    {
        public const string ExpiredTokenFix =
            "The security token in the credentials has expired: get fresh credentials (for an SSO profile run 'aws sso login'; " +
            "for keys from Set-AWSCredential, -SessionToken or AWS_SESSION_TOKEN supply a new session token) and try again.";

        public const string InvalidCredentialsFix =
            "AWS did not accept the access key or signature: check that the key pair (and session token) belong together and are still active, " +
            "and that the profile, region and endpoint are the ones they were issued for.";

        public static Exception Translate(AwsService service, string operation, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                return exception;
            }

            string serviceName = DisplayName(service);
            switch (exception)
            {
                case AmazonServiceException serviceException when serviceException.StatusCode != 0 || serviceException.ErrorCode != null:
                {
                    string code = string.IsNullOrEmpty(serviceException.ErrorCode) ? "HttpStatus" + (int)serviceException.StatusCode : serviceException.ErrorCode;
                    string serviceMessage = serviceException.Message ?? string.Empty;
                    string message = $"An error occurred ({code}) when calling the {serviceName} {operation} operation: {serviceMessage}";
                    if (AwsErrorCodes.IsExpiredToken(code))
                    {
                        message += " " + ExpiredTokenFix;
                    }
                    else if (AwsErrorCodes.IsInvalidCredentials(code))
                    {
                        message += " " + InvalidCredentialsFix;
                    }

                    HttpStatusCode? status = serviceException.StatusCode == 0 ? (HttpStatusCode?)null : serviceException.StatusCode;
                    return new AwsServiceCallException(service, operation, code, serviceMessage, serviceException.RequestId, status, message, exception);
                }

                case OperationCanceledException _:
                case TimeoutException _:
                    return new AwsServiceCallException(
                        service, operation, "Timeout", exception.Message, null, null,
                        $"The {serviceName} {operation} call timed out after the SDK's retries. Check network access to the endpoint, or raise the timeout.",
                        exception);

                case HttpRequestException _:
                case IOException _:
                case WebException _:
                    return new AwsServiceCallException(
                        service, operation, "ConnectionFailure", Innermost(exception).Message, null, null,
                        $"Could not reach {serviceName} for {operation}: {Sentence(Innermost(exception).Message)} Check the endpoint URL, network and proxy settings.",
                        exception);

                case AmazonClientException clientException when LooksLikeExpiredCredentials(clientException):
                    return new AwsConfigurationException(
                        $"The credentials for the {serviceName} {operation} call could not be refreshed: {Sentence(clientException.Message)} {ExpiredTokenFix}",
                        AwsConfigurationProblem.ExpiredCredentials,
                        exception);

                case AmazonClientException clientException when LooksLikeMissingCredentials(clientException):
                    return new AwsConfigurationException(
                        $"No usable credentials for the {serviceName} {operation} call: {clientException.Message} " + AwsConnectionResolver.NoCredentialsFix,
                        AwsConfigurationProblem.NoCredentials,
                        exception);

                case AmazonClientException clientException:
                    return new AwsServiceCallException(
                        service, operation, "ClientError", clientException.Message, null, null,
                        $"The {serviceName} {operation} call failed before AWS answered: {clientException.Message}",
                        exception);

                default:
                    return exception;
            }
        }

        public static string DisplayName(AwsService service)
        {
            switch (service)
            {
                case AwsService.Sts: return "STS";
                case AwsService.Iam: return "IAM";
                case AwsService.CloudTrail: return "CloudTrail";
                case AwsService.Organizations: return "Organizations";
                default: return service.ToString();
            }
        }

        private static bool LooksLikeExpiredCredentials(AmazonClientException exception)
        {
            string text = exception.Message ?? string.Empty;
            return text.IndexOf("expired", StringComparison.OrdinalIgnoreCase) >= 0;
        }

        private static bool LooksLikeMissingCredentials(AmazonClientException exception)
        {
            string text = exception.Message ?? string.Empty;
            return text.IndexOf("credential", StringComparison.OrdinalIgnoreCase) >= 0;
        }

        /// <summary>An inner message as a sentence, so the advice that follows it reads as a new one.</summary>
        private static string Sentence(string message)
        {
            string trimmed = message.TrimEnd();
            return trimmed.Length == 0 || ".!?".IndexOf(trimmed[trimmed.Length - 1]) >= 0 ? trimmed : trimmed + ".";
        }

        private static Exception Innermost(Exception exception)
        {
            while (exception.InnerException != null)
            {
                exception = exception.InnerException;
            }

            return exception;
        }
    }
}
