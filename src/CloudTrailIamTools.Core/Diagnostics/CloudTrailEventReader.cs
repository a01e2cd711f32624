using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using CloudTrailIamTools.Core.Arns;

namespace CloudTrailIamTools.Core.Diagnostics
{
    /// <summary>Reads CloudTrail event records (and JSON error bodies) into drafts.</summary>
    internal static class CloudTrailEventReader
    {
        /// <summary>eventSource host names whose IAM action prefix differs from the host's first label.</summary>
        internal static readonly Dictionary<string, string> ActionPrefixBySource = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["monitoring.amazonaws.com"] = "cloudwatch",
            ["email.amazonaws.com"] = "ses",
            ["elasticmapreduce.amazonaws.com"] = "elasticmapreduce",
            ["sso.amazonaws.com"] = "sso",
            ["signin.amazonaws.com"] = "signin",
        };

        public static bool IsEvent(JsonElement element) =>
            element.ValueKind == JsonValueKind.Object &&
            (element.TryGetProperty("eventSource", out _) || element.TryGetProperty("eventName", out _) || element.TryGetProperty("userIdentity", out _));

        /// <summary>
        /// Resolve's test, wider than the access-denied report's (<see cref="KnownErrorCodes.IsAuthorizationCode"/>): a
        /// record that failed (it has an errorCode) with an authorization code, one of CloudTrail's own prerequisite codes
        /// (NoManagementAccountSLRExistsException, InsufficientS3BucketPolicyException, ...), or any code whose message
        /// says "is not authorized to".
        /// </summary>
        public static bool IsDiagnosableFailure(JsonElement record)
        {
            string? code = GetString(record, "errorCode");
            if (code is null)
            {
                return false;
            }

            if (KnownErrorCodes.IsDiagnosable(code))
            {
                return true;
            }

            string? message = GetString(record, "errorMessage");
            return message is not null && message.IndexOf("is not authorized to ", StringComparison.Ordinal) >= 0;
        }

        /// <summary>Fills the draft from one event; the message's own facts win over the event's where both exist.</summary>
        public static void Read(JsonElement record, DiagnosisDraft draft)
        {
            string? code = GetString(record, "errorCode");
            string? message = GetString(record, "errorMessage");
            if (code is not null)
            {
                AccessDeniedMessageParser.SetErrorCode(draft, code);
            }

            if (message is not null)
            {
                draft.Message = message;
                AccessDeniedMessageParser.ParseMessage(message, draft);
            }

            draft.Operation = GetString(record, "eventName");
            draft.Region = GetString(record, "awsRegion");
            draft.EventId = GetString(record, "eventID");
            if (DateTimeOffset.TryParse(GetString(record, "eventTime"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset time))
            {
                draft.EventTime = time;
            }

            draft.Principal ??= PrincipalFromIdentity(record);
            draft.AccountId ??= draft.Principal?.AccountId ?? GetString(record, "recipientAccountId");

            if (draft.Action is null && draft.Operation is not null && GetString(record, "eventSource") is string source)
            {
                draft.Action = ActionPrefix(source) + ":" + draft.Operation;
                draft.ActionInferred = true;
            }

            draft.Resource ??= ResourceFromEvent(record);
            if (draft.Kind == DiagnosisKind.Unrecognized && code is null && message is null)
            {
                draft.UnrecognizedReason = "The CloudTrail event records a call that succeeded (it has no errorCode), so there is nothing to diagnose.";
            }
            else if (draft.Kind == DiagnosisKind.Unrecognized && !KnownErrorCodes.IsDiagnosable(code))
            {
                draft.UnrecognizedReason = "The CloudTrail event failed with " + (code ?? "an error") + ", which is not an authorization or CloudTrail prerequisite error.";
            }
        }

        /// <summary>A JSON error body: {"__type": "...", "message": "..."} (JSON protocols) or {"Code"/"Message"} shapes.</summary>
        public static bool TryReadErrorBody(JsonElement element, DiagnosisDraft draft)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            string? code = GetString(element, "__type") ?? GetString(element, "code") ?? GetString(element, "Code") ?? GetString(element, "ErrorCode");
            string? message = GetString(element, "message") ?? GetString(element, "Message") ?? GetString(element, "errorMessage");
            if (code is null && message is null)
            {
                return false;
            }

            if (code is not null)
            {
                // JSON 1.1 errors may carry a namespace: "com.amazonaws.cloudtrail#TrailNotFoundException".
                AccessDeniedMessageParser.SetErrorCode(draft, code.Substring(code.LastIndexOf('#') + 1));
            }

            if (message is not null)
            {
                draft.Message = message;
                AccessDeniedMessageParser.ParseMessage(message, draft);
            }

            return true;
        }

        private static PrincipalIdentity? PrincipalFromIdentity(JsonElement record)
        {
            if (!record.TryGetProperty("userIdentity", out JsonElement identity) || identity.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (GetString(identity, "arn") is string arn)
            {
                return PrincipalIdentity.Parse(arn);
            }

            string? type = GetString(identity, "type");
            string? account = GetString(identity, "accountId");
            switch (type)
            {
                case "Root" when account is not null:
                    return PrincipalIdentity.Parse("arn:aws:iam::" + account + ":root");
                case "AWSService":
                    return GetString(identity, "invokedBy") is string service ? PrincipalIdentity.Parse(service) : null;
                case "AWSAccount" when account is not null:
                    return PrincipalIdentity.Parse(account);
                default:
                    return null;
            }
        }

        private static string? ResourceFromEvent(JsonElement record)
        {
            if (record.TryGetProperty("resources", out JsonElement resources) && resources.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement resource in resources.EnumerateArray())
                {
                    if (GetString(resource, "ARN") is string arn)
                    {
                        return arn;
                    }
                }
            }

            // CloudTrail's own calls name the trail in requestParameters.name (an ARN or a bare name).
            if (record.TryGetProperty("requestParameters", out JsonElement parameters) && parameters.ValueKind == JsonValueKind.Object &&
                GetString(record, "eventSource") == "cloudtrail.amazonaws.com")
            {
                return GetString(parameters, "name") ?? GetString(parameters, "trailName") ?? GetString(parameters, "eventDataStore");
            }

            return null;
        }

        private static string ActionPrefix(string eventSource)
        {
            if (ActionPrefixBySource.TryGetValue(eventSource, out string? prefix))
            {
                return prefix;
            }

            int dot = eventSource.IndexOf('.');
            return dot > 0 ? eventSource.Substring(0, dot) : eventSource;
        }

        internal static string? GetString(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
                ? LenientJsonString.Read(value)
                : null;
    }
}
