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
        /// <summary>How to get fresh credentials, naming the running front end's own session-token parameter where it has one.</summary>
        public static string ExpiredTokenFix(AwsParameterStyle style) =>
            "The security token in the credentials has expired: get fresh credentials (for an SSO profile run 'aws sso login'; " +
            (style == AwsParameterStyle.Cli
                ? "for keys from AWS_SESSION_TOKEN"
                : "for keys from Set-AWSCredential, " + OptionNames.SessionToken.SpelledFor(style) + " or AWS_SESSION_TOKEN") +
            " supply a new session token) and try again.";

        public const string InvalidCredentialsFix =
            "AWS did not accept the access key or signature: check that the key pair (and session token) belong together and are still active, " +
            "and that the profile, region and endpoint are the ones they were issued for.";

        public const string ThrottledFix = "AWS throttled the calls: throttled, retry later (or allow more attempts with AWS_MAX_ATTEMPTS or the profile's max_attempts).";

        public static Exception Translate(AwsCallContext context, string operation, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                return exception;
            }

            AwsService service = context.Service;
            string serviceName = DisplayName(service);

            // The SDK's JSON unmarshaller wraps whatever ours threw; ours already says what came back.
            Exception reason = exception is AmazonUnmarshallingException { InnerException: UnreadableResponseException inner } ? inner : exception;
            switch (reason)
            {
                case UnreadableResponseException unreadable:
                    return new AwsServiceCallException(
                        service, operation, "UnreadableResponse", unreadable.Message, unreadable.RequestId, unreadable.StatusCode,
                        $"The answer to the {serviceName} {operation} call from {context.Endpoint} is not {unreadable.Expected}: HTTP {(int)unreadable.StatusCode}, " +
                        $"{unreadable.Describe()}. That endpoint does not speak the {serviceName} API; check the endpoint URL (a proxy, firewall or sign-in page may be answering instead).",
                        exception);

                case AmazonUnmarshallingException unmarshalling:
                {
                    string body = unmarshalling.ResponseBody ?? string.Empty;
                    HttpStatusCode? status = unmarshalling.StatusCode == 0 ? (HttpStatusCode?)null : unmarshalling.StatusCode;
                    return new AwsServiceCallException(
                        service, operation, "UnreadableResponse", unmarshalling.Message, unmarshalling.RequestId, status,
                        $"The answer to the {serviceName} {operation} call from {context.Endpoint} could not be read" +
                        (status == null ? string.Empty : $" (HTTP {(int)status.Value})") + ": " + UnreadableResponseException.Preview(body, body.Length, null) +
                        $". That endpoint does not speak the {serviceName} API; check the endpoint URL.",
                        exception);
                }

                case AmazonServiceException serviceException when serviceException.StatusCode != 0 || serviceException.ErrorCode != null:
                {
                    string code = string.IsNullOrEmpty(serviceException.ErrorCode) ? "HttpStatus" + (int)serviceException.StatusCode : serviceException.ErrorCode;
                    string serviceMessage = serviceException.Message ?? string.Empty;
                    string message = $"An error occurred ({code}) when calling the {serviceName} {operation} operation: {serviceMessage}";
                    if (AwsErrorCodes.IsExpiredToken(code))
                    {
                        message += " " + ExpiredTokenFix(context.Style);
                    }
                    else if (AwsErrorCodes.IsInvalidCredentials(code))
                    {
                        message += " " + InvalidCredentialsFix;
                    }
                    else if (AwsErrorCodes.IsThrottling(code))
                    {
                        message = $"{serviceName} throttled the {operation} call ({code}) on each of {context.MaxAttempts} attempts: {Sentence(serviceMessage)} {ThrottledFix}";
                    }

                    HttpStatusCode? status = serviceException.StatusCode == 0 ? (HttpStatusCode?)null : serviceException.StatusCode;
                    return new AwsServiceCallException(service, operation, code, serviceMessage, serviceException.RequestId, status, message, exception);
                }

                case OperationCanceledException _:
                case TimeoutException _:
                    return new AwsServiceCallException(
                        service, operation, "Timeout", exception.Message, null, null,
                        $"The {serviceName} {operation} call to {context.Endpoint} got no answer within {Seconds(context.Timeout)} on any of {context.MaxAttempts} attempt(s) " +
                        $"(timeout from {context.TimeoutDetail}, attempts from {context.MaxAttemptsDetail}). Check network access to the endpoint, " +
                        $"or allow longer with {AwsConnectionResolver.TimeoutName(context.Style)} (more attempts: AWS_MAX_ATTEMPTS or the profile's max_attempts).",
                        exception);

                case HttpRequestException _:
                case IOException _:
                case WebException _:
                    return new AwsServiceCallException(
                        service, operation, "ConnectionFailure", Innermost(exception).Message, null, null,
                        $"Could not reach {serviceName} at {context.Endpoint} for {operation}: {Sentence(Innermost(exception).Message)} Check the endpoint URL, network and proxy settings.",
                        exception);

                case ProcessAWSCredentialException process:
                    return new AwsConfigurationException(
                        $"The credential_process of {context.CredentialSourceDetail} failed, so the {serviceName} {operation} call could not be signed: " +
                        $"{Sentence(process.Message)} Run that command by hand to see what it needs (often a sign-in), or choose other credentials.",
                        AwsConfigurationProblem.CredentialProcessFailed,
                        exception);

                case AmazonClientException clientException when LooksLikeSsoTokenProblem(clientException):
                    return new AwsConfigurationException(
                        $"The IAM Identity Center (SSO) sign-in behind {context.CredentialSourceDetail} cannot give credentials for the {serviceName} {operation} call: " +
                        $"{Sentence(clientException.Message)} Sign in again with 'aws sso login' for that profile, then retry.",
                        AwsConfigurationProblem.ExpiredCredentials,
                        exception);

                case AmazonClientException clientException when LooksLikeExpiredCredentials(clientException):
                    return new AwsConfigurationException(
                        $"The credentials for the {serviceName} {operation} call could not be refreshed: {Sentence(clientException.Message)} {ExpiredTokenFix(context.Style)}",
                        AwsConfigurationProblem.ExpiredCredentials,
                        exception);

                case AmazonClientException clientException when LooksLikeMissingCredentials(clientException):
                    return new AwsConfigurationException(
                        $"No usable credentials for the {serviceName} {operation} call: {clientException.Message} " + AwsConnectionResolver.NoCredentialsFix(context.Style),
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

        private static string Seconds(TimeSpan span)
        {
            return span.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s";
        }

        private static bool LooksLikeSsoTokenProblem(AmazonClientException exception)
        {
            return (exception.Message ?? string.Empty).IndexOf("SSO Token", StringComparison.OrdinalIgnoreCase) >= 0;
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
